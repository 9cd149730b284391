// The supervisor's directives to a running deal: suspend, resume, terminate, order rectification (deadline + reason).
// A termination has four eyes: it waits until a second supervisor confirms it here, unless the supervisor who issues
// it gives a fresh code of its authenticator with it.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { isLifecycleEnded } from '@ggzy/workflows/contracts';
import { api, ApiError, useI18n, type Me } from '@ggzy/web';
import type { Lifecycle } from '../../types';

type Kind = 'suspend' | 'resume' | 'terminate' | 'rectify' | 'accept-rectification';

function newDirectiveId(): string {
  return `dir-${crypto.randomUUID()}`;
}

/** A fresh form for each directive: the reason, and for rectification its deadline in working days. */
interface TerminationRequest { directiveId: string; reason: string; requestedBy: string; requestedAt: string; status: 'pending' | 'confirmed' | 'lapsed' }

function DirectiveForm({ kind, busy, error, withCode, onIssue, onCancel }: {
  kind: Kind; busy: boolean; error: string | null; withCode: boolean; onIssue(directiveId: string, reason: string, deadline?: string, code?: string): void; onCancel(): void;
}) {
  const { t } = useI18n();
  // one id per directive the supervisor means to give: pressing again (a lost answer, a double click) repeats it, never
  // issues a second one
  const [directiveId] = useState(newDirectiveId);
  return (
    <Form layout="vertical" initialValues={{ deadlineAmount: 5, deadlineUnit: 'D' }}
      onFinish={(v: { reason: string; deadlineAmount?: number; deadlineUnit?: string; code?: string }) =>
        onIssue(directiveId, v.reason.trim(), kind === 'rectify' ? `P${v.deadlineAmount}${v.deadlineUnit}` : undefined, v.code?.trim() || undefined)}>
      <Form.Item name="reason" label={t('理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请填写理由', 'Give a reason') }]}>
        <Input.TextArea maxLength={1000} rows={3} aria-label={t('理由', 'Reason')} />
      </Form.Item>
      {kind === 'rectify' && (
        <Form.Item label={t('整改期限（工作日）', 'Deadline (working days)')}>
          <Space.Compact>
            <Form.Item name="deadlineAmount" noStyle rules={[{ required: true }]}><InputNumber min={1} max={365} precision={0} aria-label={t('期限', 'Deadline')} /></Form.Item>
            <Form.Item name="deadlineUnit" noStyle><Select style={{ width: 90 }} options={[{ value: 'D', label: t('天', 'days') }, { value: 'W', label: t('周', 'weeks') }]} /></Form.Item>
          </Space.Compact>
        </Form.Item>
      )}
      {kind === 'terminate' && (
        <Alert type="warning" style={{ marginBottom: 12 }} message={withCode
          ? t('终止须经另一名监管人员确认后生效；如输入您身份验证器上的动态验证码，则立即生效。', 'A termination takes effect once a second supervisor confirms it; with a code from your authenticator it takes effect now.')
          : t('终止须经另一名监管人员确认后生效。', 'A termination takes effect once a second supervisor confirms it.')} />
      )}
      {kind === 'terminate' && withCode && (
        <Form.Item name="code" label={t('动态验证码（可选）', 'Authenticator code (optional)')} rules={[{ pattern: /^\d{6}$/, message: t('6位数字', 'six digits') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="123456" data-testid="terminate-code" />
        </Form.Item>
      )}
      {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 12 }} />}
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('取消', 'Cancel')}</Button>
        <Button id="directive-confirm" type="primary" htmlType="submit" loading={busy}>{t('下达', 'Issue')}</Button>
      </Space>
    </Form>
  );
}

export function DirectivePanel({ workflowId, lifecycle, me }: { workflowId: string; lifecycle: Lifecycle; me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const issue = useMutation({
    mutationFn: (body: { kind: Kind; reason: string; deadline?: string; directiveId: string; secondFactorCode?: string }) =>
      api<{ lifecycle: Lifecycle; applied: boolean; awaitingConfirmation?: boolean }>(`/api/process-instances/${encodeURIComponent(workflowId)}/directives`, { method: 'POST', body }),
    onMutate: () => setError(null),
    onSuccess: async (reply) => {
      message.success(reply.awaitingConfirmation ? t('终止指令已提交，等待另一名监管人员确认', 'The termination awaits a second supervisor\'s confirmation')
        : reply.applied ? t('监管指令已生效', 'The directive took effect') : t('该指令此前已执行', 'The directive had already been applied'));
      setKind(null);
      await client.invalidateQueries({ queryKey: ['deal', workflowId] });
      await client.invalidateQueries({ queryKey: ['termination-requests', workflowId] });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : String(err)),
  });
  const ended = isLifecycleEnded(lifecycle);
  const requests = useQuery({
    queryKey: ['termination-requests', workflowId],
    queryFn: () => api<{ items: TerminationRequest[] }>(`/api/process-instances/${encodeURIComponent(workflowId)}/termination-requests`),
    enabled: !ended,
  });
  const waiting = (requests.data?.items ?? []).filter((r) => r.status === 'pending');
  const confirm = useMutation({
    mutationFn: (directiveId: string) => api<{ lifecycle: Lifecycle }>(`/api/process-instances/${encodeURIComponent(workflowId)}/termination-confirmations`, { method: 'POST', body: { directiveId } }),
    onSuccess: async () => {
      message.success(t('已确认，交易已终止', 'Confirmed: the deal is terminated'));
      await client.invalidateQueries({ queryKey: ['deal', workflowId] });
      await client.invalidateQueries({ queryKey: ['termination-requests', workflowId] });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)),
  });
  const titles: Record<Kind, string> = {
    suspend: t('暂停交易', 'Suspend'), resume: t('恢复交易', 'Resume'), terminate: t('终止交易', 'Terminate'),
    rectify: t('责令整改', 'Order rectification'), 'accept-rectification': t('整改验收通过', 'Accept rectification'),
  };
  const allowed: Kind[] = ended ? [] : lifecycle === 'suspended' ? ['resume', 'terminate'] : lifecycle === 'rectifying' ? ['accept-rectification', 'terminate'] : ['suspend', 'rectify', 'terminate'];
  return (
    <Card size="small" title={t('监管指令', 'Directives')} data-testid="directives">
      {ended ? <Alert type="info" message={t('交易已结束，不能再下达指令。', 'The deal has ended.')} /> : (
        <Space wrap>
          {allowed.filter((k) => k !== 'terminate' || waiting.length === 0).map((k) => <Button key={k} danger={k === 'terminate'} type={k === 'resume' ? 'primary' : 'default'} onClick={() => { setKind(k); setError(null); }}>{titles[k]}</Button>)}
        </Space>
      )}
      {!ended && waiting.map((r) => (
        <Alert key={r.directiveId} type="warning" style={{ marginTop: 12 }} data-testid="termination-waiting"
          message={t(`${r.requestedBy} 已下达终止指令，等待另一名监管人员确认`, `${r.requestedBy} issued a termination; it awaits a second supervisor`)}
          description={`${t('理由', 'Reason')}：${r.reason}`}
          action={r.requestedBy !== me.username && (
            <Button danger size="small" loading={confirm.isPending} data-testid="confirm-termination" onClick={() => confirm.mutate(r.directiveId)}>{t('确认终止', 'Confirm termination')}</Button>
          )} />
      ))}
      <Modal open={kind !== null} title={kind ? titles[kind] : ''} footer={null} onCancel={() => setKind(null)} destroyOnHidden>
        {kind && <DirectiveForm kind={kind} busy={issue.isPending} error={error} withCode={!!me.secondFactor} onCancel={() => setKind(null)}
          onIssue={(directiveId, reason, deadline, code) => issue.mutate({ kind, reason, directiveId, ...(deadline ? { deadline } : {}), ...(code ? { secondFactorCode: code } : {}) })} />}
      </Modal>
    </Card>
  );
}
