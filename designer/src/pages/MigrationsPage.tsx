// 实例迁移: move the running deals of one version of a procedure onto a newer version in effect. Pick the procedure,
// its region and the two versions; map the nodes the target renamed; a dry run asks every running deal whether it can
// move and why not; then the deals chosen are moved, with a reason the trail keeps.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ProcessModel } from '@ggzy/process';
import { api, ApiError, withQuery, useI18n, regionName, type Me } from '@ggzy/web';

interface Version { key: string; regionCode: string; version: number; name: string | null; status: 'pending' | 'active' | 'rejected' }
interface Problem { code: string; nodeId: string | null; message: string }
interface DealCheck { workflowId: string; dealCode: string | null; regionCode: string; canMigrate: boolean; problems: Problem[]; migrated?: boolean }

const PROBLEM_NAMES: Record<string, [string, string]> = {
  NODE_MISSING: ['目标版本中没有该节点：请映射', 'the target has no such node: map it'],
  KIND_CHANGED: ['节点类型不同', 'the node is of another kind'],
  NOT_AT_A_WAIT: ['有步骤正在执行，稍后再试', 'a step is running: try again shortly'],
  JOIN_IN_PROGRESS: ['汇聚网关处已有分支到达', 'branches have arrived at a join'],
  COMPENSATION_MISSING: ['目标版本缺少补偿活动', 'the target lacks a compensation'],
  NOT_RUNNING: ['交易未在运行', 'the deal is not running'],
  SAME_VERSION: ['已是目标版本', 'already on the target'],
  OTHER_PROCESS: ['不是同一流程', 'another procedure'],
};

export function MigrationsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [key, setKey] = useState<string>();
  const [region, setRegion] = useState<string>();
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [deals, setDeals] = useState<DealCheck[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const versions = useQuery({ queryKey: ['migration-versions'], queryFn: () => api<{ items: Version[] }>(withQuery('/api/process-definitions', { limit: 500 })) });
  const ofKey = (versions.data?.items ?? []).filter((v) => v.key === key && v.regionCode === region);
  const target = useQuery({
    enabled: Boolean(key && region && to),
    queryKey: ['migration-target', key, region, to],
    queryFn: () => api<{ model: ProcessModel }>(`/api/process-definitions/${encodeURIComponent(key!)}/${region}/${to}`),
  });
  // the source version's model: a node to map is shown with its name, not only its id
  const source = useQuery({
    enabled: Boolean(key && region && from),
    queryKey: ['migration-target', key, region, from],
    queryFn: () => api<{ model: ProcessModel }>(`/api/process-definitions/${encodeURIComponent(key!)}/${region}/${from}`),
  });
  const targetNodes = useMemo(() => Object.values(target.data?.model.nodes ?? {}).filter((n) => n.kind !== 'boundaryEvent').map((n) => ({ value: n.id, label: `${n.name ?? n.id}（${n.id}）` })), [target.data]);
  // the nodes the dry run found missing in the target: the ones to map
  // (and those already mapped, so the map stays in view)
  const missing = [...new Set([...Object.keys(mapping), ...(deals ?? []).flatMap((d) => d.problems.filter((p) => p.code === 'NODE_MISSING' && p.nodeId).map((p) => p.nodeId!))])];
  const path = key && region ? `/api/process-definitions/${encodeURIComponent(key)}/${region}/migrations` : '';
  const plan = () => ({ fromVersion: from!, toVersion: to!, ...(Object.keys(mapping).length ? { mapping } : {}) });

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('网络错误，请重试', 'Network error, please retry'));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  const dryRun = () => run(async () => {
    const res = await api<{ deals: DealCheck[] }>(`${path}/dry-run`, { method: 'POST', body: plan() });
    setDeals(res.deals);
    setChosen(res.deals.filter((d) => d.canMigrate).map((d) => d.workflowId));
  });
  const migrate = () => run(async () => {
    const res = await api<{ results: DealCheck[] }>(path, { method: 'POST', body: { ...plan(), workflowIds: chosen, reason: reason.trim() } });
    const moved = res.results.filter((r) => r.migrated).length;
    void message.success(t(`已迁移 ${moved} 笔交易`, `${moved} deal(s) moved`));
    setDeals(res.results);
    setChosen([]);
  });

  const keys = [...new Set((versions.data?.items ?? []).map((v) => v.key))];
  // a procedure by its name (its newest version's), with its key
  const nameOf = (k: string) => [...(versions.data?.items ?? [])].filter((v) => v.key === k && v.name).sort((a, b) => b.version - a.version)[0]?.name ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('实例迁移', 'Move running deals')} data-testid="migration-plan">
        <Space wrap>
          <Select placeholder={t('流程', 'Procedure')} style={{ width: 320 }} value={key} aria-label={t('流程', 'Procedure')} data-testid="migration-key"
            onChange={(k: string) => { setKey(k); setFrom(undefined); setTo(undefined); setDeals(null); setMapping({}); }} options={keys.map((k) => ({ value: k, label: nameOf(k) ? `${nameOf(k)}（${k}）` : k }))} showSearch optionFilterProp="label" />
          <Select placeholder={t('地区', 'Region')} style={{ width: 160 }} value={region} aria-label={t('地区', 'Region')} data-testid="migration-region"
            onChange={(r: string) => { setRegion(r); setFrom(undefined); setTo(undefined); setDeals(null); }} options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />
          <Select placeholder={t('源版本', 'From')} style={{ width: 120 }} value={from} aria-label={t('源版本', 'From')} data-testid="migration-from"
            onChange={(v: number) => { setFrom(v); setDeals(null); }} options={ofKey.map((v) => ({ value: v.version, label: `v${v.version}` }))} />
          <Select placeholder={t('目标版本（已生效）', 'To (in effect)')} style={{ width: 160 }} value={to} aria-label={t('目标版本', 'To')} data-testid="migration-to"
            onChange={(v: number) => { setTo(v); setDeals(null); }} options={ofKey.filter((v) => v.status === 'active' && v.version !== from).map((v) => ({ value: v.version, label: `v${v.version}` }))} />
          <Button type="primary" disabled={!path || !from || !to} loading={busy} onClick={() => void dryRun()} data-testid="migration-dry-run">{t('试运行', 'Dry run')}</Button>
        </Space>
        {missing.length > 0 && (
          <Form layout="inline" style={{ marginTop: 12 }}>
            {missing.map((nodeId) => (
              <Form.Item key={nodeId} label={<>{source.data?.model.nodes[nodeId]?.name ?? ''} <Typography.Text code>{nodeId}</Typography.Text></>}>
                <Select style={{ width: 320 }} placeholder={t('映射到目标节点', 'Map to a target node')} value={mapping[nodeId]} data-testid={`map-${nodeId}`}
                  onChange={(v: string) => setMapping({ ...mapping, [nodeId]: v })} options={targetNodes} showSearch optionFilterProp="label" />
              </Form.Item>
            ))}
          </Form>
        )}
        {error && <Alert style={{ marginTop: 12 }} type="error" message={error} data-testid="migration-error" />}
      </Card>
      {deals && (
        <Card title={t('运行中的交易', 'Running deals')} data-testid="migration-deals">
          <Table size="small" rowKey="workflowId" dataSource={deals} pagination={false}
            locale={{ emptyText: <Empty description={t('该版本没有运行中的交易', 'No running deal on this version')} /> }}
            rowSelection={{ selectedRowKeys: chosen, onChange: (k) => setChosen(k as string[]), getCheckboxProps: (d: DealCheck) => ({ disabled: !d.canMigrate || d.migrated === true }) }}
            columns={[
              { title: t('交易编号', 'Deal'), dataIndex: 'dealCode', render: (c: string | null, d: DealCheck) => c ?? d.workflowId },
              { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (r: string) => regionName(r, t) },
              {
                title: t('结果', 'Outcome'), key: 'outcome', render: (_: unknown, d: DealCheck) => (
                  d.migrated ? <Tag color="green">{t('已迁移', 'Moved')}</Tag>
                    : d.canMigrate ? <Tag color="blue">{t('可迁移', 'Can move')}</Tag>
                      : <Space direction="vertical" size={0}>{d.problems.map((p, i) => (
                        <Typography.Text key={i} type="danger">{p.nodeId ? `${p.nodeId}：` : ''}{t(...(PROBLEM_NAMES[p.code] ?? [p.message, p.message]))}</Typography.Text>
                      ))}</Space>
                ),
              },
            ]} />
          <Space style={{ marginTop: 12 }}>
            <Input style={{ width: 420 }} placeholder={t('迁移原因（记入监督留痕）', 'Reason (kept on the trail)')} value={reason} maxLength={1000}
              onChange={(e) => setReason(e.target.value)} data-testid="migration-reason" />
            <Button type="primary" danger disabled={!chosen.length || reason.trim().length < 2} loading={busy} onClick={() => void migrate()} data-testid="migration-run">
              {t(`迁移所选 ${chosen.length} 笔`, `Move ${chosen.length} selected`)}
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
