// 主体审核: applications waiting for review, each with what it asks to change; approve, or reject with a reason.
// The api refuses a reviewer's own application; the page says so before anyone presses.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, List, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { api, ApiError, chinaTime, useI18n, yuan, type Me } from '@ggzy/web';
import { kindLabel, personRoleLabel, reviewStatusLabel } from './labels';

interface Review {
  id: number; creditCode: string; subjectName: string; status: string; submittedBy: string; submittedAt: string; reviewedBy: string | null;
  reviewedAt: string | null; comment: string | null;
  changes: {
    subject: Record<string, string | number>;
    people: Array<{ name: string; role: string; idNumberMasked: string | null; mobileMasked: string | null }>;
    licences: Array<{ kind: string; licenceNo: string }>;
    qualifications: Array<{ kind: string; grade: string; certificateNo: string; validUntil?: string }>;
    performances: Array<{ projectName: string; contractAmountFen: number }>;
    registrations: Array<{ kind: string; registrationNo: string; personIdNumberMasked: string }>;
  };
}

function Changes({ review }: { review: Review }) {
  const { t } = useI18n();
  const c = review.changes;
  const field = (k: string) => ({
    name: t('名称', 'Name'), kind: t('类型', 'Kind'), legalRepresentative: t('法定代表人', 'Legal representative'), address: t('住所', 'Address'),
    establishedOn: t('成立日期', 'Established on'), registeredCapitalFen: t('注册资本', 'Registered capital'), basicAccount: t('基本账户', 'Basic account'),
    regionCode: t('地区', 'Region'),
  }[k] ?? k);
  const value = (k: string, v: string | number) => (k === 'kind' ? kindLabel(String(v), t) : k === 'registeredCapitalFen' ? yuan(Number(v)) : k === 'basicAccount' ? `**** ${String(v).slice(-4)}` : String(v));
  return (
    <Descriptions size="small" column={1} items={[
      ...Object.entries(c.subject).map(([k, v]) => ({ key: k, label: field(k), children: value(k, v) })),
      ...(c.people.length ? [{ key: 'people', label: t('人员', 'People'), children: c.people.map((p) => `${p.name}（${personRoleLabel(p.role, t)}${p.idNumberMasked ? ` ${p.idNumberMasked}` : ''}）`).join('；') }] : []),
      ...(c.qualifications.length ? [{ key: 'q', label: t('资质', 'Qualifications'), children: c.qualifications.map((q) => `${q.kind} ${q.grade} ${q.certificateNo}`).join('；') }] : []),
      ...(c.licences.length ? [{ key: 'l', label: t('证照', 'Licences'), children: c.licences.map((l) => `${l.kind} ${l.licenceNo}`).join('；') }] : []),
      ...(c.performances.length ? [{ key: 'p', label: t('业绩', 'Performance'), children: c.performances.map((p) => `${p.projectName} ${yuan(p.contractAmountFen)}`).join('；') }] : []),
      ...(c.registrations.length ? [{ key: 'r', label: t('注册', 'Registrations'), children: c.registrations.map((r) => `${r.registrationNo}（${r.personIdNumberMasked}）`).join('；') }] : []),
    ]} />
  );
}

export function ReviewsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const [rejecting, setRejecting] = useState<Review | null>(null);
  const [reason, setReason] = useState('');
  const reviews = useQuery({ queryKey: ['subject-reviews', status], queryFn: () => api<{ reviews: Review[] }>(`/api/subject-reviews?status=${status}&limit=200`) });
  const decide = useMutation({
    mutationFn: (d: { id: number; decision: 'approve' | 'reject'; comment?: string }) => api(`/api/subject-reviews/${d.id}/decision`, { method: 'POST', body: { decision: d.decision, comment: d.comment } }),
    onSuccess: async (_r, d) => {
      message.success(d.decision === 'approve' ? t('已通过，变更已生效', 'Approved; the change is applied') : t('已驳回', 'Rejected'));
      setRejecting(null);
      setReason('');
      await client.invalidateQueries({ queryKey: ['subject-reviews'] });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)),
  });
  return (
    <Card title={t('主体审核', 'Subject reviews')} extra={
      <Segmented value={status} onChange={(v) => setStatus(v as typeof status)} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: reviewStatusLabel(s, t) }))} />
    }>
      {reviews.isError && <Alert type="error" message={(reviews.error as Error).message} />}
      <List loading={reviews.isPending} dataSource={reviews.data?.reviews ?? []} data-testid="subject-reviews" locale={{ emptyText: t('暂无申请', 'No applications') }}
        renderItem={(r) => (
          <List.Item key={r.id} actions={r.status === 'pending' ? (r.submittedBy === me.username
            ? [<Tag key="own">{t('本人提交，须由他人审核', 'Your own: another member of staff reviews it')}</Tag>]
            : [
              <Button key="approve" type="primary" loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>{t('通过', 'Approve')}</Button>,
              <Button key="reject" danger onClick={() => setRejecting(r)}>{t('驳回', 'Reject')}</Button>,
            ]) : [<Tag key="s">{reviewStatusLabel(r.status, t)}</Tag>]}>
            <List.Item.Meta
              title={<Space><Link to={`/subjects/${r.creditCode}`}>{r.subjectName}</Link><Typography.Text type="secondary">{r.creditCode}</Typography.Text></Space>}
              description={<>
                <Typography.Text type="secondary">{t('申请人', 'Filed by')} {r.submittedBy} · {chinaTime(r.submittedAt)}{r.reviewedBy ? ` · ${t('审核人', 'Reviewed by')} ${r.reviewedBy} · ${chinaTime(r.reviewedAt)}` : ''}{r.comment ? ` · ${r.comment}` : ''}</Typography.Text>
                <Changes review={r} />
              </>} />
          </List.Item>
        )} />
      <Modal open={!!rejecting} title={t('驳回申请', 'Reject the application')} okText={t('驳回', 'Reject')} cancelText={t('取消', 'Cancel')} okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onCancel={() => setRejecting(null)} onOk={() => rejecting && decide.mutate({ id: rejecting.id, decision: 'reject', comment: reason.trim() })}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('驳回理由（必填）', 'Reason (required)')} maxLength={500} />
      </Modal>
    </Card>
  );
}
