// A construction tender driven through a cluster's apis: started, and its tasks found as staff see them.
import { call } from './platform';
import { AGENT, REGISTRATION, TENDEREE } from './deal-fixtures';
import { cstWorkday, until } from './reference-harness';

export async function startTender(url: string, token: string, title: string): Promise<string> {
  const started = await call(url, 'POST', '/api/process-instances', {
    token, body: { processKey: 'construction_open_tender', variables: { title, estimateFen: 200_000_000, ...REGISTRATION, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 200_000_000 }] } },
  });
  if (started.status !== 201) throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`);
  return started.body.workflowId as string;
}

export function openTaskOf(url: string, token: string, workflowId: string, nodeId: string): Promise<{ taskId: string; nodeId: string }> {
  return until(`task ${nodeId}`, async () => {
    const s = await call(url, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token });
    return (s.body.openTasks as Array<{ nodeId: string; taskId: string }> | undefined)?.find((t) => t.nodeId === nodeId);
  }, 120_000);
}

/** The 招标审核 form: opening 22 working days on, evaluation the day after, a five-member committee. */
export function reviewData(now = Date.now()): Record<string, unknown> {
  const openingAt = cstWorkday(now, 22, 9);
  const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9);
  return {
    openingAt, openingEndsAt: openingAt.replace('T09:', 'T11:'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:', 'T17:'),
    evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: cstWorkday(now, 7, 17), noticeBody: '现对该项目施工进行公开招标。',
    committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 5 }],
  };
}
