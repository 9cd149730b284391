// The deal's supervision timeline, oldest first: every step, task and directive, with who and when.
import { Timeline as AntTimeline, Typography } from 'antd';
import { useI18n, chinaTime } from '@ggzy/web';
import type { TimelineEvent } from '../../types';
import { eventLabel } from './labels';

export function DealTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useI18n();
  return (
    <AntTimeline data-testid="timeline" items={events.map((e) => ({
      key: e.seq,
      color: e.kind.startsWith('directive.') ? 'red' : e.kind.startsWith('process.') ? 'blue' : 'green',
      children: (
        <div data-kind={e.kind}>
          <Typography.Text strong>{eventLabel(e.kind, t)}</Typography.Text>
          {typeof e.payload.name === 'string' && <> · {e.payload.name}</>}
          {typeof e.payload.reason === 'string' && <> · {t('理由', 'Reason')}：{e.payload.reason}</>}
          <br />
          <Typography.Text type="secondary">{chinaTime(e.occurredAt)} · {e.actor}</Typography.Text>
        </div>
      ),
    }))} />
  );
}
