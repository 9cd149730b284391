// One of the deal's steps that is the party's own — the tenderee's or agency's documents, confirming the committee's
// report, 定标, the contract: claim it and complete it through its form. What the step confirms (the committee's
// recommended candidates) is shown beside the form. The api decides whose step it is; a refusal is shown as it says.
import { lazy, Suspense, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { api, ApiError, chinaTime, roleName, useI18n, yuan, stepName } from '@ggzy/web';
import type { Candidate, PartyTask } from './types';
import { nextStepText, type TaskActionReply } from '../deal/next-step';

const SchemaForm = lazy(() => import('@ggzy/web/schema-form').then((m) => ({ default: m.SchemaForm })));

export function PartyTaskCard({ task }: { task: PartyTask }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [error, setError] = useState<ApiError | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'claim' | 'complete'; body: Record<string, unknown> }) =>
      api<TaskActionReply>(`/api/party/tasks/${action}`, { method: 'POST', body: { taskId: task.taskId, ...body } }),
    onMutate: () => setError(null),
    onSuccess: async (reply, { action }) => {
      message.success({ content: action === 'claim' ? t('已签收', 'Claimed') : `${t('已办结', 'Completed')}。${nextStepText(reply, task.taskId, t, true)}`, className: 'task-reply', duration: 8 });
      await client.invalidateQueries({ queryKey: ['party'] });
    },
    onError: (err) => setError(err instanceof ApiError ? err : new ApiError('NETWORK', String(err), 0)),
  });
  // one schema object per task: a new one on every refresh would make the form anew and lose what was typed
  // (the list keys each card by its task, so a new task gets a card of its own)
  const [schema] = useState(() => task.form ?? undefined);
  const awards = task.context?.awards ?? [];
  return (
    <Card size="small" data-testid={`party-task-${task.nodeId}`}
      title={<Space>{stepName(task, task.nodeId, t)}{task.assignee ? <Tag>{t('已签收', 'Claimed')}</Tag> : <Tag color="blue">{t('待签收', 'Unclaimed')}</Tag>}</Space>}>
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} items={[
        { key: 'role', label: t('办理身份', 'As'), children: roleName(task.candidateRole, t) },
        { key: 'opened', label: t('到达时间', 'Opened'), children: chinaTime(task.openedAt) },
        ...(task.dueAt ? [{ key: 'due', label: t('办理时限', 'Due'), children: chinaTime(task.dueAt) }] : []),
      ]} />
      {awards.length > 0 && (
        <Table size="small" rowKey="sectionCode" pagination={false} dataSource={awards} data-testid="report-candidates" style={{ margin: '8px 0' }}
          title={() => t('评标委员会推荐的第一中标候选人', 'The committee\'s first candidates')}
          columns={[
            { title: t('标段', 'Section'), dataIndex: 'sectionCode' },
            { title: t('第一中标候选人', 'First candidate'), dataIndex: 'winner', render: (code: string, a: Candidate) => <span>{a.winnerName ?? ''}<br /><code>{code}</code></span> },
            { title: t('投标报价（开标记录）', 'Bid price (as opened)'), dataIndex: 'priceFen', render: (v: number | undefined, a: Candidate) => {
              const price = v ?? a.openedPriceFen ?? null;
              return price === null ? '—' : yuan(price);
            } },
          ]} />
      )}
      {task.context?.reportSha256 && <p>{t('评标报告 SHA-256', 'Report SHA-256')}：<code>{task.context.reportSha256}</code></p>}
      {error && <Alert type="error" role="alert" data-testid="party-task-error" showIcon message={error.message}
        description={error.details.length ? error.details.map((d) => `${d.path}: ${d.message}`).join('；') : undefined} style={{ margin: '8px 0' }} />}
      {!task.assignee && (
        <Button style={{ marginBottom: 8 }} onClick={() => act.mutate({ action: 'claim', body: {} })} loading={act.isPending} data-testid="party-task-claim">{t('签收', 'Claim')}</Button>
      )}
      {schema ? (
        <Suspense fallback={<Spin />}>
          <SchemaForm key={task.taskId} schema={schema} name={task.formKey ?? undefined} submitText={t('提交办结', 'Submit and complete')}
            onSubmit={(data) => act.mutateAsync({ action: 'complete', body: { data } }).catch(() => undefined)} />
        </Suspense>
      ) : (
        <Button type="primary" onClick={() => act.mutate({ action: 'complete', body: { data: {} } })} loading={act.isPending}>{t('办结', 'Complete')}</Button>
      )}
    </Card>
  );
}
