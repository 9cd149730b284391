// The deal's supervision timeline in the order things happened (by when, then by the chain's order): every step, task
// and directive in words, with who — a party's person with its company, staff by name — and when (China time).
import { Timeline as AntTimeline, Typography } from 'antd';
import { useI18n, chinaTime, stepName } from '@ggzy/web';
import type { TimelineEvent } from '../../types';
import { eventLabel } from './labels';

const COLORS = { directive: '#cf1322', process: '#8c8c8c', task: '#389e0d', step: '#1677ff' };

function colorOf(kind: string): string {
  if (kind.startsWith('directive.')) return COLORS.directive;
  if (kind.startsWith('process.')) return COLORS.process;
  if (kind.startsWith('task.')) return COLORS.task;
  return COLORS.step;
}

/** Who did it, in words: the party's company and person, the user's name, or the platform itself. */
function whoOf(e: TimelineEvent, t: (zh: string, en: string) => string): string {
  const party = e.payload.party as { subjectName?: string; personName?: string } | undefined;
  if (party?.subjectName) return party.personName ? `${party.subjectName}（${party.personName}）` : party.subjectName;
  if (e.actorName) return e.actorName;
  return e.actor.startsWith('system') ? t('平台', 'The platform') : e.actor;
}

export function DealTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useI18n();
  const ordered = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.seq - b.seq);
  return (
    <AntTimeline data-testid="timeline" items={ordered.map((e) => ({
      key: e.seq,
      color: colorOf(e.kind),
      children: (
        <div data-kind={e.kind}>
          <Typography.Text strong>{eventLabel(e.kind, t)}</Typography.Text>
          {typeof e.payload.name === 'string' && <> · {stepName({ name: e.payload.name, nameEn: typeof e.payload.nameEn === 'string' ? e.payload.nameEn : null }, e.payload.name, t)}</>}
          {typeof e.payload.reason === 'string' && <> · {t('理由', 'Reason')}：{e.payload.reason}</>}
          <br />
          <Typography.Text type="secondary">{chinaTime(e.occurredAt)} · <span data-testid="event-actor" title={e.actor}>{whoOf(e, t)}</span></Typography.Text>
        </div>
      ),
    }))} />
  );
}
