// On a deal's page for the supervisors and the centre's staff: the deal's opening halls, one per section, to watch.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, List, Tag } from 'antd';
import { api, useI18n } from '@ggzy/web';

interface Halls { dealCode: string; sections: Array<{ sectionCode: string; name: string; status: string }> }

const STATUS: Record<string, [string, string]> = { before_opening: ['等待开标', 'Before the opening'], decrypting: ['解密中', 'Decrypting'], complete: ['开标结束', 'Opening closed'] };

export function OpeningHallLinks({ dealCode }: { dealCode: string }) {
  const { t } = useI18n();
  const halls = useQuery({ queryKey: ['opening-halls', dealCode], queryFn: () => api<Halls>(`/api/opening-halls/${encodeURIComponent(dealCode)}`), retry: false });
  if (!halls.data?.sections.length) return null;
  return (
    <Card size="small" title={t('开标大厅', 'Opening halls')} data-testid="opening-hall-links">
      <List size="small" dataSource={halls.data.sections} renderItem={(s) => {
        const status = STATUS[s.status];
        return (
          <List.Item>
            <Link to={`/opening-halls/${encodeURIComponent(dealCode)}/${encodeURIComponent(s.sectionCode)}`}>{s.name}（{s.sectionCode}）</Link>
            <Tag>{status ? t(status[0], status[1]) : s.status}</Tag>
          </List.Item>
        );
      }} />
    </Card>
  );
}
