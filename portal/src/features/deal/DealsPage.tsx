// Deals in my regions, filtered and paged on the server; staff start new ones from here.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Segmented, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, ApiError, withQuery, useI18n, regionName, type Me, chinaTime } from '@ggzy/web';
import type { DealRow, DefinitionRef } from '../../types';
import { lifecycleLabel } from './labels';

const PAGE = 20;

// formily and its components load with the first start form, not with the deals list
const SchemaForm = lazy(() => import('@ggzy/web/schema-form').then((m) => ({ default: m.SchemaForm })));

interface StartSchema { definition: DefinitionRef; formKey: string | null; form: Record<string, unknown> | null }

const VARIABLES = 'body.variables.';

/**
 * 发起交易: the procedure, then its own start form (受理登记: the project, tenderee and agency from the subject library,
 * sections with their estimates …) as the procedure deployed it. The server checks the same form; its refusals are
 * shown beside their fields. A procedure without a start form starts at once.
 */
function StartDeal({ me, open, onClose }: { me: Me; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [processKey, setProcessKey] = useState<string | undefined>();
  // one's own region, or the province's training sandbox (演练区) to practise in; the api admits no other
  const regions = [me.regionCode, ...(me.sandboxRegions ?? []).filter((r) => r !== me.regionCode)];
  const [regionCode, setRegionCode] = useState(me.regionCode);
  const sandbox = regionCode !== me.regionCode;
  const procedures = useQuery({
    queryKey: ['procedures'],
    queryFn: () => api<{ items: Array<DefinitionRef & { name: string | null }> }>(withQuery('/api/process-definitions', { latest: true, status: 'active' })),
    enabled: open,
  });
  const startSchema = useQuery({
    queryKey: ['start-schema', processKey],
    queryFn: () => api<StartSchema>(`/api/process-definitions/${encodeURIComponent(processKey!)}/start-schema`),
    enabled: open && Boolean(processKey),
    staleTime: 60_000,
  });
  const start = useMutation({
    mutationFn: (body: { processKey: string; variables?: Record<string, unknown> }) =>
      api<{ workflowId: string }>('/api/process-instances', { method: 'POST', body: { ...body, ...(sandbox ? { regionCode } : {}) } }),
    onSuccess: (r) => {
      onClose();
      navigate(`/deals/${encodeURIComponent(r.workflowId)}`);
    },
  });
  const keys = [...new Map((procedures.data?.items ?? []).map((d) => [d.key, d])).values()];
  const startForm = startSchema.data?.form ?? null;
  const refusal = start.error instanceof ApiError ? start.error : null;
  const fieldErrors = useMemo(
    () => (refusal?.details ?? []).filter((d) => d.path.startsWith(VARIABLES)).map((d) => ({ path: d.path.slice(VARIABLES.length), message: d.message })),
    [refusal],
  );
  return (
    <Modal open={open} title={t('发起交易', 'Start a deal')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={start.isPending}
      okText={t('发起', 'Start')} cancelText={t('取消', 'Cancel')} okButtonProps={{ id: 'start-confirm' }} destroyOnHidden
      width={startForm ? 880 : undefined} footer={startForm ? null : undefined}>
      <Form form={form} layout="vertical" onFinish={(v: { processKey: string }) => start.mutate({ processKey: v.processKey })}>
        <Form.Item name="processKey" label={t('交易流程', 'Procedure')} rules={[{ required: true, message: t('请选择流程', 'Choose a procedure') }]}>
          <Select showSearch aria-label={t('交易流程', 'Procedure')} loading={procedures.isPending} optionFilterProp="label" onChange={(k: string) => { setProcessKey(k); start.reset(); }}
            options={keys.map((d) => ({ value: d.key, label: `${d.name ?? d.key}（${d.key}）` }))} />
        </Form.Item>
        {regions.length > 1 && (
          <Form.Item label={t('交易地区', 'Region')}>
            <Select aria-label={t('交易地区', 'Region')} data-testid="start-region" value={regionCode} onChange={(r: string) => { setRegionCode(r); start.reset(); }}
              options={regions.map((r) => ({ value: r, label: r === me.regionCode ? regionName(r, t) : `${regionName(r, t)} · ${t('演练，不具有法律效力', 'practice, no legal effect')}` }))} />
          </Form.Item>
        )}
        {sandbox && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('在演练区发起：期限按演练时钟压缩，全部公告与文书标注【演练】，不与真实交易混同。', 'Started in the training sandbox: periods run on its compressed clock, every notice and document is marked 【演练】, and it never mixes with real deals.')} />}
        <Typography.Paragraph type="secondary">{t('交易编号（统一交易标识码）由平台在发起时分配。', 'The deal code (统一交易标识码) is allocated by the platform when the deal starts.')}</Typography.Paragraph>
      </Form>
      {processKey && startSchema.isPending && <Spin />}
      {startForm && (
        <Suspense fallback={<Spin />}>
          <div data-testid="start-form">
            <SchemaForm key={processKey} regionCode={regionCode} schema={startForm} name={startSchema.data?.formKey ?? undefined} submitText={t('发起交易', 'Start the deal')} fieldErrors={fieldErrors}
              onSubmit={(variables) => start.mutateAsync({ processKey: processKey!, variables }).catch(() => undefined)} />
          </div>
        </Suspense>
      )}
      {start.isError && <Alert type="error" role="alert" data-testid="start-error" showIcon message={refusal ? refusal.message : String(start.error)}
        description={refusal?.details.length ? refusal.details.map((d) => `${d.path.replace(VARIABLES, '')}: ${d.message}`).join('；') : undefined} />}
    </Modal>
  );
}

export function DealsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [page, setPage] = useState(0);
  const [lifecycle, setLifecycle] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [starting, setStarting] = useState(false);
  // the real deals, or the training sandbox's (演练): the api never lists the two together
  const [sandbox, setSandbox] = useState(false);
  const deals = useQuery({
    queryKey: ['deals', page, lifecycle, q, sandbox],
    queryFn: () => api<{ total: number; items: DealRow[] }>(withQuery('/api/process-instances', { limit: PAGE, offset: page * PAGE, lifecycle, q: q || undefined, sandbox: sandbox ? 'true' : undefined })),
    refetchInterval: 5000,
  });
  return (
    <Card title={t('交易项目', 'Deals')} extra={
      <Space wrap>
        <Input.Search allowClear placeholder={t('按项目名称或交易编号搜索', 'Search by title or deal code')} onSearch={(v) => { setQ(v.trim()); setPage(0); }} style={{ width: 200 }} />
        {(me.sandboxRegions?.length ?? 0) > 0 && (
          <Segmented data-testid="deals-sandbox" value={sandbox ? 'sandbox' : 'real'} onChange={(v) => { setSandbox(v === 'sandbox'); setPage(0); }}
            options={[{ value: 'real', label: t('正式交易', 'Real deals') }, { value: 'sandbox', label: t('演练', 'Sandbox') }]} />
        )}
        <Select allowClear placeholder={t('全部状态', 'All states')} style={{ width: 130 }} value={lifecycle} onChange={(v) => { setLifecycle(v); setPage(0); }}
          options={['active', 'suspended', 'rectifying', 'completed', 'terminated'].map((l) => ({ value: l, label: lifecycleLabel(l, t).text }))} />
        {me.role === 'staff' && <Button type="primary" onClick={() => setStarting(true)} data-testid="start-deal">{t('发起交易', 'Start a deal')}</Button>}
      </Space>
    }>
      {deals.isError && <Alert type="error" message={(deals.error as Error).message} />}
      <Table size="small" rowKey="workflowId" loading={deals.isPending} dataSource={deals.data?.items ?? []} scroll={{ x: true }} data-testid="deals"
        pagination={{ current: page + 1, pageSize: PAGE, total: deals.data?.total ?? 0, onChange: (p) => setPage(p - 1), showSizeChanger: false }}
        columns={[
          { title: t('交易项目', 'Deal'), dataIndex: 'workflowId', render: (id: string, d: DealRow) => (
            <><Link to={`/deals/${encodeURIComponent(id)}`}>{d.title ?? d.dealCode ?? id}</Link>{d.title && <div style={{ color: '#888', fontSize: 12 }}>{d.dealCode}</div>}</>
          ) },
          { title: t('交易流程', 'Procedure'), dataIndex: 'processKey', render: (k: string, d: DealRow) => `${d.processName ?? k}（v${d.version}）` },
          { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (r: string) => regionName(r, t) },
          { title: t('状态', 'State'), dataIndex: 'lifecycle', render: (l: string) => { const s = lifecycleLabel(l, t); return <Tag color={s.color}>{s.text}</Tag>; } },
          { title: t('发起', 'Started'), dataIndex: 'startedAt', render: (d: string, r: DealRow) => `${chinaTime(d)} · ${r.startedBy}` },
        ]} />
      <StartDeal me={me} open={starting} onClose={() => setStarting(false)} />
    </Card>
  );
}
