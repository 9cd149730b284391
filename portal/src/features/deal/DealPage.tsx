// One deal: where it stands on its diagram, its open tasks (with their forms), its timeline, and for supervisors
// the directive buttons. Polls while the deal runs, so a directive or a colleague's step shows up by itself.
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { isLifecycleEnded } from '@ggzy/workflows/contracts';
import { api, ApiError, useI18n, regionName, type Me } from '@ggzy/web';
import type { DealView, DefinitionVersion, TimelineEvent } from '../../types';
import { lifecycleLabel } from './labels';
import { TaskActions } from './TaskActions';
import { DirectivePanel } from './DirectivePanel';
import { DealTimeline } from './Timeline';
import { ExpertList } from './ExpertList';
import { OpeningHallLinks } from '../bidding/OpeningHallLinks';
import { StaffObjections } from '../objections/StaffObjections';

const EXPERT_LIST_READERS = ['staff', 'supervisor', 'auditor'];
const HALL_WATCHERS = ['staff', 'supervisor'];
// who raised a bidder's objection, and whether its answer is overdue (the catalogue's objection:read)
const OBJECTION_READERS = ['staff', 'supervisor', 'auditor'];

import { VariablesHistory } from './VariablesHistory';
import { PostponementPanel } from './PostponementPanel';
import { ListingBoard } from '../listing/ListingBoard';

// the moves of the bid deadline; staff move it (the catalogue's deal:postpone) while the deal runs
const POSTPONEMENT_READERS = ['staff', 'supervisor', 'auditor'];

const DealDiagram = lazy(() => import('./DealDiagram'));

export function DealPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { workflowId = '' } = useParams();
  const path = `/api/process-instances/${encodeURIComponent(workflowId)}`;
  const state = useQuery({
    queryKey: ['deal', workflowId, 'state'],
    queryFn: () => api<DealView>(path),
    refetchInterval: (q) => (q.state.data && isLifecycleEnded(q.state.data.lifecycle) ? false : 3000),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 2,
  });
  // the timeline is the database's record, written just after the workflow moves: it polls until the deal's end is on it
  const timeline = useQuery({
    queryKey: ['deal', workflowId, 'timeline'],
    queryFn: () => api<{ items: TimelineEvent[] }>(`${path}/timeline`),
    enabled: state.isSuccess,
    refetchInterval: (q) => (q.state.data?.items.some((e) => ['process.completed', 'process.terminated', 'process.failed'].includes(e.kind)) ? false : 3000),
  });
  const ref = state.data?.definition;
  const definition = useQuery({
    queryKey: ['definition', ref?.key, ref?.regionCode, ref?.version],
    queryFn: () => api<DefinitionVersion>(`/api/process-definitions/${encodeURIComponent(ref!.key)}/${ref!.regionCode}/${ref!.version}`),
    enabled: Boolean(ref),
    staleTime: Infinity,
  });
  const withdraw = useMutation({
    mutationFn: (taskId: string) => api(`${path}/tasks/withdraw`, { method: 'POST', body: { taskId } }),
    onSuccess: async () => {
      message.success(t('已撤回', 'Withdrawn'));
      await client.invalidateQueries({ queryKey: ['deal', workflowId] });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)),
  });

  if (state.isPending) return <Spin style={{ margin: 48 }} />;
  // A failed refresh keeps the last state on screen (the next poll tries again); only a deal never loaded is an error.
  if (state.isError && !state.data) {
    const err = state.error;
    return err instanceof ApiError && err.status === 404
      ? <div data-testid="deal-not-found"><Result status="404" title={t('未找到该交易', 'No such deal')} subTitle={t('交易不存在，或不在您的管辖范围内。', 'The deal does not exist or is outside your regions.')} /></div>
      : <Alert type="error" message={(err as Error).message} />;
  }
  const deal = state.data;
  const status = lifecycleLabel(deal.lifecycle, t);
  // 撤回 is offered only for a completion of mine the engine would give back now (the next steps not yet taken up)
  const mine = new Set((deal.withdrawable ?? []).filter((w) => w.actor === me.username).map((w) => w.taskId));
  const lastCompletion = [...(timeline.data?.items ?? [])].reverse()
    .find((e) => e.kind === 'task.completed' && typeof e.payload.taskId === 'string' && mine.has(e.payload.taskId));
  const drawId = typeof deal.variables.expertDrawId === 'number' ? deal.variables.expertDrawId : null;
  const canWithdraw = Boolean(lastCompletion) && deal.lifecycle === 'active';

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>{deal.title ?? definition.data?.name ?? deal.definition.key}</Typography.Title>
          <Tag color={status.color} data-testid="lifecycle" data-lifecycle={deal.lifecycle}>{status.text}</Tag>
          {me.sandboxRegions?.includes(deal.regionCode) && <Tag color="orange" data-testid="sandbox-deal">{t('演练', 'Sandbox')}</Tag>}
        </Space>
        <Descriptions size="small" style={{ marginTop: 12 }} column={{ xs: 1, sm: 2, md: 3 }} items={[
          { key: 'code', label: t('交易编号', 'Deal code'), children: deal.dealCode ?? '—' },
          { key: 'wf', label: t('流程实例', 'Instance'), children: <Typography.Text code copyable>{deal.workflowId}</Typography.Text> },
          { key: 'region', label: t('地区', 'Region'), children: regionName(deal.regionCode, t) },
          { key: 'def', label: t('交易流程', 'Procedure'), children: `${definition.data?.name ?? deal.definition.key} v${deal.definition.version}（${regionName(deal.definition.regionCode, t)}）` },
        ]} />
        {deal.incidents.length > 0 && <Alert type="error" message={deal.incidents.join('；')} />}
      </Card>
      <Card size="small" title={t('流程进度', 'Progress')}>
        {definition.data ? (
          <Suspense fallback={<Spin />}>
            <DealDiagram xml={definition.data.xml} tokens={deal.tokens.map((x) => x.nodeId)} visited={deal.visited} openTasks={deal.openTasks.map((x) => x.nodeId)} />
          </Suspense>
        ) : <Spin />}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {me.role === 'supervisor' && <DirectivePanel workflowId={deal.workflowId} lifecycle={deal.lifecycle} me={me} />}
            <Card size="small" title={t(`待办任务（${deal.openTasks.length}）`, `Open tasks (${deal.openTasks.length})`)} data-testid="open-tasks">
              {deal.openTasks.length === 0 && <Typography.Text type="secondary">{t('当前没有待办任务', 'No open tasks')}</Typography.Text>}
              <Space direction="vertical" style={{ width: '100%' }}>
                {deal.openTasks.map((task) => (
                  <TaskActions key={`${task.taskId}:${task.assignee ?? ''}`} me={me} workflowId={deal.workflowId} regionCode={deal.regionCode} task={task} definition={definition.data}
                    visited={deal.visited} suspended={deal.lifecycle === 'suspended'} />
                ))}
              </Space>
              {canWithdraw && (
                <Button style={{ marginTop: 12 }} loading={withdraw.isPending} onClick={() => withdraw.mutate(lastCompletion!.payload.taskId as string)}>
                  {t(`撤回我刚办结的“${String(lastCompletion!.payload.name ?? '')}”`, `Withdraw my completion of "${String(lastCompletion!.payload.nameEn ?? lastCompletion!.payload.name ?? '')}"`)}
                </Button>
              )}
            </Card>
            {drawId !== null && EXPERT_LIST_READERS.includes(me.role) && <ExpertList drawId={drawId} />}
            {deal.dealCode && HALL_WATCHERS.includes(me.role) && <OpeningHallLinks dealCode={deal.dealCode} />}
            {deal.dealCode && OBJECTION_READERS.includes(me.role) && <StaffObjections dealCode={deal.dealCode} />}
            {deal.dealCode && POSTPONEMENT_READERS.includes(me.role) && (
              <PostponementPanel workflowId={deal.workflowId} bidDeadline={typeof deal.variables.openingAt === 'string' ? deal.variables.openingAt : null}
                canMove={me.role === 'staff' && !isLifecycleEnded(deal.lifecycle) && typeof deal.variables.openingAt === 'string'} />
            )}
            {deal.dealCode && typeof deal.variables.listingEndsAt === 'string' && POSTPONEMENT_READERS.includes(me.role) && (
              <Card size="small" title={t('网上挂牌报价', 'Online listing: quotes')}><ListingBoard path={`/api/process-instances/${encodeURIComponent(deal.workflowId)}/listing`} /></Card>
            )}
            {deal.variableDisclosure?.level === 'masked' && <VariablesHistory workflowId={deal.workflowId} definition={definition.data} />}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('监管时间线', 'Supervision timeline')}>
            {timeline.data ? <DealTimeline events={timeline.data.items} /> : <Spin />}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
