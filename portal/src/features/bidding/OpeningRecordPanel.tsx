// 开标记录 in the hall: once the opening is closed the host makes the record; then everyone in the hall sees it — read
// from its canonical JSON, whose SHA-256 this browser checks against the hall's — with a link to the printable
// document, and who has confirmed it. A bidder whose bid is in it confirms it by signing that SHA-256 here.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Space, Table, Tag } from 'antd';
import { api, ApiError, chinaTime, useI18n, useMe, yuan } from '@ggzy/web';
import type { RecordBid } from '@ggzy/domain/opening-hall';
import { hallBase, type HallState, type HallViewer } from './hall';
import { confirmRecord, fetchRecord } from './hall-acts';
import { SigningDeviceGate } from './SigningDeviceGate';

const REJECTED: Record<string, [string, string]> = {
  not_decrypted: ['未在规定时间内解密，投标被拒绝', 'not decrypted in time: rejected'], seal_broken: ['投标文件无法开启', 'the sealed bid does not open'], late: ['逾期送达', 'late'],
};

function MakeRecord({ base }: { base: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requestId] = useState(() => crypto.randomUUID());
  return (
    <Space direction="vertical">
      <Button type="primary" loading={busy} data-testid="make-record" onClick={() => {
        setBusy(true);
        setError(null);
        api(`${base}/record`, { method: 'POST', body: { requestId } })
          .catch((err: unknown) => setError(err instanceof ApiError || err instanceof Error ? err.message : String(err)))
          .finally(() => setBusy(false));
      }}>{t('结束开标，形成开标记录', 'Close the opening and make the record')}</Button>
      {error && <Alert type="error" role="alert" message={error} />}
    </Space>
  );
}

export function OpeningRecordPanel({ hall, viewer }: { hall: HallState; viewer: HallViewer }) {
  const { t } = useI18n();
  const me = useMe().data;
  const base = hallBase(viewer, hall.dealCode, hall.sectionCode);
  const record = hall.record;
  const document = useQuery({
    queryKey: ['opening-record', base, record?.recordSha256], enabled: !!record, staleTime: Infinity, retry: 1,
    queryFn: () => fetchRecord(`${base}/record`, record!.recordSha256),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!record) {
    if (hall.stage !== 'complete') return null;
    return viewer === 'host-party' || viewer === 'host-staff'
      ? <MakeRecord base={base} />
      : <Alert type="info" message={t('开标结束，待招标人形成开标记录', 'The opening is closed; the tenderee makes the record')} />;
  }
  const bidder = me?.party?.creditCode;
  const confirmed = record.confirmations.some((c) => c.bidder === bidder);
  return (
    <Card size="small" type="inner" title={t('开标记录', 'Opening record')} data-testid="opening-record"
      extra={<a href={`${base}/record?format=html`} target="_blank" rel="noreferrer" data-testid="record-document">{t('打印版', 'Printable document')}</a>}>
      <p>{t('记录摘要 (SHA-256)', 'Record hash (SHA-256)')}：<code data-testid="record-sha256">{record.recordSha256}</code>（{chinaTime(record.issuedAt)}）</p>
      {document.data === null && <Alert type="error" role="alert" message={t('开标记录与其摘要不符，请勿确认', 'The record does not match its hash: do not confirm it')} />}
      {document.data && (
        <Table size="small" rowKey="lineNo" pagination={false} dataSource={document.data.bids} data-testid="record-bids" scroll={{ x: true }}
          columns={[
            { title: t('序号', '#'), dataIndex: 'lineNo' },
            { title: t('投标人', 'Bidder'), render: (_: unknown, b: RecordBid) => <span>{b.name}<br /><code>{b.bidder}</code></span> },
            { title: t('投标报价', 'Price'), render: (_: unknown, b: RecordBid) => (b.status === 'opened' ? <strong>{yuan(b.priceFen)}</strong> : <Tag color="red">{t(...(REJECTED[b.rejectedBecause ?? ''] ?? [b.rejectedBecause ?? '', b.rejectedBecause ?? '']))}</Tag>) },
            { title: t('工期（日历天）', 'Duration (days)'), dataIndex: 'durationDays', render: (v: number | null) => v ?? '—' },
          ]} />
      )}
      <h4 style={{ marginTop: 12 }}>{t('投标人确认', 'Confirmed by the bidders')}</h4>
      <List size="small" dataSource={record.confirmations} data-testid="record-confirmations" locale={{ emptyText: t('尚无投标人确认', 'No bidder has confirmed yet') }}
        renderItem={(c) => <List.Item>{c.name}（{c.person}）· {t('已签名确认', 'signed')} {chinaTime(c.confirmedAt)}</List.Item>} />
      {viewer === 'bidder' && hall.inRecord && bidder && !confirmed && document.data && (
        <SigningDeviceGate>{(device) => (
          <Button type="primary" loading={busy} data-testid="confirm-record" style={{ marginTop: 8 }} onClick={() => {
            setBusy(true);
            setError(null);
            confirmRecord(base, { dealCode: hall.dealCode, sectionCode: hall.sectionCode, bidder, recordSha256: record.recordSha256, device })
              .catch((err: unknown) => setError(err instanceof ApiError || err instanceof Error ? err.message : String(err)))
              .finally(() => setBusy(false));
          }}>{t('数字证书签名确认开标记录', 'Confirm the record with my certificate')}</Button>
        )}</SigningDeviceGate>
      )}
      {viewer === 'bidder' && confirmed && <Tag color="green" data-testid="my-confirmation">{t('我已确认', 'I confirmed it')}</Tag>}
      {error && <Alert type="error" role="alert" message={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}
