// The deal page's part for a registered bidder, one block per section it registered for: the bid (sealed and sent
// from this browser) while bidding is open, and the section's opening hall, live from the api's event stream; for the
// tenderee or its agency, each section's hall as its host.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Space } from 'antd';
import { useI18n, useMe } from '@ggzy/web';
import { BidPanel } from './BidPanel';
import { OpeningHall } from './OpeningHall';
import { SigningDeviceGate } from './SigningDeviceGate';
import { remaining, useHall, useServerNow } from './hall';

export interface BiddingSection { sectionCode: string; name: string }

function SectionBids({ dealCode, section, bidder }: { dealCode: string; section: BiddingSection; bidder: string }) {
  const { t } = useI18n();
  const connection = useHall(`/api/party/deals/${encodeURIComponent(dealCode)}/sections/${encodeURIComponent(section.sectionCode)}/opening/events`);
  const now = useServerNow(connection.offsetMs);
  const hall = connection.state;
  const client = useQueryClient();
  const status = hall?.status;
  useEffect(() => {
    // the deal page (open for bidding, registration status, receipts) follows the hall's turns
    if (status && status !== 'before_opening') void client.invalidateQueries({ queryKey: ['party'] });
  }, [status, client]);
  const bidding = hall?.status === 'before_opening' && remaining(hall.bidDeadline, now) !== null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`section-bids-${section.sectionCode}`}>
      <h3>{section.name}（{section.sectionCode}）</h3>
      {bidding && (
        <SigningDeviceGate>{(device) => <BidPanel dealCode={dealCode} sectionCode={section.sectionCode} bidder={bidder} device={device} hall={hall} />}</SigningDeviceGate>
      )}
      {hall && !bidding && hall.status === 'before_opening' && <Alert type="warning" message={t('投标已截止，等待开标', 'Bidding has closed; waiting for the opening')} />}
      <OpeningHall connection={connection} viewer="bidder" />
    </Space>
  );
}

/** The tenderee's or agency's hall for a section: it hosts it (answers objections, makes the record). */
function HostedHall({ dealCode, section }: { dealCode: string; section: BiddingSection }) {
  const connection = useHall(`/api/party/deals/${encodeURIComponent(dealCode)}/sections/${encodeURIComponent(section.sectionCode)}/opening/events`);
  return <OpeningHall connection={connection} viewer="host-party" />;
}

export function BidsAndOpening({ dealCode, sections, hosted = [] }: { dealCode: string; sections: BiddingSection[]; hosted?: BiddingSection[] }) {
  const { t } = useI18n();
  const bidder = useMe().data?.party?.creditCode;
  if (hosted.length > 0) {
    return <Space direction="vertical" style={{ width: '100%' }} size="large">{hosted.map((s) => <HostedHall key={s.sectionCode} dealCode={dealCode} section={s} />)}</Space>;
  }
  if (!bidder || sections.length === 0) return <Alert type="info" message={t('报名后可在此加密递交投标文件，并进入开标大厅。', 'Once registered, you seal and submit your bid here and enter the opening hall.')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {sections.map((s) => <SectionBids key={s.sectionCode} dealCode={dealCode} section={s} bidder={bidder} />)}
    </Space>
  );
}
