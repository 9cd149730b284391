// The venue and the opening inside a deal's process on the real dev server: too few bids take the BPMN error
// boundary to a new tender, writing no opening; three bids open and hand openedBids to the next step; a
// supervisor's terminate compensates the booking (venue.release with all: true).
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { resolveDefinition } from '@ggzy/domain';
import { calendarFor, withCheckCharacter } from '@ggzy/db';
import { WORKFLOW_TYPES, directiveUpdate, processStateQuery, type ProcessInput, type ProcessSnapshot } from '@ggzy/workflows';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { runTask, type TaskCall } from '../../../test/support/activities';
import { buildBpmn } from '../../../test/support/bpmn-builder';
import { deployApproved } from '../../../test/support/definitions';
import { dataConverter, startWorker, temporalAddress, type RunningWorker } from '../../../test/support/platform';

const HOUR = 3600_000;
const SUPERVISOR = { userId: 3, username: 'supervisor', role: 'supervisor', regionCode: '990100' };

const PROCESS = buildBpmn({
  id: 'opening_with_venue',
  nodes: [
    { id: 'start', type: 'startEvent' },
    { id: 'book', type: 'serviceTask', taskType: 'venue.book', inputs: { roomKind: "'opening_hall'", start: 'openingStart', end: 'openingEnd', purpose: "'开标'", sectionCode: 'sectionCode' } },
    { id: 'bookComp', type: 'boundaryCompensation', attachedTo: 'book', handler: 'release' },
    { id: 'release', type: 'serviceTask', taskType: 'venue.release', forCompensation: true, inputs: { all: 'true', reason: "'项目终止'" } },
    { id: 'open', type: 'serviceTask', taskType: 'bids.open', inputs: { sectionCode: 'sectionCode', deadline: 'deadline' } },
    { id: 'tooFew', type: 'boundaryError', attachedTo: 'open', errorCode: 'FEWER_THAN_THREE_BIDS' },
    { id: 'retender', type: 'userTask', role: 'staff' },
    { id: 'evaluate', type: 'userTask', role: 'staff' },
    { id: 'end', type: 'endEvent' },
    { id: 'retenderEnd', type: 'endEvent' },
  ],
  flows: [['start', 'book'], ['book', 'open'], ['open', 'evaluate'], ['evaluate', 'end'], ['tooFew', 'retender'], ['retender', 'retenderEnd']],
});

const bidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA3${String(n).padStart(6, '0')}`), name: `第${n}市政工程有限公司` });

/** The next Tuesday to Thursday at least two days ahead, 09:00–10:00 local time. */
function openingWindow(): { start: string; end: string } {
  for (let day = new Date(Date.now() + 2 * 24 * HOUR); ; day = new Date(day.getTime() + 24 * HOUR)) {
    const local = new Date(day.getTime() + 8 * HOUR);
    if ([2, 3, 4].includes(local.getUTCDay())) {
      const date = local.toISOString().slice(0, 10);
      return { start: `${date}T09:00:00+08:00`, end: `${date}T10:00:00+08:00` };
    }
  }
}

describe.each(DATABASES)('the opening in a deal process on %s', (_name, create) => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let connection: Connection;
  let client: Client;
  const taskQueue = `bids-process-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await deployApproved(database.db, { xml: PROCESS, regionCode: '990000', deployedBy: null });
    worker = await startWorker(database.db, taskQueue);
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await database?.close();
  });

  /** A registered deal whose `submitting` bidders sealed their bids an hour before the deadline, which has passed. */
  async function dealWithBids(no: number, submitting: number): Promise<{ dealCode: string; workflowId: string; deadline: string }> {
    const dealCode = `990100-2026-JS-${String(no).padStart(5, '0')}`;
    const workflowId = `deal-${dealCode}-${taskQueue}`;
    const earlier = { now: () => new Date(Date.now() - 2 * HOUR) };
    const deadline = new Date(Date.now() - HOUR).toISOString();
    const call = (c: Omit<TaskCall, 'workflowId' | 'dealCode'>): TaskCall => ({ ...c, workflowId: `setup-${workflowId}`, dealCode, key: `setup-${workflowId}:${c.key}` });
    await runTask(database.db, call({ type: 'registration.acceptDeal', key: 'accept', input: {
      title: `东湖市污水管网改造工程（${no}）`, procedureKind: 'construction-open-tender',
      tenderee: { creditCode: withCheckCharacter('91990100MA0000041'), name: '东湖市水务局' }, sections: [{ name: '施工' }],
    } }), earlier);
    for (let n = 1; n <= 4; n++) {
      await runTask(database.db, call({ type: 'registration.registerBidder', key: `register-${n}`, input: { sectionCode: `${dealCode}-01`, bidder: bidder(n) } }), earlier);
    }
    for (let n = 1; n <= submitting; n++) {
      await runTask(database.db, call({ type: 'bids.submit', key: `submit-${n}`, input: {
        sectionCode: `${dealCode}-01`, bidder: bidder(n).creditCode, priceFen: 500_000_000 + n * 1_000_000, documentSha256: 'ab'.repeat(32), deadline,
      } }), earlier);
    }
    return { dealCode, workflowId, deadline };
  }

  async function start(deal: { dealCode: string; workflowId: string; deadline: string }): Promise<WorkflowHandle> {
    const { model, definition } = await resolveDefinition(database.db, 'opening_with_venue', '990100');
    const window = openingWindow();
    const input: ProcessInput = {
      model, definition, regionCode: '990100', dealCode: deal.dealCode, startedBy: 'staff', calendar: await calendarFor(database.db, '990100'),
      variables: { sectionCode: `${deal.dealCode}-01`, deadline: deal.deadline, openingStart: window.start, openingEnd: window.end },
    };
    return client.workflow.start(WORKFLOW_TYPES.process, { workflowId: deal.workflowId, taskQueue, args: [input] });
  }

  async function waitForTask(handle: WorkflowHandle, nodeId: string): Promise<ProcessSnapshot> {
    for (let i = 0; i < 300; i++) {
      const state = await handle.query(processStateQuery);
      if (state.openTasks.some((t) => t.nodeId === nodeId)) return state;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${nodeId} never opened`);
  }

  const activeBookings = (dealCode: string) => database.db('venue_bookings as b').join('deals as d', 'd.id', 'b.deal_id')
    .where('d.deal_code', dealCode).whereNull('b.released_at').select('b.id');

  test('two bids: FEWER_THAN_THREE_BIDS takes the error boundary to a new tender and no opening is written', async () => {
    const deal = await dealWithBids(51, 2);
    const handle = await start(deal);
    const state = await waitForTask(handle, 'retender');
    expect(state.visited).toEqual(expect.arrayContaining(['book', 'open', 'tooFew', 'retender']));
    expect(state.visited).not.toContain('evaluate');
    expect(Number((await database.db('bid_openings').count('* as n').first())!.n)).toBe(0);
    expect(await activeBookings(deal.dealCode)).toHaveLength(1);
    await handle.terminate('test over');
  });

  test('three bids open and carry to evaluation; a terminate directive releases the venue by compensation', async () => {
    const deal = await dealWithBids(52, 3);
    const handle = await start(deal);
    const state = await waitForTask(handle, 'evaluate');
    const openedBids = state.variables.openedBids as Array<{ creditCode: string; priceFen: number }>;
    expect(openedBids.map((b) => [b.creditCode, b.priceFen])).toEqual([1, 2, 3].map((n) => [bidder(n).creditCode, 500_000_000 + n * 1_000_000]));
    expect(state.variables.venueBooking).toMatchObject({ roomKind: 'opening_hall', sectionCode: `${deal.dealCode}-01` });
    expect(await activeBookings(deal.dealCode)).toHaveLength(1);

    await handle.executeUpdate(directiveUpdate, { args: [{ directiveId: `terminate-${deal.dealCode}`, kind: 'terminate', actor: SUPERVISOR, reason: '招标人撤销项目' }] });
    const result = await handle.result();
    expect(result.lifecycle).toBe('terminated');
    expect(await activeBookings(deal.dealCode)).toHaveLength(0);
    const released = await database.db('supervision_events').where({ deal_code: deal.dealCode, kind: 'venue.released' }).first();
    expect(JSON.parse(released.payload)).toMatchObject({ taskType: 'venue.release', all: true, reason: '项目终止', releasedBookingIds: [expect.any(Number)] });
  });
});
