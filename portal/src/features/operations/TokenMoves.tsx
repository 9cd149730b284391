// Moving a deal's token (four eyes): the system administrator asks, with a reason, to move a token from the step
// where it waits to another step of the same kind — the deal checks the move at once and says why not — and a
// supervisor of the deal confirms or declines it; the one who asked may cancel it while pending.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, chinaTime, useI18n, type Me } from '@ggzy/web';

interface Move {
  id: number; workflowId: string; dealCode: string | null; fromNodeId: string; toNodeId: string; reason: string; requestedBy: string; requestedAt: string;
  status: 'pending' | 'moved' | 'refused' | 'declined' | 'cancelled'; decidedBy: string | null; decidedAt: string | null; problems: Array<{ message: string }>;
}

const STATUS: Record<Move['status'], [string, string, string]> = {
  pending: ['待确认', 'Pending', 'gold'], moved: ['已移动', 'Moved', 'green'], refused: ['交易拒绝', 'Refused by the deal', 'red'],
  declined: ['监管未同意', 'Declined', 'default'], cancelled: ['已撤销', 'Cancelled', 'default'],
};

const errorText = (err: unknown, t: (zh: string, en: string) => string) => (err instanceof ApiError
  ? [err.message, ...(err.details ?? []).map((d) => d.message)].join('；')
  : t('网络错误，请重试', 'Network error, please retry'));

/** The administrator's request: which deal, from which step to which, and why. */
export function AskMove({ workflowId, fromNodeId, onDone }: { workflowId?: string; fromNodeId?: string; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  async function submit(values: { workflowId: string; fromNodeId: string; toNodeId: string; reason: string }) {
    setBusy(true);
    setRefusal(null);
    try {
      await api(`/api/process-instances/${encodeURIComponent(values.workflowId.trim())}/token-moves`, {
        method: 'POST', body: { fromNodeId: values.fromNodeId.trim(), toNodeId: values.toNodeId.trim(), reason: values.reason.trim() },
      });
      void message.success(t('已提交，待该交易的监管人员确认', 'Asked: a supervisor of the deal confirms it'));
      setOpen(false);
      onDone();
    } catch (err) {
      setRefusal(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="ask-move">{t('移动令牌', 'Move a token')}</Button>
      <Modal open={open} destroyOnClose footer={null} onCancel={() => setOpen(false)} title={t('移动令牌（须监管人员确认）', 'Move a token (a supervisor confirms)')}>
        <Form layout="vertical" onFinish={submit} initialValues={{ workflowId, fromNodeId }}>
          <Form.Item label={t('流程实例', 'Process instance')} name="workflowId" rules={[{ required: true, whitespace: true }]}><Input placeholder="deal-990100-2026-JS-00001" /></Form.Item>
          <Form.Item label={t('从环节（令牌所在环节编号）', 'From the step (where the token waits)')} name="fromNodeId" rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
          <Form.Item label={t('到环节（同类环节编号）', 'To the step (of the same kind)')} name="toNodeId" rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
          <Form.Item label={t('原因', 'Reason')} name="reason" rules={[{ required: true, min: 2, max: 1000, whitespace: true, message: t('请填写原因', 'Give the reason') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          {refusal && <Alert type="error" showIcon message={refusal} style={{ marginBottom: 12 }} data-testid="move-refused" />}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="move-submit">{t('提交', 'Ask')}</Button>
        </Form>
      </Modal>
    </>
  );
}

export function TokenMoves({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['token-moves'], queryFn: () => api<{ items: Move[] }>('/api/operations/token-moves?limit=100'), refetchInterval: 15_000 });
  const refresh = () => void client.invalidateQueries({ queryKey: ['token-moves'] });
  async function act(move: Move, path: string, body: Record<string, unknown>) {
    try {
      const done = await api<Move>(`/api/operations/token-moves/${move.id}/${path}`, { method: 'POST', body });
      void message.success(t(STATUS[done.status][0], STATUS[done.status][1]));
    } catch (err) {
      void message.error(errorText(err, t));
    }
    refresh();
  }
  return (
    <Card title={t('令牌移动', 'Token moves')} data-testid="token-moves" extra={me.role === 'admin' && <AskMove onDone={refresh} />}>
      {list.isError && <Alert type="error" message={(list.error as Error).message} />}
      <Table size="small" rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 10 }} scroll={{ x: true }}
        columns={[
          { title: t('交易', 'Deal'), dataIndex: 'dealCode', render: (c: string | null, m: Move) => <Typography.Text code>{c ?? m.workflowId}</Typography.Text> },
          { title: t('移动', 'Move'), key: 'move', render: (_: unknown, m: Move) => <span><code>{m.fromNodeId}</code> → <code>{m.toNodeId}</code></span> },
          { title: t('原因', 'Reason'), dataIndex: 'reason' },
          { title: t('申请', 'Asked'), key: 'asked', render: (_: unknown, m: Move) => `${m.requestedBy} · ${chinaTime(m.requestedAt)}` },
          { title: t('状态', 'Status'), key: 'status', render: (_: unknown, m: Move) => (
            <Space direction="vertical" size={0}>
              <Tag color={STATUS[m.status][2]}>{t(STATUS[m.status][0], STATUS[m.status][1])}</Tag>
              {m.decidedBy && <Typography.Text type="secondary">{m.decidedBy} · {chinaTime(m.decidedAt!)}</Typography.Text>}
              {m.problems.map((p, i) => <Typography.Text key={i} type="danger">{p.message}</Typography.Text>)}
            </Space>
          ) },
          { title: '', key: 'act', render: (_: unknown, m: Move) => m.status === 'pending' && (
            <Space>
              {me.role === 'supervisor' && m.requestedBy !== me.username && <>
                <Button size="small" type="primary" data-testid={`confirm-move-${m.id}`} onClick={() => void act(m, 'decision', { decision: 'confirm' })}>{t('确认移动', 'Confirm')}</Button>
                <Button size="small" data-testid={`decline-move-${m.id}`} onClick={() => void act(m, 'decision', { decision: 'decline' })}>{t('不同意', 'Decline')}</Button>
              </>}
              {me.role === 'admin' && m.requestedBy === me.username && <Button size="small" onClick={() => void act(m, 'cancel', {})}>{t('撤销', 'Cancel')}</Button>}
            </Space>
          ) },
        ]} />
    </Card>
  );
}
