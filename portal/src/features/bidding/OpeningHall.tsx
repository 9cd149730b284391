// 不见面开标大厅 (one per section): the countdown to the bid deadline, then to the end of the decryption window; the
// bidder's "解密" opens its own share in this browser and hands it over; 唱标 — each bid read out as it opens
// (bidder, price in 元, duration, commitments); once the opening is closed, the bids it rejected; 签到, 异议 and the
// opening record (each in its own panel). Bidders, the tenderee and its agency, the supervisors and the centre's staff
// watch the same hall; bidders act in it, and its host — the tenderee or agency, failing them the staff — answers.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Statistic, Table, Tag } from 'antd';
import { ApiError, chinaTime, useI18n, yuan, type SigningDevice } from '@ggzy/web';
import { remaining, useServerNow, type HallConnection, type HallViewer, type ReadOutLine } from './hall';
import { ObjectionsPanel } from './ObjectionsPanel';
import { OpeningRecordPanel } from './OpeningRecordPanel';
import { SignInPanel } from './SignInPanel';
import { decryptAndHandOver } from './seal';
import { SigningDeviceGate } from './SigningDeviceGate';

const STATUS: Record<string, [string, string, string]> = {
  before_opening: ['等待开标', 'Before the opening', 'blue'],
  decrypting: ['解密中', 'Decrypting', 'orange'],
  complete: ['开标结束', 'Opening closed', 'green'],
};
const REJECTED: Record<string, [string, string]> = {
  not_decrypted: ['未在规定时间内解密', 'not decrypted in time'],
  seal_broken: ['投标文件无法开启', 'the sealed bid does not open'],
  late: ['逾期送达', 'late'],
};

function Countdown({ label, until, now, testId }: { label: string; until: string | null; now: number; testId: string }) {
  const { t } = useI18n();
  const left = remaining(until, now);
  return (
    <Statistic title={`${label}（${chinaTime(until)}）`}
      value={left ? `${left.days ? `${left.days}${t('天', 'd')} ` : ''}${left.hms}` : t('已截止', 'Passed')}
      valueRender={(node) => <span data-testid={testId}>{node}</span>} />
  );
}

function DecryptButton({ connection, device }: { connection: HallConnection; device: SigningDevice }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hall = connection.state!;
  async function decrypt() {
    setBusy(true);
    setError(null);
    try {
      await decryptAndHandOver({ dealCode: hall.dealCode, sectionCode: hall.sectionCode, envelope: hall.myEnvelope!, device });
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space direction="vertical">
      <Button type="primary" size="large" danger loading={busy} onClick={() => void decrypt()} data-testid="decrypt">{t('解密', 'Decrypt')}</Button>
      {error && <Alert type="error" role="alert" message={error} />}
    </Space>
  );
}

export function OpeningHall({ connection, viewer }: { connection: HallConnection; viewer: HallViewer }) {
  const { t } = useI18n();
  const asBidder = viewer === 'bidder';
  const now = useServerNow(connection.offsetMs);
  const hall = connection.state;
  if (!hall) {
    return connection.ended ? <Alert type="warning" message={t('无法进入开标大厅', 'The opening hall is not open to you')} /> : <Alert type="info" message={t('正在连接开标大厅…', 'Connecting to the opening hall…')} />;
  }
  const [zh, en, color] = STATUS[hall.status] ?? [hall.status, hall.status, 'default'];
  const canDecrypt = asBidder && hall.status === 'decrypting' && !!hall.myEnvelope && !hall.decrypted && remaining(hall.decryptUntil, now) !== null;
  return (
    <Card type="inner" title={`${t('开标大厅', 'Opening hall')} · ${hall.sectionName}（${hall.sectionCode}）`} data-testid={`hall-${hall.sectionCode}`}
      extra={<Tag color={color} data-testid="hall-status">{t(zh, en)}</Tag>}>
      {connection.ended === 'session_ended' && <Alert type="warning" message={t('登录已结束，大厅不再更新', 'Your session ended; the hall no longer updates')} style={{ marginBottom: 12 }} />}
      <Space size="large" wrap>
        {hall.status === 'before_opening' && <Countdown label={t('距投标截止', 'Until the bid deadline')} until={hall.bidDeadline} now={now} testId="deadline-countdown" />}
        {hall.status === 'decrypting' && <Countdown label={t('距解密截止', 'Until decryption closes')} until={hall.decryptUntil} now={now} testId="decrypt-countdown" />}
        {hall.status === 'complete' && <Statistic title={t('投标截止时间', 'Bid deadline')} value={chinaTime(hall.bidDeadline)} />}
        {hall.bidCount !== null && <Statistic title={t('递交投标文件', 'Bids submitted')} value={hall.bidCount} />}
      </Space>
      {asBidder && hall.status !== 'before_opening' && (
        <Descriptions size="small" column={1} style={{ margin: '12px 0' }}>
          <Descriptions.Item label={t('我的投标文件', 'My bid')}>
            <span data-testid="my-decryption">{hall.decrypted ? t('已解密', 'Decrypted')
              : !hall.myEnvelope ? t('无', 'None')
                : hall.status === 'complete' ? t('未解密', 'Not decrypted') : t('待解密', 'To decrypt')}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
      {canDecrypt && <SigningDeviceGate>{(device) => <DecryptButton connection={connection} device={device} />}</SigningDeviceGate>}
      <h4 style={{ marginTop: 16 }}>{t('唱标', 'Read-out')}</h4>
      <Table size="small" rowKey="bidder" pagination={false} dataSource={hall.readOut} data-testid="read-out" scroll={{ x: true }}
        locale={{ emptyText: hall.status === 'before_opening' ? t('开标后在此唱标', 'Bids are read out here at the opening') : t('尚无投标文件解密', 'No bid decrypted yet') }}
        columns={[
          { title: t('序号', '#'), render: (_: unknown, __: ReadOutLine, i: number) => i + 1 },
          { title: t('投标人', 'Bidder'), render: (_: unknown, r: ReadOutLine) => <span>{r.name}<br /><code>{r.bidder}</code></span> },
          { title: t('投标报价', 'Price'), dataIndex: 'priceFen', render: (v: number) => <strong>{yuan(v)}</strong> },
          { title: t('工期（日历天）', 'Duration (days)'), dataIndex: 'durationDays', render: (v: number | null) => v ?? '—' },
          { title: t('承诺', 'Commitments'), dataIndex: 'commitments', render: (v: string[]) => (v.length ? v.join('；') : '—') },
          { title: t('投标文件', 'Documents'), dataIndex: 'documents', render: (v: ReadOutLine['documents']) => (v.length ? v.map((d) => d.name).join('、') : '—') },
          { title: t('解密时间', 'Decrypted'), dataIndex: 'decryptedAt', render: (v: string) => chinaTime(v) },
        ]} />
      {hall.rejected.length > 0 && (
        <Alert type="error" style={{ marginTop: 12 }} data-testid="rejected" message={t('被拒绝的投标文件', 'Bids rejected')}
          description={hall.rejected.map((r) => {
            const reason = REJECTED[r.reason];
            return <div key={r.bidder}>{r.name}（{r.bidder}）：{reason ? t(reason[0], reason[1]) : r.reason}</div>;
          })} />
      )}
      <h4 style={{ marginTop: 16 }}>{t('签到', 'Sign-in')}</h4>
      <SignInPanel hall={hall} viewer={viewer} />
      <div style={{ marginTop: 16 }}><ObjectionsPanel hall={hall} viewer={viewer} /></div>
      <div style={{ marginTop: 16 }}><OpeningRecordPanel hall={hall} viewer={viewer} /></div>
    </Card>
  );
}
