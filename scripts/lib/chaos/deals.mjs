// One deal of the money drill (scripts/chaos/money_drill.bpmn) driven through the apis as the centre's staff does it:
// started, the suppliers and their deposits recorded, the winner confirmed, the contract signed — then awaited to its
// end. Every step is safe to repeat after an unanswered request: a start is looked up by the drill reference it
// carries before it is sent again, and a task that is no longer open was completed by the attempt that got no answer.
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../paths.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

export const DRILL_KEY = 'money_drill';
const ESTIMATE_FEN = 500_000_000; // 500 万元
const DEPOSIT_FEN = 8_000_000; // 1.6 % of the estimate (cap 2 %, 政府采购法实施条例 §33)
const SUPPLIERS = 8;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const creditCode = (first17) => require('@ggzy/db').withCheckCharacter(first17);

export function supplier(n) {
  return { creditCode: creditCode(`91990100MC3${String(n).padStart(6, '0')}`), name: `演练供应商${n}有限公司`, basicAccount: `62228800000000${String(n).padStart(2, '0')}` };
}

/** Three or four of the eight suppliers, a different set per deal (so suppliers take part in many deals at once). */
export function biddersOf(i) {
  const count = 3 + (i % 2);
  return Array.from({ length: count }, (_, k) => supplier(((i + k * 3) % SUPPLIERS) + 1));
}

/** Today in China Standard Time: the contract's date (refunds count from it and may not precede it). */
function todayInChina() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function startVariables(ref, i) {
  return {
    drillRef: ref,
    title: `资金流程演练 ${ref}`,
    estimateFen: ESTIMATE_FEN,
    tenderee: { creditCode: creditCode('11990100MB0009001'), name: '东湖市演练采购人' },
    agent: { creditCode: creditCode('91990100MA0009002'), name: '东湖演练采购代理有限公司' },
    sections: [{ name: `演练标段 ${i + 1}`, estimateFen: ESTIMATE_FEN }],
  };
}

const ENDED = new Set(['completed', 'failed', 'terminated']);

export class DrillDeal {
  constructor(api, runId, i, { deadlineMs, onProgress, claimed }) {
    this.api = api;
    /** Workflow ids the campaign's deals already own (shared by all of them). */
    this.claimed = claimed;
    this.i = i;
    this.ref = `${runId}-${String(i + 1).padStart(3, '0')}`;
    this.deadline = Date.now() + deadlineMs;
    this.onProgress = onProgress;
    this.workflowId = null;
    this.dealCode = null;
    this.lifecycle = null;
    this.error = null;
  }

  async run() {
    try {
      await this.start();
      const bidders = biddersOf(this.i);
      await this.complete('recordBidders', { bidders: bidders.map((bidder) => ({ bidder, depositFen: DEPOSIT_FEN })) });
      await this.complete('confirmAward', { winner: bidders[0].creditCode, priceFen: 470_000_000 - this.i * 1000 });
      await this.complete('signContract', { contractNo: `YL-${this.ref}`, contractSignedOn: todayInChina() });
      const final = await this.waitForEnd();
      this.lifecycle = final.lifecycle;
    } catch (err) {
      this.error = err.message;
    }
    return this;
  }

  async start() {
    const body = { processKey: DRILL_KEY, variables: startVariables(this.ref, this.i) };
    const res = await this.api.request('POST', '/api/process-instances', body, { beforeRetry: (failure) => this.findStarted(failure) });
    if (res.status !== 201) throw new Error(`start answered ${res.status}: ${JSON.stringify(res.body)}`);
    this.workflowId = res.body.workflowId;
    this.claimed.add(this.workflowId);
    this.dealCode = res.body.dealCode;
    this.onProgress('started', this);
  }

  /**
   * After a start that got no answer: the deal it may have started, found by its drill reference among the deals no
   * other drill deal has claimed. A 503 DATABASE_UNAVAILABLE needs no look: the api allocates the deal code and reads
   * the calendar before it starts the workflow, so a database outage answers before anything started.
   */
  async findStarted(failure) {
    if (failure.code === 'DATABASE_UNAVAILABLE') return undefined;
    for (let look = 0; look < 3; look++) {
      const list = await this.api.request('GET', `/api/process-instances?processKey=${DRILL_KEY}&limit=200`);
      for (const item of list.body?.items ?? []) {
        if (this.claimed.has(item.workflowId)) continue;
        const state = await this.api.request('GET', `/api/process-instances/${encodeURIComponent(item.workflowId)}`);
        if (state.body?.variables?.drillRef === this.ref) return { status: 201, body: { workflowId: item.workflowId, dealCode: item.dealCode } };
      }
      await sleep(3000); // the list is the worker's projection: give it a moment to show a just-started deal
    }
    return undefined;
  }

  /** The deal as the workflow itself answers (a query): used once at the end, and to recognise a lost start. */
  async state() {
    const res = await this.api.request('GET', `/api/process-instances/${encodeURIComponent(this.workflowId)}`);
    if (res.status !== 200) throw new Error(`state of ${this.workflowId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The deal's row of the deals list (the worker's projection: what the portal lists). */
  async listed() {
    const res = await this.api.request('GET', `/api/process-instances?processKey=${DRILL_KEY}&q=${encodeURIComponent(this.dealCode)}`);
    return (res.body?.items ?? []).find((item) => item.workflowId === this.workflowId) ?? null;
  }

  /** The deal's open tasks in the staff's inbox (the worker's projection, as the portal shows them). */
  async inbox() {
    const res = await this.api.request('GET', `/api/tasks?workflowId=${encodeURIComponent(this.workflowId)}`);
    if (res.status !== 200) throw new Error(`inbox of ${this.workflowId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.items;
  }

  async until(what, probe) {
    for (;;) {
      const found = await probe();
      if (found) return found;
      if (Date.now() > this.deadline) throw new Error(`${this.ref} (${this.workflowId}) did not reach ${what} in time`);
      await sleep(1000 + Math.random() * 1000);
    }
  }

  /** The deal's end: first in the list, then confirmed by the workflow itself. */
  async waitForEnd() {
    await this.until('its end', async () => ENDED.has((await this.listed())?.lifecycle));
    return this.state();
  }

  /** Completes the user task of `nodeId` once it is in the inbox; a retry finds it gone when the lost attempt went through. */
  async complete(nodeId, data) {
    const task = await this.until(`task ${nodeId}`, async () => (await this.inbox()).find((t) => t.nodeId === nodeId));
    const gone = async () => ((await this.inbox()).some((t) => t.taskId === task.taskId) ? undefined : { status: 200, body: { settledBy: 'inbox' } });
    const res = await this.api.request('POST', `/api/process-instances/${encodeURIComponent(this.workflowId)}/tasks/complete`, { taskId: task.taskId, data }, { beforeRetry: gone });
    if (res.status !== 200 && !(res.status === 409 && res.body?.error?.code === 'TASK_CLOSED')) {
      throw new Error(`${this.ref}: completing ${nodeId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    this.onProgress(nodeId, this);
  }
}
