// 顺延: the moves of the deal's bid deadline (its opening time) — why, from when to when, and whether the deal's
// procedure has taken each — and, for the centre's staff while bidding is open, moving it later at the organiser's
// request. The platform refuses a date that is not later, not lawful after a late clarification, or not a working day.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Space, Table, Tag, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, ApiError, DayPicker, chinaTime, useI18n } from '@ggzy/web';

interface Postponement {
  id: number; from: string; to: string; cause: 'late-clarification' | 'late-amendment' | 'requested' | 'calendar'; reason: string; requestedBy: string;
  noticeId: number | null; createdAt: string; workflowStatus: 'pending' | 'applied' | 'no-date' | 'not-running';
}

const CAUSES: Record<Postponement['cause'], [string, string]> = {
  'late-clarification': ['澄清晚于截止前15日（依法顺延）', 'Late clarification (by law)'],
  'late-amendment': ['修改晚于截止前15日（依法顺延）', 'Late amendment (by law)'],
  requested: ['招标人申请', 'At the organiser\'s request'],
  calendar: ['工作日历调整', 'Calendar change'],
};
const STATUSES: Record<Postponement['workflowStatus'], [string, string, string]> = {
  pending: ['流程待同步', 'Procedure not told yet', 'processing'],
  applied: ['流程已随之顺延', 'Procedure follows', 'success'],
  'no-date': ['流程无开标时间', 'Procedure has no opening time', 'default'],
  'not-running': ['流程未运行', 'Procedure not running', 'default'],
};

/** The China-time day and clock of an instant. */
const chinaParts = (iso: string) => {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return { day: local.slice(0, 10), time: local.slice(11, 16) };
};

export function PostponementPanel({ workflowId, canMove, bidDeadline }: { workflowId: string; canMove: boolean; bidDeadline: string | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const path = `/api/process-instances/${encodeURIComponent(workflowId)}/postponements`;
  const moves = useQuery({ queryKey: ['deal', workflowId, 'postponements'], queryFn: () => api<{ items: Postponement[] }>(path), refetchInterval: 5000 });
  const current = moves.data?.items.at(-1)?.to ?? bidDeadline;
  const [day, setDay] = useState('');
  const [time, setTime] = useState(current ? chinaParts(current).time : '09:30');
  const [reason, setReason] = useState('');
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const move = useMutation({
    mutationFn: () => api<Postponement>(path, { method: 'POST', body: { bidDeadline: `${day}T${time}:00+08:00`, reason, requestId } }),
    onSuccess: async (p) => {
      message.success(t(`投标截止时间已顺延至 ${chinaTime(p.to)}`, `The bid deadline moved to ${chinaTime(p.to)}`));
      setDay('');
      setReason('');
      setRequestId(crypto.randomUUID());
      await client.invalidateQueries({ queryKey: ['deal', workflowId] });
    },
  });
  const items = moves.data?.items ?? [];
  if (!canMove && items.length === 0) return null;
  const error = move.error instanceof ApiError ? move.error : null;
  return (
    <Card size="small" title={t('投标截止时间顺延', 'Bid deadline postponements')} data-testid="postponements">
      {current && <Typography.Paragraph>{t('当前投标截止时间（开标时间）：', 'Current bid deadline (opening): ')}<b data-testid="current-deadline">{chinaTime(current)}</b></Typography.Paragraph>}
      {items.length > 0 && (
        <Table size="small" rowKey="id" pagination={false} dataSource={items} scroll={{ x: true }} data-testid="postponement-list"
          columns={[
            { title: t('原截止时间', 'From'), dataIndex: 'from', render: (d: string) => chinaTime(d) },
            { title: t('顺延至', 'To'), dataIndex: 'to', render: (d: string) => chinaTime(d) },
            { title: t('原因', 'Why'), key: 'why', render: (_: unknown, p: Postponement) => <>{t(...CAUSES[p.cause])}<br /><Typography.Text type="secondary">{p.reason}</Typography.Text></> },
            { title: t('流程', 'Procedure'), dataIndex: 'workflowStatus', render: (s: Postponement['workflowStatus']) => <Tag color={STATUSES[s][2]} data-status={s}>{t(STATUSES[s][0], STATUSES[s][1])}</Tag> },
          ]} />
      )}
      {canMove && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Space wrap>
            <span data-testid="postpone-day"><DayPicker value={day} onChange={setDay} min={current ? chinaParts(current).day : undefined} /></span>
            <span data-testid="postpone-time">
              <TimePicker format="HH:mm" value={dayjs(`2000-01-01T${time}`)} allowClear={false} needConfirm={false} minuteStep={5} onChange={(v) => v && setTime(v.format('HH:mm'))} />
            </span>
          </Space>
          <Input.TextArea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="postpone-reason"
            placeholder={t('顺延原因（将写入变更公告）', 'Why (it goes into the change notice)')} />
          {error && <Alert type="error" showIcon data-testid="postpone-error" data-code={error.code} message={error.message} />}
          <Button type="primary" disabled={!day || reason.trim().length < 2} loading={move.isPending} onClick={() => move.mutate()} data-testid="postpone-submit">
            {t('顺延并发布变更公告', 'Postpone and publish the change notice')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
