import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as processes from '../services/processes';

const Problems = z.array(z.object({ path: z.string(), message: z.string() }));
const DefinitionRef = z.object({ key: z.string(), regionCode: z.string(), version: z.number(), hash: z.string() });
const WorkflowIdParam = z.object({ workflowId: z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/) });
const Variables = z.record(z.string().max(100), z.unknown());

export const processRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/process-definitions',
    summary: 'Deploy a BPMN model (and its forms) as a new immutable version for a region; the same content again returns the existing version',
    tag: 'processes',
    permission: 'definition:deploy',
    body: z.object({
      xml: z.string().min(1).max(2 * 1024 * 1024),
      forms: z.record(z.string().max(200), z.record(z.string(), z.unknown())).optional(),
      regionCode: z.string().regex(/^\d{6,12}$/).optional(),
    }).strict(),
    responses: {
      201: { description: 'Deployed', schema: z.object({ definition: DefinitionRef, created: z.boolean(), warnings: z.array(z.unknown()) }) },
      422: { description: 'Refused: the compiler\'s problems are in error.details', schema: z.object({ error: z.object({ details: Problems }) }) },
    },
    async handler({ body, deps, principal }) {
      const result = await processes.deploy(deps, principal!, body);
      return { status: result.created ? 201 : 200, body: result };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-definitions',
    summary: 'Deployed versions visible to the caller (own regions and the provincial defaults)',
    tag: 'processes',
    permission: 'definition:read',
    query: z.object({ key: z.string().max(200).optional() }),
    responses: { 200: { description: 'Versions', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await processes.listDefinitions(deps.db, principal!, query.key) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances',
    summary: 'Start a deal\'s process: the city\'s variant, else the provincial default',
    tag: 'processes',
    permission: 'process:start',
    body: z.object({
      processKey: z.string().min(1).max(200),
      dealCode: z.string().regex(/^[A-Za-z0-9-]{4,64}$/).optional(),
      variables: Variables.optional(),
    }).strict(),
    responses: { 201: { description: 'Started', schema: z.object({ workflowId: z.string(), definition: DefinitionRef }) } },
    async handler({ body, deps, principal }) {
      return { status: 201, body: await processes.start(deps, principal!, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances/:workflowId',
    summary: 'A running process: tokens, open tasks, visited nodes, variables (from the workflow itself)',
    tag: 'processes',
    permission: 'process:read',
    params: WorkflowIdParam,
    responses: { 200: { description: 'State' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await processes.getProcess(deps, principal!, params.workflowId) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances/:workflowId/timeline',
    summary: 'The deal\'s supervision timeline: every step, task, directive and message, hash-chained',
    tag: 'supervision',
    permission: 'process:read',
    params: WorkflowIdParam,
    responses: { 200: { description: 'Events, oldest first', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: { items: await processes.timeline(deps, principal!, params.workflowId) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/complete',
    summary: 'Complete a user task with its form data; the reply lists the tasks open now',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({ taskId: z.string().min(1).max(300), data: Variables.default({}) }).strict(),
    responses: { 200: { description: 'Completed' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.completeTask(deps, principal!, params.workflowId, body.taskId, body.data) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/messages',
    summary: 'Deliver a message (e.g. deposit paid) to a running process; the same messageId twice is delivered once',
    tag: 'processes',
    permission: 'message:deliver',
    params: WorkflowIdParam,
    body: z.object({ messageId: z.string().min(1).max(200), name: z.string().min(1).max(200), variables: Variables.optional() }).strict(),
    responses: { 200: { description: 'Accepted' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.deliverMessage(deps, principal!, params.workflowId, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/directives',
    summary: 'Issue a supervision directive (suspend, resume, terminate, rectify, accept-rectification); idempotent by directiveId',
    tag: 'supervision',
    permission: 'directive:issue',
    params: WorkflowIdParam,
    body: z.object({
      directiveId: z.string().min(8).max(100),
      kind: z.enum(['suspend', 'resume', 'terminate', 'rectify', 'accept-rectification']),
      reason: z.string().trim().min(1).max(1000),
      deadline: z.string().regex(/^P(\d+D|\d+W)$/).optional(),
    }).strict(),
    responses: { 200: { description: 'Acknowledged' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.issueDirective(deps, principal!, params.workflowId, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks',
    summary: 'My inbox: open tasks for my role in my regions',
    tag: 'tasks',
    permission: 'task:read',
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }),
    responses: { 200: { description: 'Tasks', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await processes.inbox(deps.db, principal!, query) } };
    },
  }),
];
