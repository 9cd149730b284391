import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendSupervisionEvent, postponeForCalendar } from '@ggzy/domain';
import { getWorkCalendar, putWorkCalendar } from '@ggzy/db';
import { defineRoute } from '../http/routes';
import { AppError } from '../http/errors';
import { canSeeRegion } from '../auth/principal';
import { tellProcedure } from '../services/postponements';

const Params = z.object({ regionCode: z.string().regex(/^\d{6,12}$/), year: z.coerce.number().int().min(2000).max(2100) });
const Date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Calendar = z.object({ holidays: z.array(Date).max(80), workdays: z.array(Date).max(30) }).strict();

function weekday(date: string): number {
  return new globalThis.Date(`${date}T00:00:00Z`).getUTCDay();
}

export const calendarRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/work-calendars/:regionCode/:year',
    summary: 'The working-day calendar of a region for a year: public holidays and make-up working days (调休)',
    tag: 'calendars',
    permission: 'calendar:read',
    params: Params,
    responses: { 200: { description: 'The calendar', schema: Calendar } },
    async handler({ params, deps, principal }) {
      if (!canSeeRegion(principal!, params.regionCode)) throw new AppError('NOT_FOUND');
      const calendar = await getWorkCalendar(deps.db, params.regionCode, params.year);
      if (!calendar) throw new AppError('NOT_FOUND');
      return { status: 200, body: calendar };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/work-calendars/:regionCode/:year',
    summary: 'Set the working-day calendar of a region for a year (as published by the State Council); open deals whose opening now falls on a day off are postponed to the next working day, each with a change notice',
    tag: 'calendars',
    permission: 'calendar:write',
    params: Params,
    body: Calendar,
    responses: { 204: { description: 'Saved' } },
    async handler({ params, body, deps, principal }) {
      if (!canSeeRegion(principal!, params.regionCode)) throw new AppError('FORBIDDEN');
      const problems = [
        ...[...body.holidays, ...body.workdays].filter((d) => !d.startsWith(`${params.year}-`) || Number.isNaN(globalThis.Date.parse(d))).map((d) => ({ path: 'body', message: `${d} is not a date of ${params.year}` })),
        ...body.holidays.filter((d) => body.workdays.includes(d)).map((d) => ({ path: 'body.workdays', message: `${d} is both a holiday and a working day` })),
        ...body.workdays.filter((d) => weekday(d) !== 0 && weekday(d) !== 6).map((d) => ({ path: 'body.workdays', message: `${d} is not a weekend day; make-up working days fall on weekends` })),
      ];
      if (problems.length) throw new AppError('VALIDATION_FAILED', problems);
      // a calendar moves every statutory deadline of the region: the change goes on the trail with the one who made it,
      // and an opening that now falls on a day off moves to the next working day (顺延, with its change notice)
      const moved = await deps.db.transaction(async (trx) => {
        const before = await getWorkCalendar(trx, params.regionCode, params.year);
        await putWorkCalendar(trx, params.regionCode, params.year, body, principal!.userId);
        const changeKey = randomUUID();
        await appendSupervisionEvent(trx, {
          idempotencyKey: `calendar.written:${changeKey}`, dealCode: null, regionCode: params.regionCode, kind: 'calendar.written',
          actor: principal!.username, payload: { role: principal!.role, year: params.year, holidays: [...body.holidays].sort(), workdays: [...body.workdays].sort(), replaced: before !== null },
        });
        return postponeForCalendar(trx, { regionCode: params.regionCode, changeKey, actor: principal!.username, now: new globalThis.Date() });
      });
      for (const dealCode of new Set(moved.map((m) => m.dealCode))) await tellProcedure(deps, dealCode);
      return { status: 204 };
    },
  }),
];
