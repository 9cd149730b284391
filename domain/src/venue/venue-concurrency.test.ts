// The acceptance: 50 concurrent venue bookings for overlapping slots — exactly one wins per slot.
// On PostgreSQL the calls run on a pool of 12 connections at once, so the database constraints decide.
import { openDatabase, withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, businessErrorOf, runTask, type TaskCall } from '../../../test/support/activities';

const accept: TaskCall = {
  type: 'registration.acceptDeal', nodeId: 'accept',
  input: {
    title: '东湖市第二人民医院门诊楼工程', procedureKind: 'construction-open-tender',
    tenderee: { creditCode: withCheckCharacter('91990100MA0000021'), name: '东湖市第二人民医院' }, sections: [{ name: '施工' }],
  },
};

const at = (time: string) => new Date(`2026-03-10T${time}:00+08:00`).toISOString();
const SLOT = 30 * 60_000;

interface Request { n: number; roomCode?: string; roomKind?: string; start: string; end: string }

/** 50 requests: three overlapping windows on one hall, one window wanted ten times, and ten by kind for three rooms. */
function requests(): Request[] {
  const list: Request[] = [];
  const overlapping: Array<[string, string]> = [['09:00', '10:30'], ['10:00', '11:30'], ['11:00', '12:30']];
  for (let i = 0; i < 30; i++) {
    const [start, end] = overlapping[i % 3]!;
    list.push({ n: list.length, roomCode: '990100-KB-01', start: at(start), end: at(end) });
  }
  for (let i = 0; i < 10; i++) list.push({ n: list.length, roomCode: '990100-KB-02', start: at('09:00'), end: at('10:00') });
  for (let i = 0; i < 10; i++) list.push({ n: list.length, roomKind: 'evaluation_room', start: at('14:00'), end: at('16:00') });
  return list;
}

const call = (r: Request): TaskCall => ({
  type: 'venue.book', nodeId: 'book', workflowId: `wf-venue-${r.n}`, key: `wf-venue-${r.n}:book#1`,
  input: { purpose: '开标', start: r.start, end: r.end, ...(r.roomCode ? { roomCode: r.roomCode } : { roomKind: r.roomKind }) },
});

/** Samples how many of this database's sessions are inside a transaction; answers the most seen at once. */
function watchOpenTransactions(db: Db): { stop(): Promise<number> } {
  let most = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      const row = await db('pg_stat_activity').whereRaw('datname = current_database()').whereNotNull('xact_start')
        .whereRaw('pid <> pg_backend_pid()').count('* as n').first();
      most = Math.max(most, Number(row!.n));
    }
  })();
  return { stop: async () => { running = false; await sampling; return most; } };
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) => a.start < b.end && b.start < a.end;

describe.each(DATABASES)('50 concurrent venue bookings on %s', (_name, create) => {
  let database: TestDatabase;
  let pool: Db;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    await runTask(database.db, accept);
    // SQLite has one writer: its handle serialises the calls. PostgreSQL gets 12 connections working at once.
    pool = database.kind === 'postgres' ? openDatabase(database.config, { pool: { min: 12, max: 12 } }) : database.db;
  });
  afterEach(async () => {
    if (pool !== database.db) await pool.destroy();
    await database.close();
  });

  test('exactly one wins per slot, every loser gets VENUE_SLOT_TAKEN, and no two active claims overlap', async () => {
    const all = requests();
    expect(all).toHaveLength(50);
    const overlap = database.kind === 'postgres' ? watchOpenTransactions(database.db) : null;
    const outcomes = await Promise.allSettled(all.map((r) => runTask(pool, call(r))));
    // The calls really overlapped on PostgreSQL: several transactions were open at the same moment.
    if (overlap) expect(await overlap.stop()).toBeGreaterThanOrEqual(3);
    const winners: Array<Request & { roomCode: string; bookingId: number }> = [];
    const losers: Request[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const request = all[i]!;
      if (outcome.status === 'fulfilled') {
        const booked = outcome.value.result as { roomCode: string; bookingId: number; start: string; end: string };
        expect({ start: booked.start, end: booked.end }).toEqual({ start: request.start, end: request.end });
        winners.push({ ...request, roomCode: booked.roomCode, bookingId: booked.bookingId });
      } else {
        const error = await businessErrorOf(Promise.reject(outcome.reason));
        expect({ n: request.n, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ n: request.n, code: 'VENUE_SLOT_TAKEN', nonRetryable: true });
        losers.push(request);
      }
    }

    // The ten identical requests for KB-02: one winner. Ten by kind for the three evaluation rooms: three, one per room.
    expect(winners.filter((w) => w.roomCode === '990100-KB-02')).toHaveLength(1);
    const evaluation = winners.filter((w) => w.roomKind === 'evaluation_room');
    expect(evaluation.map((w) => w.roomCode).sort()).toEqual(['990100-PB-01', '990100-PB-02', '990100-PB-03']);
    // The overlapping windows on KB-01: the winners never overlap, and each loser overlaps a winner (it lost a slot).
    const hall = winners.filter((w) => w.roomCode === '990100-KB-01');
    expect(hall.length).toBeGreaterThanOrEqual(1);
    for (const a of hall) for (const b of hall) if (a !== b) expect(overlaps(a, b)).toBe(false);
    for (const loser of losers.filter((l) => l.roomCode === '990100-KB-01')) expect(hall.some((w) => overlaps(w, loser))).toBe(true);
    expect(winners.length + losers.length).toBe(50);

    // What the tables hold: one active claim per room and slot, exactly the winners' slots, no overlapping bookings.
    const claims = await database.db('venue_slot_claims as c').join('venue_rooms as r', 'r.id', 'c.room_id').whereNull('c.released_at')
      .select('r.room_code', 'c.slot_start', 'c.booking_id');
    const keys = claims.map((c: { room_code: string; slot_start: string | Date }) => `${c.room_code}@${new Date(c.slot_start).toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = winners.flatMap((w) => {
      const slots: string[] = [];
      for (let t = Date.parse(w.start); t < Date.parse(w.end); t += SLOT) slots.push(`${w.roomCode}@${new Date(t).toISOString()}`);
      return slots;
    });
    expect([...keys].sort()).toEqual(expected.sort());
    const overlappingBookings = await database.db('venue_bookings as a')
      .join('venue_bookings as b', (j) => j.on('a.room_id', '=', 'b.room_id').andOn('a.id', '<', 'b.id'))
      .whereNull('a.released_at').whereNull('b.released_at')
      .whereRaw('a.starts_at < b.ends_at').whereRaw('b.starts_at < a.ends_at').count('* as n').first();
    expect(Number(overlappingBookings!.n)).toBe(0);
    expect(await database.db('venue_bookings').pluck('id').then((ids) => ids.map(Number).sort((x, y) => x - y)))
      .toEqual(winners.map((w) => w.bookingId).sort((x, y) => x - y));
    const booked = await database.db('supervision_events').where({ deal_code: DEAL, kind: 'venue.booked' }).count('* as n').first();
    expect(Number(booked!.n)).toBe(winners.length);
    expect(Number((await database.db('activity_runs').where('task_type', 'venue.book').count('* as n').first())!.n)).toBe(winners.length);
  });
});
