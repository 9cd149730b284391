// exchange.push (数据归集): maps the deal to national data spec V2.0 records and queues the new or changed ones in the
// outbox, in the same transaction; the dispatcher delivers them to the provincial platform.
import { z } from 'zod';
import { Deal } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { DATA_SETS, DATA_SET_TITLES, loadDealSource, mapDataSet, type DataSetName, type SpecRecord } from './data-sets';
import { enqueueRecord } from './outbox';

const input = z.object({
  /** The data sets to push (each must have data); default: every data set the deal has data for. */
  dataSets: z.array(z.enum(DATA_SETS)).min(1).max(DATA_SETS.length)
    .refine((sets) => new Set(sets).size === sets.length, { message: 'a data set is named twice' }).optional(),
}).strict();

export const pushDataSets = defineTask({
  type: 'exchange.push',
  input,
  async run(ctx, { dataSets }) {
    const dealCode = ctx.requireDealCode();
    const deal = await loadDealSource(ctx.trx, dealCode);
    if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
    // a sandbox deal (演练) is never reported to the provincial and national platforms: the step passes, queueing nothing
    if ((await Deal.query(ctx.trx).modify('byDealCode', dealCode).select('is_sandbox').first())?.is_sandbox) {
      await ctx.emit('exchange.queued', { dealCode, queued: [], unchanged: 0, counts: {}, sandbox: true });
      return { result: { queued: [], unchanged: 0, sandbox: true } };
    }
    // Delivery follows the spec's order (the project before its sections …) whatever order they were named in.
    const selected = DATA_SETS.filter((name) => !dataSets || dataSets.includes(name));
    const records: SpecRecord[] = [];
    for (const name of selected) {
      const mapped = await mapDataSet(ctx.trx, name, deal, ctx.now);
      if (mapped.length === 0 && dataSets) {
        const title = DATA_SET_TITLES[name];
        throw new BusinessError('EXCHANGE_NO_DATA', `交易项目 ${dealCode} 尚无可归集的${title.zh}（${name}）`, `deal ${dealCode} has no ${title.en} (${name}) to push yet`, { dealCode, dataSet: name });
      }
      records.push(...mapped);
    }
    const messages = [];
    for (const record of records) {
      messages.push(await enqueueRecord(ctx.trx, record, { dealCode, regionCode: deal.regionCode, at: ctx.now, key: ctx.key }));
    }
    const queued = messages.filter((m) => m.created).map(({ created: _created, ...m }) => m);
    const counts = Object.fromEntries(selected.map((name): [DataSetName, number] => [name, queued.filter((m) => m.dataSet === name).length]));
    await ctx.emit('exchange.queued', { dealCode, queued: queued.map((m) => m.messageId), unchanged: messages.length - queued.length, counts });
    return { result: { queued, unchanged: messages.length - queued.length } };
  },
});
