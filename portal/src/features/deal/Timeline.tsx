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

/** The dates of a deal a 顺延 may move, in words. */
const DATE_NAMES: Record<string, [string, string]> = {
  openingAt: ['开标时间', 'Opening time'], bidDeadline: ['投标截止时间', 'Bid deadline'], evaluationAt: ['评标时间', 'Evaluation time'],
  listingStartsAt: ['挂牌开始时间', 'Listing start'], listingEndsAt: ['挂牌截止时间', 'Listing end'],
};

const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T\d{2}:\d{2}/.test(v);

/** What moved, from when to when: a 顺延's dates, a timer that followed its date, a postponed deadline. */
function movesOf(e: TimelineEvent, t: (zh: string, en: string) => string): Array<{ what: string; from: string; to: string }> {
  const name = (variable: string) => (DATE_NAMES[variable] ? t(...DATE_NAMES[variable]) : variable);
  const changes = Array.isArray(e.payload.changes) ? (e.payload.changes as Array<Record<string, unknown>>) : [];
  const moves = changes.filter((c) => typeof c.variable === 'string' && isInstant(c.from) && isInstant(c.to))
    .map((c) => ({ what: name(c.variable as string), from: c.from as string, to: c.to as string }));
  const what = e.kind === 'timer.rescheduled' ? t('定时', 'Timer') : e.kind === 'deadline.postponed' ? t('投标截止时间', 'Bid deadline') : t('时间', 'Time');
  if (isInstant(e.payload.from) && isInstant(e.payload.to)) moves.push({ what, from: e.payload.from, to: e.payload.to });
  return moves;
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
          {movesOf(e, t).map((m) => (
            <div key={m.what} data-testid="event-move">{m.what}：{chinaTime(m.from)} → {chinaTime(m.to)}</div>
          ))}
          <br />
          <Typography.Text type="secondary">{chinaTime(e.occurredAt)} · <span data-testid="event-actor" title={e.actor}>{whoOf(e, t)}</span></Typography.Text>
        </div>
      ),
    }))} />
  );
}
