// Deployed versions per city (and the provincial defaults), with the difference between any two of them, and the
// four-eyes review: a version waits (待审核) until a designer who did not deploy it approves it (the difference to the
// version in effect is one click away) or rejects it with a reason.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ProcessModel } from '@ggzy/process';
import { api, ApiError, withQuery, useI18n, regionName, type Me } from '@ggzy/web';
import { modelChanges, xmlDiff } from '../features/versions/diff';

type Status = 'pending' | 'active' | 'rejected';
interface Version {
  key: string; regionCode: string; version: number; hash: string; name: string | null; deployedAt: string;
  deployedBy: string | null; status: Status; reviewedBy: string | null; reviewedAt: string | null; reviewReason: string | null;
}
interface VersionDetail { definition: Version; xml: string; forms: Record<string, unknown>; model: ProcessModel }

const idOf = (v: Version) => `${v.key}/${v.regionCode}/${v.version}`;

function VersionDiff({ a, b }: { a: string; b: string }) {
  const { t } = useI18n();
  const load = (id: string) => api<VersionDetail>(`/api/process-definitions/${id.split('/').map(encodeURIComponent).join('/')}`);
  const diff = useQuery({
    queryKey: ['version-diff', a, b],
    queryFn: async () => {
      const [va, vb] = await Promise.all([load(a), load(b)]);
      return { changes: modelChanges(va.model, vb.model), lines: xmlDiff(va.xml, vb.xml), formsChanged: JSON.stringify(va.forms) !== JSON.stringify(vb.forms) };
    },
  });
  if (diff.isPending) return <Card loading />;
  if (diff.isError) return <Alert type="error" message={(diff.error as Error).message} />;
  const { changes, lines, formsChanged } = diff.data;
  return (
    <Card title={`${t('差异', 'Differences')}：${a} → ${b}`} data-testid="version-diff">
      {changes.length === 0 && !formsChanged ? <Typography.Paragraph>{t('流程模型相同', 'The models are the same')}</Typography.Paragraph> : (
        <Table size="small" pagination={false} rowKey={(c) => `${c.kind}:${c.id}`} dataSource={changes} columns={[
          { title: t('变化', 'Change'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'added' ? 'green' : k === 'removed' ? 'red' : 'blue'}>{k === 'added' ? t('新增', 'added') : k === 'removed' ? t('删除', 'removed') : t('修改', 'changed')}</Tag> },
          { title: t('元素', 'Element'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('类型', 'Kind'), dataIndex: 'what' },
          { title: t('名称', 'Name'), dataIndex: 'name' },
        ]} />
      )}
      {formsChanged && <Alert style={{ marginTop: 12 }} type="info" message={t('表单有变化', 'The forms changed')} />}
      <pre className="xml-diff" aria-label="xml-diff">
        {lines.map((part, i) => (
          <span key={i} className={part.added ? 'added' : part.removed ? 'removed' : 'same'}>
            {part.added || part.removed ? part.value : part.value.split('\n').length > 6 ? `${part.value.split('\n').slice(0, 2).join('\n')}\n  …\n` : part.value}
          </span>
        ))}
      </pre>
    </Card>
  );
}

function StatusTag({ v }: { v: Version }) {
  const { t } = useI18n();
  if (v.status === 'pending') return <Tag color="orange" data-testid="status-pending">{t('待审核', 'Pending')}</Tag>;
  if (v.status === 'rejected') {
    return <Tooltip title={`${v.reviewedBy ?? ''}：${v.reviewReason ?? ''}`}><Tag color="red" data-testid="status-rejected">{t('已驳回', 'Rejected')}</Tag></Tooltip>;
  }
  return <Tag color="green" data-testid="status-active">{t('已生效', 'Active')}</Tag>;
}

/** Approve or reject a pending version; one's own deployment is another designer's to review. */
function Review({ v, me, onReviewed }: { v: Version; me: Me; onReviewed(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  if (v.status !== 'pending') return v.reviewedBy ? <Typography.Text type="secondary">{t(`审核人：${v.reviewedBy}`, `Reviewed by ${v.reviewedBy}`)}</Typography.Text> : null;
  if (v.deployedBy === me.username) return <Typography.Text type="secondary">{t('待另一名设计员审核', 'Awaits another designer')}</Typography.Text>;
  const path = `/api/process-definitions/${encodeURIComponent(v.key)}/${v.regionCode}/${v.version}`;
  async function review(decision: 'approval' | 'rejection', reason?: string) {
    setBusy(true);
    try {
      await api(`${path}/${decision}`, { method: 'POST', ...(reason ? { body: { reason } } : {}) });
      void message.success(decision === 'approval' ? t(`第 ${v.version} 版已生效`, `Version ${v.version} is in effect`) : t(`第 ${v.version} 版已驳回`, `Version ${v.version} rejected`));
      setRejecting(false);
      onReviewed();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('网络错误，请重试', 'Network error, please retry'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space>
      <Button size="small" type="primary" loading={busy} data-testid={`approve-${v.version}`} onClick={() => review('approval')}>{t('批准', 'Approve')}</Button>
      <Button size="small" danger data-testid={`reject-${v.version}`} onClick={() => setRejecting(true)}>{t('驳回', 'Reject')}</Button>
      <Modal open={rejecting} destroyOnClose title={t(`驳回 ${v.key} 第 ${v.version} 版`, `Reject ${v.key} version ${v.version}`)} footer={null} onCancel={() => setRejecting(false)}>
        <Form layout="vertical" onFinish={(f: { reason: string }) => review('rejection', f.reason.trim())}>
          <Form.Item label={t('驳回原因', 'Reason')} name="reason" rules={[{ required: true, min: 2, max: 1000, whitespace: true, message: t('请填写驳回原因', 'Give the reason') }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="reject-reason" />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" loading={busy} data-testid="reject-submit">{t('驳回', 'Reject')}</Button>
        </Form>
      </Modal>
    </Space>
  );
}

export function VersionsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [region, setRegion] = useState<string | undefined>(undefined);
  const [key, setKey] = useState<string | undefined>(undefined);
  const [picked, setPicked] = useState<string[]>([]);
  const [compare, setCompare] = useState<[string, string] | null>(null);
  const keys = useQuery({ queryKey: ['definition-keys'], queryFn: () => api<{ items: Version[] }>(withQuery('/api/process-definitions', { latest: true })) });
  const versions = useQuery({
    queryKey: ['definitions', region, key],
    queryFn: () => api<{ items: Version[] }>(withQuery('/api/process-definitions', { regionCode: region, key, limit: 200 })),
  });
  const regions = [...new Set([...me.visibleRegions])];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('已部署版本', 'Deployed versions')} extra={
        <Space wrap>
          <Select allowClear placeholder={t('全部地区', 'All regions')} style={{ width: 180 }} value={region} onChange={setRegion} aria-label={t('地区', 'Region')}
            options={regions.map((r) => ({ value: r, label: regionName(r, t) }))} />
          <Select allowClear placeholder={t('全部流程', 'All procedures')} style={{ width: 220 }} value={key} onChange={setKey} aria-label={t('流程', 'Procedure')}
            options={[...new Set((keys.data?.items ?? []).map((v) => v.key))].map((k) => ({ value: k, label: k }))} />
          <Button type="primary" disabled={picked.length !== 2} data-testid="compare"
            onClick={() => {
              const sorted = [...picked].sort((x, y) => Number(x.split('/')[2]) - Number(y.split('/')[2]));
              setCompare([sorted[0]!, sorted[1]!]);
            }}>{t('比较所选两个版本', 'Compare the two selected')}</Button>
        </Space>
      }>
        {versions.isError && <Alert type="error" message={(versions.error as Error).message} />}
        <Table size="small" loading={versions.isPending} rowKey={idOf} dataSource={versions.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('尚无已部署的流程', 'Nothing deployed yet')} /> }}
          rowSelection={{ type: 'checkbox', selectedRowKeys: picked, onChange: (keys) => setPicked((keys as string[]).slice(-2)) }}
          columns={[
            { title: t('流程', 'Procedure'), dataIndex: 'key', render: (k: string, v: Version) => <><Typography.Text strong>{k}</Typography.Text> {v.name}</> },
            { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (r: string) => regionName(r, t) },
            { title: t('版本', 'Version'), dataIndex: 'version', render: (n: number) => `v${n}` },
            { title: t('摘要', 'Hash'), dataIndex: 'hash', render: (h: string) => <Typography.Text code>{h.slice(0, 12)}</Typography.Text> },
            { title: t('部署时间', 'Deployed'), dataIndex: 'deployedAt', render: (d: string, v: Version) => <>{new Date(d).toLocaleString()} {v.deployedBy && <Typography.Text type="secondary">{v.deployedBy}</Typography.Text>}</> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (_: Status, v: Version) => <StatusTag v={v} /> },
            { title: t('审核', 'Review'), key: 'review', render: (_: unknown, v: Version) => <Review v={v} me={me} onReviewed={() => void client.invalidateQueries({ queryKey: ['definitions'] })} /> },
            { title: '', key: 'open', render: (_: unknown, v: Version) => <Link to={`/?open=${encodeURIComponent(idOf(v))}`}>{t('在编辑器中打开', 'Open in editor')}</Link> },
          ]} />
      </Card>
      {compare && <VersionDiff a={compare[0]} b={compare[1]} />}
    </Space>
  );
}
