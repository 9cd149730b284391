// The opening hall watched read-only by the supervisors and the centre's staff (their regions only): the same live
// hall the bidders see, without any bidder's own part.
import { useParams } from 'react-router';
import { Space } from 'antd';
import { OpeningHall } from './OpeningHall';
import { useHall } from './hall';

export function WatchHallPage() {
  const { dealCode = '', sectionCode = '' } = useParams();
  const connection = useHall(`/api/opening-halls/${encodeURIComponent(dealCode)}/${encodeURIComponent(sectionCode)}/events`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="watch-hall">
      {connection.state && <h2>{connection.state.title}</h2>}
      <OpeningHall connection={connection} asBidder={false} />
    </Space>
  );
}
