// The parties' own steps (a deal's tasks for its tenderee, agency or bidders) and their complaints, as routes: every
// one also resolves the party's relation to the deal in its service (services/party-tasks.ts, party-complaints.ts).
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as complaints from '../services/party-complaints';
import * as tasks from '../services/party-tasks';

const dealCode = z.string().regex(/^\d{6}-\d{4}-[A-Z]{2}-\d{5}$/, 'a unified deal code (统一交易标识码), e.g. 990100-2026-JS-00017');
const taskId = z.string().min(1).max(300);
const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '8–64 letters, digits or -: the client chooses it once per act, so a retry is the same act');
const anyObject = z.record(z.string(), z.unknown());
const taskReply = z.object({ lifecycle: z.string(), openTasks: z.array(z.unknown()) });

export const partyStepRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/party/tasks',
    summary: 'My inbox as a party: the open steps of the deals my subject is tenderee, agency or bidder of, for that relation',
    tag: 'party',
    permission: 'party-task:read',
    responses: { 200: { description: 'Open tasks, oldest first', schema: z.object({ items: z.array(anyObject) }) } },
    async handler({ deps, principal }) {
      return { status: 200, body: { items: await tasks.inbox(deps.db, principal!) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/deals/:dealCode/tasks',
    summary: 'The deal\'s open steps that are mine to do, each with its form and, for the tenderee or agency, the report it confirms',
    tag: 'party',
    permission: 'party-task:read',
    params: z.object({ dealCode }),
    responses: { 200: { description: 'Tasks', schema: z.object({ tasks: z.array(anyObject) }) }, 404: { description: 'No such deal, or none of this party\'s business' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await tasks.dealTasks(deps, principal!, params.dealCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/tasks/claim',
    summary: 'Claim one of my subject\'s steps (签收): it becomes this person\'s alone',
    tag: 'party',
    permission: 'party-task:complete',
    body: z.object({ taskId }).strict(),
    responses: {
      200: { description: 'Claimed: the deal\'s lifecycle and my open tasks', schema: taskReply },
      403: { description: 'The step is for another relation to the deal (TASK_NOT_YOURS)' },
      404: { description: 'No such task, or a deal of no concern to this party (TASK_NOT_FOUND)' },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await tasks.claim(deps, principal!, body.taskId) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/tasks/complete',
    summary: 'Complete one of my subject\'s steps with its form data; the trail names the subject and the person',
    tag: 'party',
    permission: 'party-task:complete',
    body: z.object({ taskId, data: z.record(z.string().max(100), z.unknown()).default({}) }).strict(),
    responses: {
      200: { description: 'Completed: the deal\'s lifecycle and my open tasks', schema: taskReply },
      422: { description: 'The data does not match the step\'s form (FORM_INVALID): error.details names each field' },
      403: { description: 'The step is for another relation to the deal (TASK_NOT_YOURS)' },
      404: { description: 'No such task, or a deal of no concern to this party (TASK_NOT_FOUND)' },
      409: { description: 'Already done (TASK_CLOSED), or the deal is suspended or has ended' },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await tasks.complete(deps, principal!, body.taskId, body.data) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/complaints',
    summary: '投诉: a bidder of the deal files a complaint (within 10 days of knowing, 实施条例 §60); the complainant is the signed-in subject. The same requestId again: the same complaint (200)',
    tag: 'party',
    permission: 'party-complaint:file',
    params: z.object({ dealCode }),
    body: z.object({
      requestId,
      grounds: z.string().trim().min(10).max(10_000),
      knownOn: z.iso.date().describe('the day the complainant knew or ought to have known (China Standard Time)'),
    }).strict(),
    responses: {
      201: { description: 'Filed: the complaint procedure started', schema: z.object({ complaintNo: z.string(), workflowId: z.string(), replayed: z.boolean() }) },
      200: { description: 'Filed before under this requestId: the same complaint' },
      403: { description: 'Not a bidder of the deal (NOT_REGISTERED_BIDDER)' },
      404: { description: 'No such deal, or none of this party\'s business' },
      422: { description: 'More than 10 days after knowing (COMPLAINT_LATE), or a day in the future (COMPLAINT_KNOWN_IN_FUTURE)' },
    },
    async handler({ params, body, deps, principal }) {
      const filed = await complaints.file(deps, principal!, params.dealCode, body);
      return { status: filed.replayed ? 200 : 201, body: filed };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/complaints',
    summary: 'My subject\'s complaints, newest first: status (filed, accepted, rejected, decided) and the decision',
    tag: 'party',
    permission: 'party-complaint:file',
    query: z.object({ dealCode: dealCode.optional() }).strict(),
    responses: { 200: { description: 'Complaints', schema: z.object({ items: z.array(anyObject) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await complaints.mine(deps.db, principal!, query) } };
    },
  }),
];
