// The bidders' 异议 of a deal on the staff's and the supervisors' deal page, read-only: who raised each, its due date,
// whether it is overdue, the answer.
import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { api, useI18n } from '@ggzy/web';
import type { DealObjection } from '../party/types';
import { ObjectionList } from './ObjectionList';

export function StaffObjections({ dealCode }: { dealCode: string }) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ['objections', dealCode], queryFn: () => api<{ objections: DealObjection[] }>(`/api/objections?dealCode=${dealCode}`), refetchInterval: 10_000 });
  if (!list.data?.objections.length) return null;
  return (
    <Card size="small" title={t('投标人异议', 'Bidders\' objections')} data-testid="staff-objections">
      <ObjectionList items={list.data.objections} testId="deal-objections" />
    </Card>
  );
}
