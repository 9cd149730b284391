// Deploying a procedure as the four-eyes rule has it: one designer deploys (the version waits), a second person
// approves (it takes effect). Tests that deploy and then start deals go through here instead of around the rule.
import { deployDecisions, deployDefinition, reviewDecision, reviewDefinition, type DecisionDeployRequest, type DeployRequest, type Deployed, type DeployedDecision } from '@ggzy/domain';
import type { Db } from '@ggzy/db';
import { DEMO_PASSWORD } from './databases';
import { call, loginAs, type ApiResponse } from './platform';

/** The reviewer of the domain-level helper: another person than whoever deployed (deployedBy is a real user's id or null). */
const REVIEWER = { userId: 0, username: 'reviewer', role: 'designer' };

/** Deploys a version and approves it as a second designer; a version that existed already keeps its status. */
export async function deployApproved(db: Db, request: DeployRequest): Promise<Deployed> {
  const deployed = await deployDefinition(db, request);
  if (deployed.status !== 'pending') return deployed;
  const reviewed = await reviewDefinition(db, { ...deployed.definition, decision: 'approve', reviewer: REVIEWER });
  return { ...deployed, status: reviewed.status };
}

/** Deploys the decision tables of a DMN file and approves each new version as a second designer. */
export async function deployDecisionsApproved(db: Db, request: DecisionDeployRequest): Promise<DeployedDecision[]> {
  const { decisions } = await deployDecisions(db, request);
  const out: DeployedDecision[] = [];
  for (const d of decisions) {
    out.push(d.status === 'pending' ? { ...d, status: (await reviewDecision(db, { ...d.decision, decision: 'approve', reviewer: REVIEWER })).status } : d);
  }
  return out;
}

/**
 * Deploys through the api as the given designer and has a second designer (`designer2`, or the approver's token)
 * approve it. Answers the deployment's response.
 */
export async function deployApprovedVia(baseUrl: string, token: string, body: unknown, options: { approver?: string } = {}): Promise<ApiResponse> {
  const deployed = await call(baseUrl, 'POST', '/api/process-definitions', { token, body });
  if (deployed.status >= 300 || deployed.body.status !== 'pending') return deployed;
  const { key, regionCode, version } = deployed.body.definition as { key: string; regionCode: string; version: number };
  const approver = options.approver ?? await loginAs(baseUrl, 'designer2', DEMO_PASSWORD);
  const approved = await call(baseUrl, 'POST', `/api/process-definitions/${encodeURIComponent(key)}/${regionCode}/${version}/approval`, { token: approver });
  if (approved.status !== 200) throw new Error(`the version was not approved: ${approved.status} ${JSON.stringify(approved.body)}`);
  return deployed;
}
