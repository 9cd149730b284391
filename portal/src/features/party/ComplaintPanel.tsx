// 投诉: a bidder of the deal complains to the supervisor within 10 days of knowing (实施条例 §60), in its own name — the
// complainant is the signed-in subject, not typed — and follows its complaints: accepted or not, the decision.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, List, Space, Tag, Typography } from 'antd';
import { DayPicker, api, chinaTime, chinaToday, useI18n } from '@ggzy/web';
import { requestId, useAct } from './act';
import { complaintDecisionLabel, complaintStatusLabel } from './labels';
import type { PartyComplaint, PartyDeal } from './types';

export function ComplaintPanel({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const [grounds, setGrounds] = useState('');
  const [knownOn, setKnownOn] = useState(chinaToday());
  const mine = useQuery({
    queryKey: ['party', 'complaints', deal.dealCode],
    queryFn: () => api<{ items: PartyComplaint[] }>(`/api/party/complaints?dealCode=${deal.dealCode}`),
    // the procedure records the complaint a moment after it starts, and the supervisor decides later
    refetchInterval: 5000,
  });
  const file = useAct(deal.dealCode, () => api(`/api/party/deals/${deal.dealCode}/complaints`, {
    method: 'POST', body: { requestId: requestId(), grounds: grounds.trim(), knownOn },
  }).then(() => setGrounds('')), t('投诉已提交，监管部门将在3个工作日内决定是否受理', 'Complaint filed: the supervisor decides within 3 working days whether to accept it'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List size="small" bordered dataSource={mine.data?.items ?? []} data-testid="my-complaints" locale={{ emptyText: t('暂无投诉', 'No complaints') }}
        renderItem={(c) => (
          <List.Item>
            <Space direction="vertical">
              <span><Tag data-testid={`complaint-status-${c.complaintNo}`}>{complaintStatusLabel(c.status, t)}</Tag>{c.complaintNo} <Typography.Text type="secondary">{chinaTime(c.filedAt)}</Typography.Text></span>
              <span>{c.grounds}</span>
              {c.dealSuspended && c.status === 'accepted' && <Tag color="orange">{t('交易活动已暂停', 'The deal is suspended')}</Tag>}
              {c.decision && <span>{t('处理决定', 'Decision')}：<Tag color={c.decision === 'upheld' ? 'green' : 'default'}>{complaintDecisionLabel(c.decision, t)}</Tag>{c.decisionText}</span>}
            </Space>
          </List.Item>
        )} />
      <Form layout="vertical" data-testid="complaint-form" onFinish={() => file.mutate(undefined)}>
        <Form.Item label={t('投诉事项、请求和理由（投诉人为本单位，无需填写）', 'What you complain of, your request and grounds (you complain as your company)')} required>
          <Input.TextArea rows={3} value={grounds} onChange={(e) => setGrounds(e.target.value)} maxLength={10_000} data-testid="complaint-grounds" />
        </Form.Item>
        <Form.Item label={t('知道或应当知道之日（10日内可投诉）', 'The day you knew or ought to have known (10 days to complain)')} required>
          <DayPicker value={knownOn} max={chinaToday()} onChange={setKnownOn} testId="complaint-known-on" />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={grounds.trim().length < 10 || !knownOn} loading={file.isPending} data-testid="complaint-file">{t('提交投诉', 'File the complaint')}</Button>
      </Form>
    </Space>
  );
}
