// The deployed versions of the decision tables (the caller's regions and the province's), with their status and
// reviewers; a pending version of someone else is approved or rejected here (four eyes, as for procedure versions).
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { api, ApiError, regionName, useI18n, type Me } from '@ggzy/web';

export type DecisionStatus = 'pending' | 'active' | 'rejected';
export interface DecisionVersion {
  key: string; regionCode: string; version: number; hash: string; name: string | null; hitPolicy: string; rules: number;
  deployedAt: string; deployedBy: string | null; status: DecisionStatus; reviewedBy: string | null; reviewedAt: string | null; reviewReason: string | null;
}

export const DECISIONS_QUERY = ['decision-definitions'] as const;
export const versionPath = (v: { key: string; regionCode: string; version: number }) => `/api/decision-definitions/${encodeURIComponent(v.key)}/${v.regionCode}/${v.version}`;
const idOf = (v: DecisionVersion) => `${v.key}/${v.regionCode}/${v.version}`;

function StatusTag({ v }: { v: DecisionVersion }) {
  const { t } = useI18n();
  if (v.status === 'pending') return <Tag color="orange">{t('待审核', 'Pending')}</Tag>;
  if (v.status === 'rejected') return <Tooltip title={`${v.reviewedBy ?? ''}：${v.reviewReason ?? ''}`}><Tag color="red">{t('已驳回', 'Rejected')}</Tag></Tooltip>;
  return <Tag color="green">{t('已生效', 'Active')}</Tag>;
}

function Review({ v, me, onReviewed }: { v: DecisionVersion; me: Me; onReviewed(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  if (v.status !== 'pending') return v.reviewedBy ? <Typography.Text type="secondary">{t(`审核人：${v.reviewedBy}`, `Reviewed by ${v.reviewedBy}`)}</Typography.Text> : null;
  if (v.deployedBy === me.username) return <Typography.Text type="secondary">{t('待另一名设计员审核', 'Awaits another designer')}</Typography.Text>;
  async function review(decision: 'approval' | 'rejection', reason?: string) {
    setBusy(true);
    try {
      await api(`${versionPath(v)}/${decision}`, { method: 'POST', ...(reason ? { body: { reason } } : {}) });
      void message.success(decision === 'approval' ? t(`${v.key} 第 ${v.version} 版已生效`, `${v.key} version ${v.version} is in effect`) : t(`${v.key} 第 ${v.version} 版已驳回`, `${v.key} version ${v.version} rejected`));
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
      <Button size="small" type="primary" loading={busy} data-testid={`decision-approve-${idOf(v)}`} onClick={() => review('approval')}>{t('批准', 'Approve')}</Button>
      <Button size="small" danger data-testid={`decision-reject-${idOf(v)}`} onClick={() => setRejecting(true)}>{t('驳回', 'Reject')}</Button>
      <Modal open={rejecting} destroyOnClose title={t(`驳回 ${v.key} 第 ${v.version} 版`, `Reject ${v.key} version ${v.version}`)} footer={null} onCancel={() => setRejecting(false)}>
        <Form layout="vertical" onFinish={(f: { reason: string }) => review('rejection', f.reason.trim())}>
          <Form.Item label={t('驳回原因', 'Reason')} name="reason" rules={[{ required: true, min: 2, max: 1000, whitespace: true, message: t('请填写驳回原因', 'Give the reason') }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="decision-reject-reason" />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" loading={busy} data-testid="decision-reject-submit">{t('驳回', 'Reject')}</Button>
        </Form>
      </Modal>
    </Space>
  );
}

export function DecisionVersions({ me, onOpen }: { me: Me; onOpen(v: DecisionVersion): void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const versions = useQuery({ queryKey: DECISIONS_QUERY, queryFn: () => api<{ items: DecisionVersion[] }>('/api/decision-definitions?limit=500') });
  return (
    <Card size="small" title={t('决策表版本', 'Decision table versions')} data-testid="decision-versions">
      {versions.isError && <Alert type="error" message={(versions.error as Error).message} />}
      <Table size="small" loading={versions.isPending} rowKey={idOf} dataSource={versions.data?.items ?? []} pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('尚无已部署的决策表', 'No decision table deployed yet')} /> }}
        onRow={(v) => ({ 'data-testid': `decision-row-${idOf(v)}` } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('决策', 'Decision'), dataIndex: 'key', render: (k: string, v: DecisionVersion) => <><Typography.Text strong>{k}</Typography.Text> <Typography.Text type="secondary">{v.name}</Typography.Text></> },
          { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (r: string) => regionName(r, t) },
          { title: t('版本', 'Version'), dataIndex: 'version', render: (n: number) => `v${n}` },
          { title: t('命中策略', 'Hit policy'), dataIndex: 'hitPolicy', render: (p: string, v: DecisionVersion) => `${p} · ${t(`${v.rules} 条规则`, `${v.rules} rules`)}` },
          { title: t('部署', 'Deployed'), dataIndex: 'deployedAt', render: (d: string, v: DecisionVersion) => <>{new Date(d).toLocaleString()} {v.deployedBy && <Typography.Text type="secondary">{v.deployedBy}</Typography.Text>}</> },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (_: DecisionStatus, v: DecisionVersion) => <StatusTag v={v} /> },
          { title: t('审核', 'Review'), key: 'review', render: (_: unknown, v: DecisionVersion) => <Review v={v} me={me} onReviewed={() => void client.invalidateQueries({ queryKey: DECISIONS_QUERY })} /> },
          { title: '', key: 'open', render: (_: unknown, v: DecisionVersion) => <Button size="small" type="link" data-testid={`decision-open-${idOf(v)}`} onClick={() => onOpen(v)}>{t('打开', 'Open')}</Button> },
        ]} />
    </Card>
  );
}
