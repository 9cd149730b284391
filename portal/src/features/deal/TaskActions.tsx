// An open task of the deal: claim it, complete it through its form, hand it to a colleague, add a signer, or return it.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Radio, Select, Space, Spin, Tag } from 'antd';
import { api, ApiError, useI18n, type Me, chinaTime, roleName, stepName } from '@ggzy/web';
import type { DefinitionVersion, TaskView } from '../../types';
import { nextStepText, type TaskActionReply } from './next-step';

// formily and its components load with the first task form, not with every page
const SchemaForm = lazy(() => import('@ggzy/web/schema-form').then((m) => ({ default: m.SchemaForm })));

/** A task without a deployed form that still needs fields (e.g. the rectification report): one text box each. */
function fieldsForm(fields: string[], t: (zh: string, en: string) => string): Record<string, unknown> | undefined {
  if (!fields.length) return undefined;
  const titles: Record<string, [string, string]> = { report: ['整改报告', 'Rectification report'] };
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f, {
      type: 'string', required: true, 'x-component': 'TextArea', title: titles[f] ? t(titles[f][0], titles[f][1]) : f,
    }])),
  };
}

/** A form by the title its schema gives (its key only when it has none). */
function formTitle(definition: DefinitionVersion | undefined, formKey: string): string {
  const title = definition?.forms[formKey]?.title;
  return typeof title === 'string' && title.trim() ? title : formKey;
}

export function TaskActions({ me, workflowId, regionCode, task, definition, visited, suspended }: {
  me: Me; workflowId: string; regionCode: string; task: TaskView; definition: DefinitionVersion | undefined; visited: string[]; suspended: boolean;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [error, setError] = useState<ApiError | null>(null);
  const [returning, setReturning] = useState(false);
  const [target, setTarget] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const [delegating, setDelegating] = useState(false);
  const [delegateTo, setDelegateTo] = useState('');
  const [signing, setSigning] = useState(false);
  const [signer, setSigner] = useState({ username: '', mode: 'after' as 'before' | 'after' | 'parallel', reason: '' });
  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body: Record<string, unknown> }) =>
      api<TaskActionReply>(`/api/process-instances/${encodeURIComponent(workflowId)}/tasks/${action}`, { method: 'POST', body: { taskId: task.taskId, ...body } }),
    onMutate: () => setError(null),
    onSuccess: async (reply, { action }) => {
      const done = { complete: t('已办结', 'Completed'), claim: t('已签收', 'Claimed'), return: t('已退回', 'Returned'), delegate: t('已转办', 'Delegated'), 'add-signer': t('已加签', 'Signer added') }[action] ?? t('完成', 'Done');
      message.success({ content: action === 'complete' ? `${done}。${nextStepText(reply, task.taskId, t)}` : done, className: 'task-reply', duration: 8 });
      await client.invalidateQueries({ queryKey: ['deal', workflowId] });
      await client.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (err) => setError(err instanceof ApiError ? err : new ApiError('NETWORK', String(err), 0)),
  });
  const mine = task.candidateRole === me.role && (!task.assignee || task.assignee === me.username);
  // a party's own step (party:…): the party does it in its portal; the centre's staff may act for it (代为办理) only
  // with a reason the trail keeps — the engine admits staff and nobody else, and never on a claimed step of another
  const forParty = task.candidateRole.startsWith('party:');
  const mayActForParty = forParty && me.role === 'staff' && (!task.assignee || task.assignee === me.username);
  const [onBehalf, setOnBehalf] = useState<string | null>(null);
  const reasonOk = (onBehalf ?? '').trim().length >= 10;
  // one schema object while the task stays the same: a new one on every refresh of the deal would make the form anew
  // and wipe what the user has typed
  const requiredFields = task.requiredFields.join('\u0000');
  const schema = useMemo(
    () => (task.formKey ? definition?.forms[task.formKey] : fieldsForm(requiredFields ? requiredFields.split('\u0000') : [], (zh, en) => (lang === 'en' ? en : zh))),
    [task.formKey, definition, requiredFields, lang],
  );
  // the server's refusals of the form's fields, shown beside them
  const fieldErrors = useMemo(
    () => (error?.details ?? []).filter((d) => d.path.startsWith('body.data.')).map((d) => ({ path: d.path.slice('body.data.'.length), message: d.message })),
    [error],
  );
  const node = definition?.model.nodes[task.nodeId];
  const returnTargets = (node?.returnTargets?.length ? node.returnTargets : visited.filter((id) => definition?.model.nodes[id]?.kind === 'userTask'))
    .filter((id) => id !== task.nodeId);

  return (
    <Card size="small" title={<Space>{stepName(task, task.nodeId, t)}{task.assignee ? <Tag>{t('办理人', 'Assignee')}：{task.assignee}</Tag> : <Tag color="blue">{t('待签收', 'Unclaimed')}</Tag>}</Space>}
      data-testid={`task-${task.nodeId}`}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
        { key: 'role', label: t('办理角色', 'Role'), children: task.candidateRole ? roleName(task.candidateRole, t) : '—' },
        { key: 'opened', label: t('到达时间', 'Opened'), children: chinaTime(task.openedAt) },
        ...(task.dueAt ? [{ key: 'due', label: t('办理时限', 'Due'), children: chinaTime(task.dueAt) }] : []),
        ...(task.formKey ? [{ key: 'form', label: t('表单', 'Form'), children: formTitle(definition, task.formKey) }] : []),
      ]} />
      {suspended && <Alert type="warning" showIcon message={t('该交易已被监管暂停，恢复前不能办理。', 'The deal is suspended by the supervisor; tasks wait until it resumes.')} style={{ margin: '8px 0' }} />}
      {error && <Alert type="error" role="alert" data-testid="task-error" showIcon message={error.message}
        description={error.details.length ? error.details.map((d) => `${d.path}: ${d.message}`).join('；') : undefined} style={{ margin: '8px 0' }} />}
      {mine ? (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            {!task.assignee && <Button onClick={() => act.mutate({ action: 'claim', body: {} })} loading={act.isPending}>{t('签收', 'Claim')}</Button>}
            {returnTargets.length > 0 && <Button onClick={() => setReturning(true)}>{t('退回', 'Return')}</Button>}
            <Button onClick={() => setDelegating(true)}>{t('转办', 'Delegate')}</Button>
            <Button data-testid="add-signer" onClick={() => setSigning(true)}>{t('加签', 'Add a signer')}</Button>
          </Space>
          {schema ? (
            <Suspense fallback={<Spin />}>
              <SchemaForm key={task.taskId} regionCode={regionCode} schema={schema} name={task.formKey ?? undefined} submitText={t('提交办结', 'Submit and complete')} fieldErrors={fieldErrors}
                onSubmit={(data) => act.mutateAsync({ action: 'complete', body: { data } }).catch(() => undefined)} />
            </Suspense>
          ) : (
            <Button type="primary" onClick={() => act.mutate({ action: 'complete', body: { data: {} } })} loading={act.isPending}>{t('办结', 'Complete')}</Button>
          )}
        </>
      ) : forParty ? (
        <>
          <Alert type="info" data-testid="task-for-party" message={t(`该步骤由${roleName(task.candidateRole, t)}在其门户中自行办理。`, `The ${roleName(task.candidateRole, t)} does this step in its own portal.`)} />
          {mayActForParty && onBehalf === null && (
            <Button style={{ marginTop: 8 }} data-testid="act-on-behalf" onClick={() => setOnBehalf('')}>{t('代为办理…', 'Act on its behalf…')}</Button>
          )}
          {mayActForParty && onBehalf !== null && (
            <div data-testid="on-behalf" style={{ marginTop: 8 }}>
              <Input.TextArea data-testid="on-behalf-reason" value={onBehalf} onChange={(e) => setOnBehalf(e.target.value)} maxLength={1000} rows={2}
                placeholder={t('代为办理的理由（至少10个字，如当事人的书面委托），记入监管留痕', 'Why you act for the party (at least 10 characters, e.g. its written authorisation); kept on the trail')} />
              {schema && reasonOk ? (
                <Suspense fallback={<Spin />}>
                  <SchemaForm key={task.taskId} regionCode={regionCode} schema={schema} name={task.formKey ?? undefined} submitText={t('代为提交办结', 'Complete on its behalf')} fieldErrors={fieldErrors}
                    onSubmit={(data) => act.mutateAsync({ action: 'complete', body: { data, onBehalf: { reason: onBehalf.trim() } } }).catch(() => undefined)} />
                </Suspense>
              ) : !schema ? (
                <Button type="primary" disabled={!reasonOk} loading={act.isPending} style={{ marginTop: 8 }}
                  onClick={() => act.mutate({ action: 'complete', body: { data: {}, onBehalf: { reason: onBehalf.trim() } } })}>{t('代为办结', 'Complete on its behalf')}</Button>
              ) : null}
              <Button type="link" onClick={() => setOnBehalf(null)}>{t('取消', 'Cancel')}</Button>
            </div>
          )}
        </>
      ) : (
        <Alert type="info" message={t('该任务不由您办理。', 'This task is not yours to act on.')} />
      )}
      <Modal open={returning} title={t('退回任务', 'Return the task')} okText={t('确定', 'OK')} cancelText={t('取消', 'Cancel')} onCancel={() => setReturning(false)} okButtonProps={{ disabled: !target }}
        onOk={() => { setReturning(false); act.mutate({ action: 'return', body: { targetNodeId: target, ...(comment ? { comment } : {}) } }); }}>
        <Select style={{ width: '100%' }} placeholder={t('退回到', 'Return to')} value={target} onChange={setTarget}
          options={returnTargets.map((id) => ({ value: id, label: stepName(definition?.model.nodes[id] ?? {}, id, t) }))} />
        <Input.TextArea style={{ marginTop: 8 }} placeholder={t('退回意见', 'Comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
      </Modal>
      <Modal open={delegating} title={t('转办', 'Delegate')} okText={t('确定', 'OK')} cancelText={t('取消', 'Cancel')} onCancel={() => setDelegating(false)} okButtonProps={{ disabled: !delegateTo.trim() }}
        onOk={() => { setDelegating(false); act.mutate({ action: 'delegate', body: { to: delegateTo.trim() } }); }}>
        <Input placeholder={t('同角色同事的用户名', 'Username of a colleague with the same role')} value={delegateTo} onChange={(e) => setDelegateTo(e.target.value)} />
      </Modal>
      <Modal open={signing} title={t('加签', 'Add a signer')} okText={t('确定', 'OK')} cancelText={t('取消', 'Cancel')} onCancel={() => setSigning(false)} okButtonProps={{ disabled: !signer.username.trim() || !signer.reason.trim() }}
        onOk={() => { setSigning(false); act.mutate({ action: 'add-signer', body: { signer: signer.username.trim(), mode: signer.mode, reason: signer.reason.trim() } }); }}>
        <Space direction="vertical" style={{ width: '100%' }} data-testid="add-signer-form">
          <Input placeholder={t('同角色同事的用户名', 'Username of a colleague with the same role')} value={signer.username} onChange={(e) => setSigner({ ...signer, username: e.target.value })} />
          <Radio.Group value={signer.mode} onChange={(e) => setSigner({ ...signer, mode: e.target.value as 'before' | 'after' | 'parallel' })} options={[
            { value: 'before', label: t('前加签：同事先办，再回到我', 'Before me: the colleague first, then back to me') },
            { value: 'after', label: t('后加签：我办结后，同事再办', 'After me: the colleague once I have completed it') },
            ...(node?.multiInstance && !node.multiInstance.sequential ? [{ value: 'parallel', label: t('会签加签：同事加入本次会签，与其他会签人同时办理', 'Into the countersign: the colleague signs beside the others') }] : []),
          ]} />
          <Input.TextArea placeholder={t('加签理由（记入监管留痕）', 'Why (kept on the trail)')} value={signer.reason} onChange={(e) => setSigner({ ...signer, reason: e.target.value })} maxLength={500} rows={2} />
        </Space>
      </Modal>
    </Card>
  );
}
