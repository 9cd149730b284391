// The deal's variables history (what Operate shows of an instance's data): each process variable set to a new value,
// by which step and when, masked as the deal's variables are for the reader. Loaded when opened.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Collapse, Table, Tag, Typography } from 'antd';
import { api, chinaTime, stepName, useI18n } from '@ggzy/web';
import type { DefinitionVersion } from '../../types';

interface Change { seq: number; name: string; value: unknown; omittedBytes: number | null; masked: string[]; nodeId: string | null; occurredAt: string }

const shown = (v: unknown) => {
  const text = JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export function VariablesHistory({ workflowId, definition }: { workflowId: string; definition?: DefinitionVersion }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const history = useQuery({
    queryKey: ['variables-history', workflowId],
    queryFn: () => api<{ items: Change[] }>(`/api/process-instances/${encodeURIComponent(workflowId)}/variables/history?limit=500`),
    enabled: open,
  });
  return (
    <Collapse size="small" data-testid="variables-history" onChange={(keys) => setOpen(keys.length > 0)} items={[{
      key: 'history',
      label: t('流程变量变更记录', 'Variables history'),
      children: history.isError ? <Alert type="error" message={(history.error as Error).message} /> : (
        <Table size="small" rowKey="seq" loading={history.isPending} dataSource={history.data?.items ?? []} pagination={{ pageSize: 20 }} scroll={{ x: true }}
          columns={[
            { title: t('时间', 'When'), dataIndex: 'occurredAt', render: (d: string) => chinaTime(d), width: 150 },
            { title: t('环节', 'Step'), dataIndex: 'nodeId', render: (id: string | null) => (id ? stepName(definition?.model.nodes[id] ?? {}, id, t) : t('发起', 'At the start')) },
            { title: t('变量', 'Variable'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
            { title: t('新值', 'New value'), key: 'value', render: (_: unknown, c: Change) => (c.omittedBytes !== null
              ? <Tag>{t(`过大未记录（${c.omittedBytes} 字节）`, `Too large to keep (${c.omittedBytes} bytes)`)}</Tag>
              : <Typography.Text code style={{ wordBreak: 'break-all' }}>{shown(c.value)}</Typography.Text>) },
          ]} />
      ),
    }]} />
  );
}
