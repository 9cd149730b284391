// One list of 异议 for every page that shows them: kind, text, files, due date (overdue in red), the answer; who raised
// it only where the api gives it (the organiser, staff, supervisors). `renderExtra` adds the organiser's answer form.
import type { ReactNode } from 'react';
import { List, Space, Tag, Typography } from 'antd';
import { chinaTime, useI18n } from '@ggzy/web';
import { objectionKindLabel } from '../party/labels';
import type { DealObjection } from '../party/types';

export function ObjectionList({ items, testId, header, renderExtra }: { items: DealObjection[]; testId: string; header?: ReactNode; renderExtra?: (o: DealObjection) => ReactNode }) {
  const { t } = useI18n();
  return (
    <List size="small" bordered header={header} dataSource={items} data-testid={testId} locale={{ emptyText: t('暂无异议', 'No objections') }}
      renderItem={(o) => (
        <List.Item data-testid={`objection-${o.id}`}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <span>
              <Tag color="blue">{objectionKindLabel(o.kind, t)}</Tag>
              {o.status === 'answered' ? <Tag color="green">{t('已答复', 'Answered')}</Tag> : <Tag color="orange">{t('待答复', 'Awaiting the answer')}</Tag>}
              {o.overdue && <Tag color="red" data-testid={`objection-overdue-${o.id}`}>{t('已超过答复期限', 'Overdue')}</Tag>}
              <Typography.Text type="secondary">{t('提出于', 'Raised')} {chinaTime(o.raisedAt)} · {t('答复期限', 'Answer due by')} <span data-testid={`objection-due-${o.id}`}>{chinaTime(o.dueAt)}</span></Typography.Text>
            </span>
            {o.objector && <span>{t('异议人', 'Raised by')}：{o.objector.name}（{o.objector.creditCode}）{o.objector.person ? ` · ${o.objector.person}` : ''}</span>}
            <span className="objection-text">{o.text}</span>
            {o.files.length > 0 && <span>{t('附件', 'Files')}：{o.files.map((f) => <Tag key={f.sha256}>{f.fileName} · SHA-256 <code>{f.sha256.slice(0, 16)}…</code></Tag>)}</span>}
            {o.answer && <span>{t('答复', 'Answer')}：<span className="objection-answer">{o.answer}</span> <Typography.Text type="secondary">{chinaTime(o.answeredAt)}</Typography.Text>
              {o.noticeId !== null && <Tag color="cyan">{t('已作为澄清向所有投标人发布', 'Published to all bidders as a clarification')}</Tag>}</span>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(o.basis.zh, o.basis.en)}</Typography.Text>
            {renderExtra?.(o)}
          </Space>
        </List.Item>
      )} />
  );
}
