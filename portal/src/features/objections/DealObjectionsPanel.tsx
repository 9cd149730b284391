// 异议 on a party's deal page (实施条例 §22, §54): a bidder raises one — kind, text, files (uploaded resumably, named by
// their SHA-256) — and follows its own with their answers; the tenderee or agency sees every one with who raised it and
// its due date, and answers it. While one is unanswered the deal is held, and the page says so.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Progress, Radio, Space, Typography, Upload } from 'antd';
import { api, chinaTime, uploadDocument, useI18n } from '@ggzy/web';
import { requestId, useAct } from '../party/act';
import type { DealObjection, DealObjections, PartyDeal } from '../party/types';
import { ObjectionList } from './ObjectionList';

function RaiseForm({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'documents' | 'result'>('documents');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [sent, setSent] = useState<number | null>(null);
  // the file picker keeps its own list: a new one after each objection
  const [picker, setPicker] = useState(0);
  const raise = useAct(deal.dealCode, async () => {
    const uploaded = [];
    for (const file of files) uploaded.push({ sha256: (await uploadDocument(file, setSent)).sha256, fileName: file.name });
    await api(`/api/party/deals/${deal.dealCode}/objections`, { method: 'POST', body: { requestId: requestId(), kind, text: text.trim(), files: uploaded } });
    setText('');
    setFiles([]);
    setPicker((n) => n + 1);
  }, t('异议已提出，答复前交易活动暂停', 'Objection raised: the deal is paused until it is answered'));
  return (
    <Form layout="vertical" data-testid="objection-form" onFinish={() => raise.mutate(undefined)}>
      <Form.Item label={t('异议事项', 'Objection to')}>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} data-testid="objection-kind">
          <Radio value="documents" data-testid="objection-kind-documents">{t('招标文件（投标截止10日前）', 'The documents (until 10 days before the deadline)')}</Radio>
          <Radio value="result" data-testid="objection-kind-result">{t('评标结果（中标候选人公示期间）', 'The evaluation result (during the candidates\' publicity)')}</Radio>
        </Radio.Group>
        <div><Typography.Text type="secondary">{t('对开标的异议请在不见面开标大厅当场提出。', 'Objections to the opening are raised in the opening hall.')}</Typography.Text></div>
      </Form.Item>
      <Form.Item label={t('异议内容与理由', 'Your objection and its grounds')} required>
        <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} data-testid="online-objection-text" />
      </Form.Item>
      <Form.Item label={t('证明材料（可选）', 'Evidence (optional)')}>
        <Upload key={picker} multiple beforeUpload={(f) => { setFiles((fs) => [...fs, f]); return false; }} onRemove={(f) => setFiles((fs) => fs.filter((x) => x.name !== f.name))} data-testid="objection-files">
          <Button>{t('选择文件', 'Choose files')}</Button>
        </Upload>
      </Form.Item>
      {sent !== null && raise.isPending && <Progress percent={Math.round(sent * 100)} size="small" />}
      <Button type="primary" htmlType="submit" disabled={text.trim().length < 5} loading={raise.isPending} data-testid="objection-raise">{t('提出异议', 'Raise the objection')}</Button>
    </Form>
  );
}

function AnswerForm({ deal, objection }: { deal: PartyDeal; objection: DealObjection }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const answer = useAct(deal.dealCode, () => api(`/api/party/deals/${deal.dealCode}/objections/${objection.id}/answer`, { method: 'POST', body: { answer: text.trim() } }),
    objection.kind === 'documents' ? t('已答复，并作为澄清向所有投标人发布', 'Answered and published to all bidders as a clarification') : t('已答复', 'Answered'));
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid={`objection-answer-text-${objection.id}`}
        placeholder={objection.kind === 'documents' ? t('答复内容（将作为澄清向所有投标人公开，不显示异议人）', 'Answer (published to all bidders as a clarification; the objector is not named)') : t('答复内容（答复异议人）', 'Answer (to the objector)')} />
      <Button type="primary" disabled={text.trim().length < 2} loading={answer.isPending} onClick={() => answer.mutate(undefined)} data-testid={`objection-answer-${objection.id}`}>{t('答复', 'Answer')}</Button>
    </Space.Compact>
  );
}

export function DealObjectionsPanel({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const objections = useQuery({
    queryKey: ['party', 'objections', deal.dealCode], queryFn: () => api<DealObjections>(`/api/party/deals/${deal.dealCode}/objections`), refetchInterval: 10_000,
  });
  if (!objections.data) return null;
  const o = objections.data;
  // the others' answered objections to the documents (one's own are in its list already)
  const clarifications = o.clarifications.filter((c) => !o.mine.some((m) => m.id === c.id));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {o.hold.held && <Alert type="warning" showIcon data-testid="objection-hold" message={t(`因异议暂停交易活动（自 ${chinaTime(o.hold.since)} 起），答复后恢复`, `The deal is paused for an objection (since ${chinaTime(o.hold.since)}) until it is answered`)} />}
      {o.mayAnswer && <ObjectionList items={o.toAnswer} testId="objections-to-answer" header={t('投标人的异议（待我方答复）', 'Bidders\' objections (for us to answer)')} renderExtra={(x) => x.status === 'pending' && <AnswerForm deal={deal} objection={x} />} />}
      {!o.mayAnswer && clarifications.length > 0 && (
        <ObjectionList items={clarifications} testId="objection-clarifications" header={t('对招标文件异议的答复（澄清，异议人不公开）', 'Answers to objections to the documents (clarifications; the objector is not named)')} />
      )}
      {o.mayRaise && (
        <>
          <ObjectionList items={o.mine} testId="my-objections" header={t('我提出的异议', 'My objections')} />
          <RaiseForm deal={deal} />
        </>
      )}
    </Space>
  );
}
