// A party's inbox: the open steps of the deals its subject is tenderee, agency or bidder of, each leading to the deal's
// page where it is done.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Table } from 'antd';
import { api, chinaTime, roleName, useI18n, stepName } from '@ggzy/web';
import type { PartyTask } from './types';

export function PartyTasksPage() {
  const { t } = useI18n();
  const tasks = useQuery({ queryKey: ['party', 'tasks'], queryFn: () => api<{ items: PartyTask[] }>('/api/party/tasks') });
  if (tasks.isPending) return <Spin style={{ margin: 48 }} />;
  if (tasks.isError) return <Alert type="error" message={(tasks.error as Error).message} />;
  return (
    <Card title={t('我的待办', 'My tasks')}>
      <Table size="small" rowKey="taskId" pagination={false} dataSource={tasks.data.items} data-testid="party-inbox" scroll={{ x: true }}
        locale={{ emptyText: t('暂无待办事项', 'Nothing to do') }}
        columns={[
          { title: t('项目', 'Deal'), dataIndex: 'title', render: (title: string | null, task: PartyTask) => <Link to={`/party/deals/${task.dealCode}`}>{title ?? task.dealCode}</Link> },
          { title: t('事项', 'Step'), dataIndex: 'name', render: (_: string | null, task: PartyTask) => stepName(task, task.nodeId, t) },
          { title: t('办理身份', 'As'), dataIndex: 'candidateRole', render: (role: string) => roleName(role, t) },
          { title: t('到达时间', 'Opened'), dataIndex: 'openedAt', render: (v: string) => chinaTime(v) },
          { title: t('办理时限', 'Due'), dataIndex: 'dueAt', render: (v: string | null) => (v ? chinaTime(v) : '—') },
        ]} />
    </Card>
  );
}
