// My inbox: open tasks for my role in my regions, filtered and paged by the server.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, Space, Table, Tag } from 'antd';
import { api, ApiError, withQuery, useI18n, regionName, chinaTime, stepName } from '@ggzy/web';
import type { InboxTask } from '../../types';

const PAGE = 20;

export function InboxPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [page, setPage] = useState(0);
  const [mine, setMine] = useState(false);
  const [formKey, setFormKey] = useState('');
  const inbox = useQuery({
    queryKey: ['inbox', page, mine, formKey],
    // one more than a page tells whether there is a next one
    queryFn: () => api<{ items: InboxTask[] }>(withQuery('/api/tasks', { limit: PAGE + 1, offset: page * PAGE, mine: mine || undefined, formKey: formKey || undefined })),
    refetchInterval: 5000,
  });
  const claim = useMutation({
    mutationFn: (task: InboxTask) => api(`/api/process-instances/${encodeURIComponent(task.workflowId)}/tasks/claim`, { method: 'POST', body: { taskId: task.taskId } }),
    onSuccess: async () => {
      message.success(t('已签收', 'Claimed'));
      await client.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)),
  });
  const items = inbox.data?.items ?? [];
  return (
    <Card title={t('我的待办', 'My inbox')} extra={
      <Space wrap>
        <Input.Search allowClear placeholder={t('按表单筛选', 'Filter by form')} onSearch={(v) => { setFormKey(v.trim()); setPage(0); }} style={{ width: 200 }} />
        <Checkbox checked={mine} onChange={(e) => { setMine(e.target.checked); setPage(0); }}>{t('只看我已签收的', 'Only claimed by me')}</Checkbox>
      </Space>
    }>
      {inbox.isError && <Alert type="error" message={(inbox.error as Error).message} />}
      <Table size="small" rowKey="taskId" loading={inbox.isPending} dataSource={items.slice(0, PAGE)} data-testid="inbox"
        pagination={false} scroll={{ x: true }}
        columns={[
          { title: t('任务', 'Task'), dataIndex: 'name', render: (_: string | null, task: InboxTask) => <Link to={`/deals/${encodeURIComponent(task.workflowId)}`}>{stepName(task, task.nodeId, t)}</Link> },
          { title: t('交易项目', 'Deal'), dataIndex: 'workflowId', render: (id: string, task: InboxTask) => (
            <>{task.title ?? task.dealCode ?? id}{task.title && <div style={{ color: '#888', fontSize: 12 }}>{task.dealCode}</div>}</>
          ) },
          { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (r: string) => regionName(r, t) },
          { title: t('到达', 'Opened'), dataIndex: 'openedAt', render: (d: string) => chinaTime(d) },
          { title: t('时限', 'Due'), dataIndex: 'dueAt', render: (d: string | null) => (d ? <Tag color={Date.parse(d) < Date.now() ? 'red' : 'default'}>{chinaTime(d)}</Tag> : '—') },
          { title: '', key: 'act', render: (_: unknown, task: InboxTask) => (
            <Space>
              {!task.assignee && <Button size="small" onClick={() => claim.mutate(task)}>{t('签收', 'Claim')}</Button>}
              <Link to={`/deals/${encodeURIComponent(task.workflowId)}`}>{t('办理', 'Open')}</Link>
            </Space>
          ) },
        ]} />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={page === 0} onClick={() => setPage(page - 1)}>{t('上一页', 'Previous')}</Button>
        <span>{t(`第 ${page + 1} 页`, `Page ${page + 1}`)}</span>
        <Button disabled={items.length <= PAGE} onClick={() => setPage(page + 1)}>{t('下一页', 'Next')}</Button>
      </Space>
    </Card>
  );
}
