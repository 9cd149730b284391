// A small tender procedure for the tests of 顺延: 受理 → tender notice (its deadline is the start variable openingAt)
// → a timer until the opening → 开标 (staff). Start it with title, estimateFen, tenderee, agent, sections, openingAt
// and documentsOnSaleUntil (at least 5 days on).
import { buildBpmn } from './bpmn-builder';

const q = (s: string) => `'${s}'`;

export function openingProcedure(key: string, name = '顺延演示'): string {
  return buildBpmn({
    id: key, name,
    nodes: [
      { id: 'start', type: 'startEvent' },
      { id: 'accept', type: 'serviceTask', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
      { id: 'publish', type: 'serviceTask', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: 'title', body: q('现进行公开招标，欢迎合格的投标人参加。'), documentsOnSaleUntil: 'documentsOnSaleUntil' } },
      { id: 'untilOpening', type: 'timerCatch', name: '开标时间', date: '${openingAt}' },
      { id: 'openBids', type: 'userTask', name: '开标', role: 'staff' },
      { id: 'end', type: 'endEvent' },
    ],
    flows: [['start', 'accept'], ['accept', 'publish'], ['publish', 'untilOpening'], ['untilOpening', 'openBids'], ['openBids', 'end']],
  });
}
