// 异议 in the hall: a bidder raises one from the opening until the record is made; the host — the tenderee or its
// agency, or the centre's staff — answers it there. Everyone in the hall sees both as they happen (the hall's stream).
import { useState } from 'react';
import { Alert, Button, Input, List, Space, Tag } from 'antd';
import { api, ApiError, chinaTime, useI18n } from '@ggzy/web';
import { hallBase, type HallState, type HallViewer, type Objection } from './hall';

const BY: Record<string, [string, string]> = { tenderee: ['招标人', 'Tenderee'], agency: ['招标代理机构', 'Agency'], staff: ['交易中心', 'Trading centre'] };

function useAct() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(work: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

function AnswerForm({ base, objection }: { base: string; objection: Objection }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const act = useAct();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid={`answer-text-${objection.id}`} placeholder={t('当场答复', 'Answer here and now')} />
      <Button type="primary" size="small" disabled={!text.trim()} loading={act.busy} data-testid={`answer-objection-${objection.id}`}
        onClick={() => void act.run(() => api(`${base}/objections/${objection.id}/answer`, { method: 'POST', body: { answer: text.trim() } }))}>{t('答复', 'Answer')}</Button>
      {act.error && <Alert type="error" role="alert" message={act.error} />}
    </Space>
  );
}

export function ObjectionsPanel({ hall, viewer }: { hall: HallState; viewer: HallViewer }) {
  const { t } = useI18n();
  const base = hallBase(viewer, hall.dealCode, hall.sectionCode);
  const [text, setText] = useState('');
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const act = useAct();
  const hosting = viewer === 'host-party' || viewer === 'host-staff';
  if (hall.stage === 'before_opening') return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="hall-objections">
      <h4>{t('异议与答复', 'Objections and answers')}</h4>
      <List size="small" bordered dataSource={hall.objections} locale={{ emptyText: t('暂无异议', 'No objection') }}
        renderItem={(o) => {
          const by = o.answeredByRole ? BY[o.answeredByRole] : undefined;
          return (
            <List.Item data-testid={`objection-${o.id}`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <span><Tag color="orange">{t('异议', 'Objection')}</Tag>{o.name}（{chinaTime(o.raisedAt)}）：<span data-testid="objection-text-shown">{o.text}</span></span>
                {o.answer
                  ? <span><Tag color="green">{t('答复', 'Answer')}</Tag>{by ? t(by[0], by[1]) : o.answeredByRole} {o.answeredByName}（{chinaTime(o.answeredAt)}）：<span data-testid="objection-answer-shown">{o.answer}</span></span>
                  : hosting && hall.objectionsOpen ? <AnswerForm base={base} objection={o} /> : <Tag>{t('待答复', 'Awaiting the answer')}</Tag>}
              </Space>
            </List.Item>
          );
        }} />
      {viewer === 'bidder' && hall.objectionsOpen && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="objection-text" placeholder={t('对开标有异议的，请在此当场提出', 'An objection to the opening is raised here, now')} />
          <Button danger disabled={text.trim().length < 2} loading={act.busy} data-testid="raise-objection" onClick={() => {
            void act.run(() => api(`${base}/objections`, { method: 'POST', body: { requestId, text: text.trim() } })).then((done) => {
              if (!done) return;
              setText('');
              setRequestId(crypto.randomUUID());
            });
          }}>{t('提出异议', 'Raise an objection')}</Button>
          {act.error && <Alert type="error" role="alert" message={act.error} />}
        </Space>
      )}
    </Space>
  );
}
