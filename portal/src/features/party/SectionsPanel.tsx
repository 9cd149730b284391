// The deal's sections for a party: 报名 and its withdrawal, the deposit sub-account and the deposit's status, and an
// electronic guarantee in place of cash.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { api, chinaTime, useI18n, yuan } from '@ggzy/web';
import { useAct, requestId } from './act';
import { depositStatusLabel, registrationStatusLabel } from './labels';
import type { PartyDeal, PartySection } from './types';

function DepositCell({ section }: { section: PartySection }) {
  const { t } = useI18n();
  const d = section.deposit;
  if (!d) return <>—</>;
  return (
    <div data-testid={`deposit-${section.sectionCode}`}>
      <Tag color={d.status === 'none' ? 'default' : d.status === 'refunded' || d.status === 'released' ? 'purple' : 'green'}>{depositStatusLabel(d.status, t)}</Tag>
      {d.amountFen !== null && <span>{yuan(d.amountFen)}</span>}
      {d.receivedAt && <div>{t('到账', 'Received')} {chinaTime(d.receivedAt)}{d.payingAccount && ` · ${t('付款账户', 'from')} ${d.payingAccount}`}</div>}
      {d.guarantee && <div>{d.guarantee.issuer} {d.guarantee.number}（{t('有效至', 'valid until')} {d.guarantee.validUntil}）</div>}
      {d.refund && <div>{t('已退还本金', 'Refunded')} {yuan(d.refund.principalFen)}，{t('利息', 'interest')} {yuan(d.refund.interestFen)}（{d.refund.refundedOn}）</div>}
      {d.refusedPayments.map((p) => (
        <div key={p.transactionId} className="party-refused"><Tag color="red">{t('退回', 'Returned')}</Tag>{yuan(p.amountFen)} {t('付款账户', 'from')} {p.payerAccount}：{p.code}</div>
      ))}
    </div>
  );
}

function GuaranteeForm({ deal, section }: { deal: PartyDeal; section: PartySection }) {
  const { t } = useI18n();
  const issuers = useQuery({ queryKey: ['party', 'guarantee-issuers'], queryFn: () => api<{ issuers: Array<{ id: string; name: string }> }>('/api/party/guarantee-issuers') });
  const [issuerId, setIssuerId] = useState<string | undefined>();
  const [number, setNumber] = useState('');
  const give = useAct(deal.dealCode, () => api(`/api/party/deals/${deal.dealCode}/sections/${section.sectionCode}/guarantee`, {
    method: 'POST', body: { issuerId, guaranteeNo: number.trim(), requestId: requestId() },
  }), t('电子保函已核验并登记', 'The guarantee is verified and recorded'));
  if (!issuers.data?.issuers.length) return null;
  return (
    <Space wrap>
      <Select placeholder={t('出函机构', 'Issuer')} style={{ width: 200 }} value={issuerId} onChange={setIssuerId} options={issuers.data.issuers.map((i) => ({ value: i.id, label: i.name }))} />
      <Input placeholder={t('保函编号', 'Guarantee number')} style={{ width: 180 }} value={number} onChange={(e) => setNumber(e.target.value)} />
      <Button disabled={!issuerId || !number.trim()} loading={give.isPending} onClick={() => give.mutate(undefined)}>{t('提交电子保函', 'Give the guarantee')}</Button>
    </Space>
  );
}

export function SectionsPanel({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const register = useAct(deal.dealCode, (code: string) => api(`/api/party/deals/${deal.dealCode}/sections/${code}/registration`, { method: 'POST' }), t('报名成功，回执已生成', 'Registered; your receipt is below'));
  const withdraw = useAct(deal.dealCode, (code: string) => api(`/api/party/deals/${deal.dealCode}/sections/${code}/registration/withdrawal`, { method: 'POST' }), t('已撤回报名', 'Registration withdrawn'));
  const organiser = deal.roles.includes('tenderee') || deal.roles.includes('agency');
  // a land listing: the parcel is the one section, 报名 is the bidder's application (竞买申请)
  const listing = deal.procedureKind === 'land-listing';
  return (
    <Table size="small" rowKey="sectionCode" pagination={false} dataSource={deal.sections} data-testid="party-sections" scroll={{ x: true }}
      expandable={{
        rowExpandable: (s) => !!s.registration && s.registration.status !== 'withdrawn',
        defaultExpandAllRows: true,
        expandedRowRender: (s) => (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('保证金缴纳子账号', 'Deposit sub-account')}><code data-testid={`deposit-account-${s.sectionCode}`}>{s.registration?.depositAccountNo ?? '—'}</code></Descriptions.Item>
            <Descriptions.Item label={t('应缴保证金', 'Deposit required')}>{yuan(s.depositRequiredFen)}</Descriptions.Item>
            {deal.openForBidding && !listing && s.deposit?.status === 'none' && <Descriptions.Item label={t('或以电子保函缴纳', 'Or by guarantee')}><GuaranteeForm deal={deal} section={s} /></Descriptions.Item>}
          </Descriptions>
        ),
      }}
      columns={[
        { title: t('标段', 'Section'), dataIndex: 'name', render: (name: string, s: PartySection) => `${name}（${s.sectionCode}）` },
        { title: t('估算价', 'Estimate'), dataIndex: 'estimateFen', render: (v: number | null) => yuan(v) },
        { title: t('保证金', 'Deposit'), dataIndex: 'depositRequiredFen', render: (v: number | null) => yuan(v) },
        { title: listing ? t('竞买申请', 'Application') : t('报名', 'Registration'), render: (_: unknown, s: PartySection) => (s.registration
          ? <span data-testid={`registration-${s.sectionCode}`}>{registrationStatusLabel(s.registration.status, t, listing)}（{chinaTime(s.registration.registeredAt)}）</span> : '—') },
        { title: t('保证金状态', 'Deposit status'), render: (_: unknown, s: PartySection) => <DepositCell section={s} /> },
        {
          title: t('操作', 'Actions'),
          render: (_: unknown, s: PartySection) => {
            if (organiser || !deal.openForBidding) return null;
            if (!s.registration) return <Button type="primary" size="small" data-testid={`register-${s.sectionCode}`} loading={register.isPending} onClick={() => register.mutate(s.sectionCode)}>{listing ? t('竞买申请', 'Apply to bid') : t('报名', 'Register')}</Button>;
            if (s.registration.status !== 'registered') return null;
            return (
              <Popconfirm title={t('确定撤回报名？已缴保证金将退还。', 'Withdraw? A paid deposit is refunded.')} onConfirm={() => withdraw.mutate(s.sectionCode)}>
                <Button size="small" danger>{t('撤回报名', 'Withdraw')}</Button>
              </Popconfirm>
            );
          },
        },
      ]} />
  );
}
