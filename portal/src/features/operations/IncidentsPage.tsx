// 运行监控: the running deals of my regions that wait on an incident, each cause with the node it stands at. The
// system administrator asks a deal to try again once the cause is put right (a reason is required and kept on the
// deal's trail); supervisors and auditors watch. No deal's variables are shown here.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { api, ApiError, chinaTime, regionName, useI18n, withQuery, type Me } from '@ggzy/web';
import { AskMove, TokenMoves } from './TokenMoves';

interface Incident { workflowId: string; dealCode: string | null; processKey: string; version: number; regionCode: string; lifecycle: string; incidents: string[]; updatedAt: string }
interface RetryReply { retried: number; incidents: string[] }

/** An incident's text starts with its node ("route: no outgoing condition holds …"): the node and the cause in words. */
function describe(incident: string, t: (zh: string, en: string) => string): { node: string; cause: string } {
  const at = incident.indexOf(': ');
  const node = at > 0 ? incident.slice(0, at) : '';
  const rest = at > 0 ? incident.slice(at + 2) : incident;
  if (/no outgoing condition holds/.test(rest)) return { node, cause: t('网关的所有出口条件都不成立，且没有默认流', 'no outgoing condition of the gateway holds and there is no default flow') };
  if (/has not completed for/.test(rest)) return { node, cause: t(`自动步骤持续失败、正在重试（${rest}）`, rest) };
  return { node, cause: rest };
}

function Retry({ row, onDone }: { row: Incident; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(values: { reason: string }) {
    setBusy(true);
    try {
      const reply = await api<RetryReply>(`/api/process-instances/${encodeURIComponent(row.workflowId)}/incidents/retry`, { method: 'POST', body: { reason: values.reason.trim() } });
      void message.success(reply.incidents.length
        ? t(`已重试，仍有 ${reply.incidents.length} 个异常`, `Tried again; ${reply.incidents.length} incident(s) remain`)
        : t('已重试，交易继续进行', 'Tried again; the deal goes on'));
      setOpen(false);
      onDone();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('网络错误，请重试', 'Network error, please retry'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid={`retry-${row.dealCode ?? row.workflowId}`}>{t('修正后重试', 'Retry after the fix')}</Button>
      <Modal open={open} destroyOnClose footer={null} onCancel={() => setOpen(false)} title={t(`重试 ${row.dealCode ?? row.workflowId}`, `Retry ${row.dealCode ?? row.workflowId}`)}>
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label={t('原因（修正了什么）', 'Reason (what was put right)')} name="reason" rules={[{ required: true, min: 2, max: 1000, whitespace: true, message: t('请填写原因', 'Give the reason') }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="retry-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="retry-submit">{t('重试', 'Retry')}</Button>
        </Form>
      </Modal>
    </>
  );
}

export function IncidentsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [region, setRegion] = useState<string>();
  const list = useQuery({
    queryKey: ['incidents', region],
    queryFn: () => api<{ items: Incident[] }>(withQuery('/api/operations/incidents', { regionCode: region })),
    refetchInterval: 15_000,
  });
  return (
    <Card title={t('运行监控：等待处理的异常', 'Operations: incidents waiting')} data-testid="incidents" extra={
      <Select allowClear placeholder={t('全部地区', 'All regions')} style={{ width: 200 }} value={region} onChange={setRegion} aria-label={t('地区', 'Region')}
        options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />
    }>
      {list.isError && <Alert type="error" message={(list.error as Error).message} />}
      <Table size="small" rowKey="workflowId" loading={list.isPending} dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('没有等待处理的异常', 'No incident waits')} /> }}
        columns={[
          { title: t('交易', 'Deal'), dataIndex: 'dealCode', render: (c: string | null, r: Incident) => <Typography.Text code>{c ?? r.workflowId}</Typography.Text> },
          { title: t('流程', 'Procedure'), dataIndex: 'processKey', render: (k: string, r: Incident) => `${k} v${r.version}` },
          { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (c: string) => regionName(c, t) },
          {
            title: t('异常', 'Incident'), dataIndex: 'incidents', render: (list: string[]) => (
              <Space direction="vertical" size={0}>{list.map((i, k) => {
                const { node, cause } = describe(i, t);
                return <span key={k}>{node && <Typography.Text code>{node}</Typography.Text>} {cause}</span>;
              })}</Space>
            ),
          },
          { title: t('更新时间', 'Updated'), dataIndex: 'updatedAt', render: (d: string) => chinaTime(d) },
          ...(me.role === 'admin' ? [{ title: '', key: 'retry', render: (_: unknown, r: Incident) => (
            <Space>
              <Retry row={r} onDone={() => void client.invalidateQueries({ queryKey: ['incidents'] })} />
              <AskMove workflowId={r.workflowId} fromNodeId={describe(r.incidents[0] ?? '', t).node || undefined} onDone={() => void client.invalidateQueries({ queryKey: ['token-moves'] })} />
            </Space>
          ) }] : []),
        ]} />
      <div style={{ marginTop: 16 }}><TokenMoves me={me} /></div>
    </Card>
  );
}
