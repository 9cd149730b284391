// The opening hall watched read-only by the supervisors and the centre's staff (their regions only): the same live
// hall the bidders see, without any bidder's own part; the staff answer objections and make the record when the
// tenderee and its agency do not.
import { useParams } from 'react-router';
import { Space } from 'antd';
import { useMe } from '@ggzy/web';
import { OpeningHall } from './OpeningHall';
import { useHall } from './hall';

export function WatchHallPage() {
  const { dealCode = '', sectionCode = '' } = useParams();
  const role = useMe().data?.role;
  const connection = useHall(`/api/opening-halls/${encodeURIComponent(dealCode)}/${encodeURIComponent(sectionCode)}/events`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="watch-hall">
      {connection.state && <h2>{connection.state.title}</h2>}
      <OpeningHall connection={connection} viewer={role === 'staff' ? 'host-staff' : 'watcher'} />
    </Space>
  );
}
