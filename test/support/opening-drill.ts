// A tender cut down to its bidding and opening, for the browser test of the 不见面开标 hall on the real dev server:
// the deal is registered, its tender notice published and bidding opened by the worker; the opening comes at the
// announced time (a timer on `openingAt`, minutes away rather than the statutory 20 days), the platform's seal is
// removed, one minute of decryption follows, and the opening is closed. Everything else of a tender is left out.
// Also: an electronic-guarantee issuer speaking the README's protocol.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildBpmn } from './bpmn-builder';

const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

export function openingDrillBpmn(processKey: string): string {
  return buildBpmn({
    id: processKey,
    name: '开标演练',
    nodes: [
      { id: 'start', type: 'startEvent' },
      { id: 'accept', type: 'serviceTask', name: '受理登记', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
      { id: 'publishTender', type: 'serviceTask', name: '发布招标公告', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: `title + ${q('招标公告')}`, body: 'noticeBody', documentsOnSaleUntil: 'documentsOnSaleUntil' } },
      { id: 'openBidding', type: 'serviceTask', name: '开始投标', taskType: 'bids.openBidding' },
      { id: 'untilOpening', type: 'timerCatch', date: '${openingAt}', name: '开标时间' },
      { id: 'openBids', type: 'serviceTask', name: '开标', taskType: 'bids.open', inputs: { sectionCode: 'sectionCodes[0]', deadline: 'openingAt', decryptMinutes: '1' } },
      { id: 'decryptionWindow', type: 'timerCatch', duration: 'PT1M', name: '解密时段' },
      { id: 'finalizeOpening', type: 'serviceTask', name: '开标结束', taskType: 'bids.finalizeOpening', inputs: { sectionCode: 'sectionCodes[0]' } },
      { id: 'end', type: 'endEvent' },
    ],
    flows: [['start', 'accept'], ['accept', 'publishTender'], ['publishTender', 'openBidding'], ['openBidding', 'untilOpening'], ['untilOpening', 'openBids'],
      ['openBids', 'decryptionWindow'], ['decryptionWindow', 'finalizeOpening'], ['finalizeOpening', 'end']],
  });
}

export interface IssuedGuarantee { applicantCreditCode: string; dealCode: string; sectionCode: string; amountFen: number; validFrom: string; validUntil: string }

/** An issuer that knows the guarantees put into `guarantees` (POST /guarantees/verify with its bearer token). */
export async function guaranteeIssuer(token: string): Promise<{ url: string; guarantees: Map<string, IssuedGuarantee>; close(): Promise<void> }> {
  const guarantees = new Map<string, IssuedGuarantee>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/guarantees/verify' || req.headers.authorization !== `Bearer ${token}`) return reply(403, {});
      const { guaranteeNo } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { guaranteeNo: string };
      const g = guarantees.get(guaranteeNo);
      return g ? reply(200, { status: 'valid', guaranteeNo, ...g }) : reply(404, { status: 'unknown' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, guarantees,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
