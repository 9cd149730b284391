import { withCheckCharacter } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { isSlotConflict } from './claims';
import { DEAL, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';

const accept: TaskCall = {
  type: 'registration.acceptDeal', nodeId: 'accept',
  input: {
    title: '东湖市体育中心改造工程', procedureKind: 'construction-open-tender',
    tenderee: { creditCode: withCheckCharacter('91990100MA0000011'), name: '东湖市体育事业发展中心' },
    sections: [{ name: '施工', estimateFen: 800_000_000 }, { name: '监理', estimateFen: 60_000_000 }],
  },
};

// PINNED_NOW is Monday 2026-03-02 09:00 local time; the 10th is a Tuesday.
const at = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`;

const book = (n: number, input: Record<string, unknown>): TaskCall => ({
  type: 'venue.book', nodeId: 'book', key: `wf-test:book#${n}`,
  input: { purpose: '开标', start: at('10', '09:00'), end: at('10', '11:00'), ...input },
});
const release = (n: number, input: Record<string, unknown>): TaskCall => ({ type: 'venue.release', nodeId: 'release', key: `wf-test:release#${n}`, input });

async function eventsOf(database: TestDatabase, kind: string) {
  const rows = await database.db('supervision_events').where({ deal_code: DEAL, kind }).orderBy('seq');
  return rows.map((r: { payload: string }) => JSON.parse(r.payload));
}

async function activeClaims(database: TestDatabase) {
  const rows = await database.db('venue_slot_claims as c').join('venue_rooms as r', 'r.id', 'c.room_id').whereNull('c.released_at')
    .orderBy(['r.room_code', 'c.slot_start']).select('r.room_code', 'c.slot_start', 'c.booking_id');
  return rows.map((r: { room_code: string; slot_start: string | Date; booking_id: number }) => `${r.room_code}@${new Date(r.slot_start).toISOString()}#${Number(r.booking_id)}`);
}

describe.each(DATABASES)('venue booking on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    await runTask(database.db, accept);
  });
  afterEach(async () => { await database.close(); });

  test('books the smallest free room of a kind in the deal\'s region, one claim per slot, and notifies supervision', async () => {
    const answer = await runTask(database.db, book(1, { roomKind: 'opening_hall', sectionCode: `${DEAL}-01`, attendees: 30 }));
    const booked = {
      bookingId: 1, roomCode: '990100-KB-02', roomName: '东湖市交易中心第二开标厅', roomKind: 'opening_hall',
      start: '2026-03-10T01:00:00.000Z', end: '2026-03-10T03:00:00.000Z', purpose: '开标', sectionCode: `${DEAL}-01`,
    };
    expect(answer).toEqual({ variables: { venueBooking: booked }, result: booked });
    const row = await database.db('venue_bookings').where('id', 1).first();
    const section = await database.db('sections').where('section_code', `${DEAL}-01`).first('id');
    expect({ ...row, starts_at: new Date(row.starts_at).toISOString(), section_id: Number(row.section_id), attendees: Number(row.attendees) }).toMatchObject({
      starts_at: '2026-03-10T01:00:00.000Z', section_id: Number(section.id), purpose: '开标', attendees: 30, booked_key: 'wf-test:book#1', released_at: null,
    });
    expect(await activeClaims(database)).toEqual(['01:00', '01:30', '02:00', '02:30'].map((t) => `990100-KB-02@2026-03-10T${t}:00.000Z#1`));
    expect(await eventsOf(database, 'venue.booked')).toEqual([expect.objectContaining({ taskType: 'venue.book', bookingId: 1, roomCode: '990100-KB-02', slots: 4, attendees: 30 })]);
  });

  test('a room kind fills up room by room; then the slot is refused as VENUE_SLOT_TAKEN naming room and slot, writing nothing', async () => {
    await runTask(database.db, book(1, { roomKind: 'opening_hall' }));
    const second = await runTask(database.db, book(2, { roomKind: 'opening_hall', start: at('10', '10:00'), end: at('10', '12:00') }));
    expect(second.result).toMatchObject({ roomCode: '990100-KB-01' });
    const before = await dumpDatabase(database.db);
    const refused = await businessErrorOf(runTask(database.db, book(3, { roomKind: 'opening_hall', start: at('10', '10:30'), end: at('10', '11:00') })));
    expect(refused).toMatchObject({
      code: 'VENUE_SLOT_TAKEN', nonRetryable: true,
      details: { roomCode: '990100-KB-02', slotStart: '2026-03-10T02:30:00.000Z', slotEnd: '2026-03-10T03:00:00.000Z', roomKind: 'opening_hall', roomsTried: ['990100-KB-02', '990100-KB-01'] },
    });
    expect(refused.message.zh).toContain('10:30');
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('by room code: an overlapping window is refused at its first taken slot; an adjacent one is free (slots are half-open)', async () => {
    await runTask(database.db, book(1, { roomCode: '990100-PB-03' }));
    const refused = await businessErrorOf(runTask(database.db, book(2, { roomCode: '990100-PB-03', start: at('10', '10:30'), end: at('10', '12:00') })));
    expect(refused).toMatchObject({ code: 'VENUE_SLOT_TAKEN', details: { roomCode: '990100-PB-03', slotStart: '2026-03-10T02:30:00.000Z' } });
    expect(refused.message.zh).toContain('990100-PB-03');
    expect(refused.message.en).toContain('2026-03-10 10:30–11:00');
    await runTask(database.db, book(3, { roomCode: '990100-PB-03', start: at('10', '11:00'), end: at('10', '12:00') }));
    await runTask(database.db, book(4, { roomCode: '990100-PB-03', start: at('10', '08:00'), end: at('10', '09:00') }));
    expect((await activeClaims(database)).length).toBe(4 + 2 + 2);
  });

  test('a room of another city may be booked by code (remote evaluation) and keeps that city\'s hours', async () => {
    const answer = await runTask(database.db, book(1, { roomCode: '990200-PB-01', purpose: '远程异地评标' }));
    expect(answer.result).toMatchObject({ roomCode: '990200-PB-01', roomKind: 'evaluation_room' });
  });

  test('release frees the slots for others; releasing again is no error; all: true releases what is left', async () => {
    await runTask(database.db, book(1, { roomCode: '990100-KB-01' }));
    await runTask(database.db, book(2, { roomCode: '990100-PB-01', purpose: '评标' }));
    expect(await runTask(database.db, release(1, { bookingId: 1, reason: '开标时间调整' }))).toEqual({ result: { releasedBookingIds: [1], alreadyReleasedBookingIds: [] } });
    const booking = await database.db('venue_bookings').where('id', 1).first();
    expect(booking).toMatchObject({ released_key: 'wf-test:release#1', release_reason: '开标时间调整' });
    expect(booking.released_at).not.toBeNull();
    expect(await database.db('venue_slot_claims').where('booking_id', 1).whereNull('released_at')).toHaveLength(0);

    const rebooked = await runTask(database.db, book(3, { roomCode: '990100-KB-01' }));
    expect(rebooked.result).toMatchObject({ bookingId: 3, roomCode: '990100-KB-01' });
    expect(await runTask(database.db, release(2, { bookingId: 1 }))).toEqual({ result: { releasedBookingIds: [], alreadyReleasedBookingIds: [1] } });
    expect(await runTask(database.db, release(3, { all: true, reason: '项目终止' }))).toEqual({ result: { releasedBookingIds: [2, 3], alreadyReleasedBookingIds: [] } });
    expect(await activeClaims(database)).toEqual([]);
    expect(await runTask(database.db, release(4, { all: true }))).toEqual({ result: { releasedBookingIds: [], alreadyReleasedBookingIds: [] } });
    expect((await eventsOf(database, 'venue.released')).map((e) => [e.releasedBookingIds, e.alreadyReleasedBookingIds, e.all])).toEqual([
      [[1], [], false], [[], [1], false], [[2, 3], [], true], [[], [], true],
    ]);
  });

  test('a retry with the same key answers the stored booking and writes nothing more, even after the booking was released', async () => {
    const first = await runTask(database.db, book(1, { roomKind: 'evaluation_room' }));
    expect(await runTask(database.db, book(1, { roomKind: 'evaluation_room' }))).toEqual(first);
    await runTask(database.db, release(1, { all: true }));
    const before = await dumpDatabase(database.db);
    expect(await runTask(database.db, book(1, { roomKind: 'evaluation_room' }))).toEqual(first);
    expect(await runTask(database.db, release(1, { all: true }))).toEqual({ result: { releasedBookingIds: [1], alreadyReleasedBookingIds: [] } });
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('commit, then fail: the retried run leaves exactly what one clean run leaves', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [
      accept, book(1, { roomKind: 'opening_hall' }), book(2, { roomKind: 'opening_hall' }), book(3, { roomCode: '990100-PB-01' }),
      release(1, { bookingId: 1 }), release(2, { bookingId: 1 }), release(3, { all: true }),
    ]);
    expect(outcome.crashes).toBe(7);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await runTask(database.db, book(0, { roomCode: '990100-KB-01', start: at('11', '09:00'), end: at('11', '10:00') }));
    await database.db('venue_rooms').where('room_code', '990100-PB-02').update({ is_active: false });
    const before = await dumpDatabase(database.db);
    const cases: Array<[TaskCall, string]> = [
      [book(1, { roomKind: 'opening_hall', roomCode: '990100-KB-01' }), 'INVALID_INPUT'],
      [book(2, {}), 'INVALID_INPUT'],
      [book(3, { roomKind: 'lobby' }), 'INVALID_INPUT'],
      [book(4, { roomKind: 'opening_hall', end: at('10', '09:00') }), 'INVALID_INPUT'],
      [book(5, { roomKind: 'opening_hall', start: '2026-03-10 09:00' }), 'INVALID_INPUT'],
      [book(6, { roomKind: 'opening_hall', purpose: ' ' }), 'INVALID_INPUT'],
      [book(7, { roomKind: 'opening_hall', attendees: -3 }), 'INVALID_INPUT'],
      [book(8, { roomKind: 'opening_hall', start: at('10', '09:15') }), 'VENUE_SLOT_MISALIGNED'],
      [book(9, { roomKind: 'opening_hall', end: at('10', '10:59') }), 'VENUE_SLOT_MISALIGNED'],
      [book(10, { roomKind: 'opening_hall', start: at('02', '08:30'), end: at('02', '10:00') }), 'VENUE_IN_THE_PAST'],
      [book(11, { roomKind: 'opening_hall', start: at('14', '09:00'), end: at('14', '10:00') }), 'VENUE_OUTSIDE_OPENING_HOURS'],
      [book(12, { roomKind: 'opening_hall', start: at('10', '17:00'), end: at('10', '18:30') }), 'VENUE_OUTSIDE_OPENING_HOURS'],
      [book(13, { roomKind: 'opening_hall', start: at('10', '07:30') }), 'VENUE_OUTSIDE_OPENING_HOURS'],
      [book(14, { roomKind: 'opening_hall', start: at('10', '17:00'), end: at('11', '09:00') }), 'VENUE_OUTSIDE_OPENING_HOURS'],
      [book(15, { roomCode: '990100-XX-99' }), 'VENUE_ROOM_NOT_FOUND'],
      [book(16, { roomCode: '990100-PB-02' }), 'VENUE_ROOM_INACTIVE'],
      [book(17, { roomCode: '990100-KB-02', attendees: 41 }), 'VENUE_ROOM_TOO_SMALL'],
      [book(18, { roomKind: 'evaluation_room', attendees: 16 }), 'VENUE_NO_ROOM'],
      [book(19, { roomKind: 'opening_hall', sectionCode: `${DEAL}-09` }), 'SECTION_NOT_FOUND'],
      [{ ...book(20, { roomKind: 'opening_hall' }), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      [{ ...book(21, { roomKind: 'opening_hall' }), dealCode: null }, 'DEAL_CODE_MISSING'],
      [book(22, { roomCode: '990100-KB-01', start: at('11', '09:30'), end: at('11', '10:30') }), 'VENUE_SLOT_TAKEN'],
      [release(1, {}), 'INVALID_INPUT'],
      [release(2, { bookingId: 1, all: true }), 'INVALID_INPUT'],
      [release(3, { all: false }), 'INVALID_INPUT'],
      [release(4, { bookingId: 99 }), 'VENUE_BOOKING_NOT_FOUND'],
      [{ ...release(5, { all: true }), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
    ];
    for (const [call, code] of cases) {
      const error = await businessErrorOf(runTask(database.db, call));
      expect({ key: call.key, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ key: call.key, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('opening hours are data: public holidays close the venues, make-up working days (调休) keep Monday\'s hours', async () => {
    await database.db('work_calendars').insert({ region_code: '990100', year: 2026, holidays: JSON.stringify(['2026-03-10']), workdays: JSON.stringify(['2026-03-14']), updated_at: '2026-01-01T00:00:00.000Z' });
    const closed = await businessErrorOf(runTask(database.db, book(1, { roomKind: 'opening_hall' })));
    expect(closed).toMatchObject({ code: 'VENUE_OUTSIDE_OPENING_HOURS', details: { date: '2026-03-10', opens: null } });
    expect(closed.message.zh).toContain('法定节假日');
    await runTask(database.db, book(2, { roomKind: 'opening_hall', start: at('14', '09:00'), end: at('14', '10:00') }));
    await database.db('venue_opening_hours').where({ region_code: '990100', weekday: 3 }).update({ opens_minute: 9 * 60, closes_minute: 12 * 60 });
    const wednesday = await businessErrorOf(runTask(database.db, book(3, { roomKind: 'opening_hall', start: at('11', '08:30'), end: at('11', '09:30') })));
    expect(wednesday).toMatchObject({ code: 'VENUE_OUTSIDE_OPENING_HOURS', details: { opens: '09:00', closes: '12:00' } });
    // rooms open round the clock (as a sandbox's practice rooms are) take a booking across midnight; closing at
    // midnight with the next day opening later, they do not
    await database.db('venue_opening_hours').where({ region_code: '990100' }).whereIn('weekday', [4, 5]).update({ opens_minute: 0, closes_minute: 24 * 60 });
    await runTask(database.db, book(4, { roomKind: 'opening_hall', start: at('12', '23:30'), end: at('13', '00:30') }));
    await database.db('venue_opening_hours').where({ region_code: '990100', weekday: 5 }).update({ opens_minute: 8 * 60 });
    const overnight = await businessErrorOf(runTask(database.db, book(5, { roomKind: 'opening_hall', start: at('12', '22:30'), end: at('13', '00:30') })));
    expect(overnight).toMatchObject({ code: 'VENUE_OUTSIDE_OPENING_HOURS', details: { date: '2026-03-12' } });
  });

  test('a booking of another deal is not this deal\'s to release', async () => {
    const other = '990100-2026-JS-00002';
    await runTask(database.db, { ...accept, dealCode: other, workflowId: 'wf-other', key: 'wf-other:accept#1' });
    await runTask(database.db, { ...book(1, { roomKind: 'opening_hall' }), dealCode: other, workflowId: 'wf-other', key: 'wf-other:book#1' });
    expect(await businessErrorOf(runTask(database.db, release(1, { bookingId: 1 })))).toMatchObject({ code: 'VENUE_BOOKING_NOT_FOUND', details: { dealCode: DEAL, bookingId: 1 } });
    expect(await runTask(database.db, release(2, { all: true }))).toEqual({ result: { releasedBookingIds: [], alreadyReleasedBookingIds: [] } });
    expect(await activeClaims(database)).toEqual(['01:00', '01:30', '02:00', '02:30'].map((t) => `990100-KB-02@2026-03-10T${t}:00.000Z#1`));
  });

  test('a terminated deal books nothing, but can still release what it holds', async () => {
    await runTask(database.db, book(1, { roomKind: 'opening_hall' }));
    await database.db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    expect((await businessErrorOf(runTask(database.db, book(2, { roomKind: 'evaluation_room' })))).code).toBe('DEAL_CLOSED');
    expect(await runTask(database.db, release(1, { all: true }))).toEqual({ result: { releasedBookingIds: [1], alreadyReleasedBookingIds: [] } });
  });

  test('the database itself refuses a second active claim of a slot, and a claim of another room than its booking\'s', async () => {
    await runTask(database.db, book(1, { roomCode: '990100-KB-01' }));
    const claim = await database.db('venue_slot_claims').where('booking_id', 1).first();
    const { id: _id, ...copy } = claim;
    const refusal = (insert: Promise<unknown>) => insert.then(() => null, (err: { code?: string; message?: string }) => err);
    const duplicate = await refusal(database.db('venue_slot_claims').insert(copy));
    expect({ conflict: isSlotConflict(duplicate), code: duplicate?.code, message: duplicate?.message }).toMatchObject({ conflict: true });
    await database.db('venue_slot_claims').insert({ ...copy, released_at: '2026-03-03T00:00:00.000Z' }); // released claims do not count
    const other = await database.db('venue_rooms').where('room_code', '990100-KB-02').first('id');
    const wrongRoom = await refusal(database.db('venue_slot_claims').insert({ ...copy, room_id: other.id }));
    expect(wrongRoom?.code).toBe(database.kind === 'postgres' ? '23503' : 'SQLITE_CONSTRAINT_FOREIGNKEY');
  });
});
