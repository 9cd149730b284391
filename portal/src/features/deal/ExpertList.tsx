// The deal's expert committee (评标专家名单): sealed until the evaluation starts, then readable by the centre's staff,
// supervisors and auditors. Each read is recorded in the supervision trail, so the list is fetched once, not polled.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Table, Tag } from 'antd';
import { api, ApiError, useI18n } from '@ggzy/web';

interface Member {
  seat: number | null; groupNo: number; specialtyCode: string; rank: number; role: 'principal' | 'backup'; status: string;
  response: string | null; expertCode: string; name: string; kind: string; title: string | null; employer: string | null;
}

const STATUS: Record<string, [string, string, string]> = {
  confirmed: ['已确认', 'Confirmed', 'green'], declined: ['已拒绝', 'Declined', 'red'], invited: ['待答复', 'Invited', 'blue'],
  standby: ['候补', 'Standby', 'default'], replaced: ['已替换', 'Replaced', 'orange'], timeout: ['未答复', 'No answer', 'orange'],
};

export function ExpertList({ drawId }: { drawId: number }) {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: ['expert-list', drawId],
    queryFn: () => api<{ members: Member[] }>(`/api/expert-draws/${drawId}/members`),
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    // sealed: look again now and then, until the evaluation unseals it
    refetchInterval: (q) => (q.state.error instanceof ApiError && q.state.error.status === 409 ? 15_000 : false),
  });
  let content;
  if (list.isPending) content = <Spin />;
  else if (list.error instanceof ApiError && list.error.status === 409) {
    content = <Alert type="info" showIcon message={t('专家名单密封中，评标开始时解密', 'The list is sealed until the evaluation starts')} />;
  } else if (list.isError) content = <Alert type="error" message={(list.error as Error).message} />;
  else {
    content = (
      <Table<Member> size="small" pagination={false} rowKey={(m) => `${m.groupNo}-${m.rank}`} dataSource={list.data.members} scroll={{ x: true }}
        columns={[
          { title: t('席位', 'Seat'), dataIndex: 'seat', render: (s: number | null) => s ?? '—' },
          { title: t('姓名', 'Name'), dataIndex: 'name' },
          { title: t('专业', 'Specialty'), dataIndex: 'specialtyCode' },
          { title: t('工作单位', 'Employer'), dataIndex: 'employer', render: (e: string | null) => e ?? '—' },
          { title: t('身份', 'Role'), dataIndex: 'role', render: (r: Member['role']) => (r === 'principal' ? t('正选', 'Principal') : t(`备选`, 'Backup')) },
          {
            title: t('状态', 'Status'), dataIndex: 'status',
            render: (s: string) => { const [zh, en, color] = STATUS[s] ?? [s, s, 'default']; return <Tag color={color}>{t(zh, en)}</Tag>; },
          },
        ]} />
    );
  }
  return <Card size="small" title={t('评标专家名单', 'Expert committee')} data-testid="expert-list">{content}</Card>;
}
