// 答疑: a registered bidder asks (the others never learn who); the tenderee or agency answers; every answer is shown to
// all registered bidders and published as a clarification notice. A late answer (under 15 days before the deadline)
// carries its flag.
import { useState } from 'react';
import { Button, Input, List, Space, Tag, Typography } from 'antd';
import { api, chinaTime, useI18n } from '@ggzy/web';
import { requestId, useAct } from './act';
import type { PartyDeal, Question } from './types';

function AnswerBox({ deal, question }: { deal: PartyDeal; question: Question }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const answer = useAct(deal.dealCode, () => api(`/api/party/deals/${deal.dealCode}/questions/${question.id}/answer`, { method: 'POST', body: { answer: text.trim() } }),
    t('已答复并发布澄清公告', 'Answered and published as a clarification notice'));
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('答复内容（将向所有投标人公开，不显示提问人）', 'Answer (published to all bidders; the asker is not named)')} data-testid={`answer-text-${question.id}`} />
      <Button type="primary" disabled={!text.trim()} loading={answer.isPending} onClick={() => answer.mutate(undefined)} data-testid={`answer-${question.id}`}>{t('答复', 'Answer')}</Button>
    </Space.Compact>
  );
}

const line = (q: Question, t: (zh: string, en: string) => string) => (
  <>
    <div><Tag>{q.sectionCode ?? t('全项目', 'Whole deal')}</Tag>{t('问', 'Q')}：{q.question} <Typography.Text type="secondary">{chinaTime(q.askedAt)}</Typography.Text></div>
    {q.answer && <div>{t('答', 'A')}：<span className="party-answer">{q.answer}</span> <Typography.Text type="secondary">{chinaTime(q.answeredAt)}</Typography.Text>
      {q.late && <Tag color="red">{t('距投标截止不足15日，应顺延截止时间', 'Under 15 days before the deadline: the deadline is to be extended')}</Tag>}</div>}
  </>
);

export function QuestionsPanel({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const [question, setQuestion] = useState('');
  const [sectionCode, setSectionCode] = useState<string | undefined>();
  const bidder = deal.sections.some((s) => s.registration && s.registration.status !== 'withdrawn');
  const ask = useAct(deal.dealCode, () => api(`/api/party/deals/${deal.dealCode}/questions`, {
    method: 'POST', body: { requestId: requestId(), question: question.trim(), ...(sectionCode ? { sectionCode } : {}) },
  }), t('问题已提交', 'Question sent'));
  const open = deal.questions.mine.filter((q) => q.status === 'open');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List size="small" header={t('已答复', 'Answered')} bordered dataSource={deal.questions.answered} data-testid="answered-questions"
        locale={{ emptyText: t('暂无答疑', 'No answers yet') }} renderItem={(q) => <List.Item>{line(q, t)}</List.Item>} />
      {open.length > 0 && <List size="small" header={t('我提出的问题（待答复）', 'My questions (waiting)')} bordered dataSource={open} data-testid="my-questions" renderItem={(q) => <List.Item>{line(q, t)}</List.Item>} />}
      {deal.questions.toAnswer.length > 0 && (
        <List size="small" header={t('待答复问题（提问人不公开）', 'Questions to answer (the asker is not shown)')} bordered dataSource={deal.questions.toAnswer} data-testid="questions-to-answer"
          renderItem={(q) => <List.Item><Space direction="vertical" style={{ width: '100%' }}>{line(q, t)}{deal.openForBidding && <AnswerBox deal={deal} question={q} />}</Space></List.Item>} />
      )}
      {bidder && deal.openForBidding && (
        <Space.Compact style={{ width: '100%' }}>
          <select aria-label={t('标段', 'Section')} value={sectionCode ?? ''} onChange={(e) => setSectionCode(e.target.value || undefined)}>
            <option value="">{t('全项目', 'Whole deal')}</option>
            {deal.sections.map((s) => <option key={s.sectionCode} value={s.sectionCode}>{s.name}</option>)}
          </select>
          <Input.TextArea rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} placeholder={t('对招标文件的疑问（提问人不对其他投标人和招标人公开）', 'Your question (the asker is not shown to others)')} data-testid="question-text" />
          <Button type="primary" disabled={question.trim().length < 2} loading={ask.isPending} onClick={() => ask.mutate(undefined)} data-testid="ask">{t('提问', 'Ask')}</Button>
        </Space.Compact>
      )}
    </Space>
  );
}
