import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as processes from '../services/processes';
import * as termination from '../services/termination';
import { MASKED } from '../services/variable-disclosure';

const Problems = z.array(z.object({ path: z.string(), message: z.string() }));
const RegionCode = z.string().regex(/^\d{6,12}$/);
const DefinitionRef = z.object({ key: z.string(), regionCode: z.string(), version: z.number(), hash: z.string() });
const DefinitionStatus = z.enum(['pending', 'active', 'rejected'])
  .describe('pending: waits for a second designer\'s or the system administrator\'s approval and starts no deal; active: approved, new deals start on the newest active version; rejected: never starts a deal');
const VersionParams = z.object({ key: z.string().min(1).max(200), regionCode: RegionCode, version: z.coerce.number().int().min(1) });
const Reviewed = z.object({ definition: DefinitionRef, status: DefinitionStatus });
const REVIEW_REFUSED = { description: 'DEFINITION_SELF_APPROVAL: the caller deployed the version; DEFINITION_NOT_PENDING: it was approved or rejected already' };
export const WorkflowIdParam = z.object({ workflowId: z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/) });
/** The deals an event (a message, an evaluation of conditions) started, or had started before (started false). */
const EventStartedDeals = z.object({ deals: z.array(z.object({ processKey: z.string(), workflowId: z.string(), dealCode: z.string().nullable(), definition: DefinitionRef, started: z.boolean() })) });
const Variables = z.record(z.string().max(100), z.unknown());
const TaskId = z.string().min(1).max(300);
const ProcessView = z.object({
  workflowId: z.string(),
  definition: DefinitionRef,
  regionCode: z.string(),
  dealCode: z.string().nullable(),
  title: z.string().nullable().describe('The project\'s title, once the process has registered it (受理登记)'),
  lifecycle: z.enum(['active', 'suspended', 'rectifying', 'terminated', 'completed', 'failed']),
  tokens: z.array(z.object({ id: z.string(), nodeId: z.string(), waiting: z.boolean() })),
  openTasks: z.array(z.unknown()),
  visited: z.array(z.string()),
  variables: Variables.describe(`The deal's variables: empty for roles without process-variables:read (designer, admin); values secret by nature (sealed*, bank accounts, credentials, prices before the opening) read "${MASKED}"`),
  variableDisclosure: z.object({
    level: z.enum(['withheld', 'masked']),
    masked: z.array(z.string()).describe('paths of the masked values, e.g. bidders[0].bidder.basicAccount'),
  }),
  incidents: z.array(z.string()),
});

const DirectiveReply = z.object({
  directiveId: z.string(), lifecycle: z.string(), applied: z.boolean(),
  awaitingConfirmation: z.boolean().optional().describe('a termination waiting for a second supervisor'),
});

export const processRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/process-definitions',
    summary: 'Deploy a BPMN model (and its forms) as a new immutable version for a region, pending until a second designer or the system administrator approves it; the same content again returns the existing version',
    tag: 'processes',
    permission: 'definition:deploy',
    body: z.object({
      xml: z.string().min(1).max(2 * 1024 * 1024),
      forms: z.record(z.string().max(200), z.record(z.string(), z.unknown())).optional(),
      regionCode: z.string().regex(/^\d{6,12}$/).optional(),
    }).strict(),
    responses: {
      201: { description: 'Deployed (pending approval)', schema: z.object({ definition: DefinitionRef, status: DefinitionStatus, created: z.boolean(), warnings: z.array(z.unknown()) }) },
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
    query: z.object({
      key: z.string().max(200).optional(),
      regionCode: RegionCode.optional(),
      status: DefinitionStatus.optional(),
      latest: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('only the newest version of each process and region (of the status asked for, if one is)'),
      limit: z.coerce.number().int().min(1).max(500).optional(),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: { 200: { description: 'Versions', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await processes.listDefinitions(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-definitions/:key/:regionCode/:version',
    summary: 'One deployed version: its BPMN XML, forms and compiled model',
    tag: 'processes',
    permission: 'definition:read',
    params: VersionParams,
    responses: { 200: { description: 'The version', schema: z.object({ definition: DefinitionRef, status: DefinitionStatus, xml: z.string(), forms: z.record(z.string(), z.unknown()), model: z.unknown() }) } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await processes.definitionVersion(deps.db, principal!, params.key, params.regionCode, params.version) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-definitions/:key/:regionCode/:version/approval',
    summary: 'Approve a pending version (four eyes): from now on new deals of the region start on it. Not by the designer who deployed it',
    tag: 'processes',
    permission: 'definition:approve',
    params: VersionParams,
    responses: { 200: { description: 'Approved', schema: Reviewed }, 404: { description: 'NOT_FOUND: no such version in the caller\'s regions' }, 409: REVIEW_REFUSED },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await processes.reviewVersion(deps.db, principal!, params, 'approve') };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-definitions/:key/:regionCode/:version/rejection',
    summary: 'Reject a pending version with a reason: it never starts a deal. Not by the designer who deployed it',
    tag: 'processes',
    permission: 'definition:approve',
    params: VersionParams,
    body: z.object({ reason: z.string().trim().min(2).max(1000) }).strict(),
    responses: { 200: { description: 'Rejected', schema: Reviewed }, 404: { description: 'NOT_FOUND: no such version in the caller\'s regions' }, 409: REVIEW_REFUSED },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.reviewVersion(deps.db, principal!, params, 'reject', body.reason) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-definitions/:key/start-schema',
    summary: 'The start form of a procedure as a start by the caller would use it (the city\'s variant, else the province\'s): the formily schema the portal renders, and the JSON Schema the start\'s variables must match',
    tag: 'processes',
    permission: 'definition:read',
    params: z.object({ key: z.string().min(1).max(200) }),
    responses: {
      200: {
        description: 'The start form; all null when the procedure starts with any variables',
        schema: z.object({
          definition: DefinitionRef,
          formKey: z.string().nullable(),
          form: z.record(z.string(), z.unknown()).nullable().describe('formily JSON schema (x-component, x-decorator, x-validator)'),
          variables: z.record(z.string(), z.unknown()).nullable().describe('JSON Schema 2020-12 of POST /api/process-instances body.variables'),
        }),
      },
      404: { description: 'No such procedure deployed for the caller\'s city or its province' },
    },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await processes.startSchema(deps.db, principal!, params.key) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances',
    summary: 'Deals in my regions, newest first; filter by lifecycle, process, region or code',
    tag: 'processes',
    permission: 'process:read',
    query: z.object({
      lifecycle: z.enum(['active', 'suspended', 'rectifying', 'terminated', 'completed', 'failed']).optional(),
      processKey: z.string().max(200).optional(),
      regionCode: RegionCode.optional(),
      q: z.string().trim().min(1).max(64).optional(),
      sandbox: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('true: the training sandbox\'s deals (演练) instead of the real ones'),
      limit: z.coerce.number().int().min(1).max(200).default(20),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: { 200: { description: 'Deals', schema: z.object({ total: z.number(), items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: await processes.listInstances(deps.db, principal!, query) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances',
    summary: 'Start a deal\'s process: the city\'s variant, else the provincial default. A procedure with a start form (受理登记) takes exactly the variables its form declares, checked before anything starts: see GET /api/process-definitions/{processKey}/start-schema',
    tag: 'processes',
    permission: 'process:start',
    body: z.object({
      processKey: z.string().min(1).max(200),
      // The 统一交易标识码 is allocated by the server for the caller's city; a client never chooses it.
      dealCode: z.never({ error: 'the deal code is allocated by the server; leave it out' }).optional(),
      regionCode: RegionCode.optional().describe('Where the deal is: the caller\'s own region (default), or the province\'s training sandbox (演练区; refused in production mode)'),
      variables: Variables.optional().describe('The procedure\'s start variables: for a procedure with a start form, the JSON Schema at GET /api/process-definitions/{processKey}/start-schema (its "variables"); no other field is taken'),
    }).strict(),
    responses: {
      201: {
        description: 'Started',
        schema: z.object({
          workflowId: z.string(), dealCode: z.string(), definition: DefinitionRef,
          sandbox: z.object({ daySeconds: z.number(), shortestSeconds: z.number() }).nullable().describe('A deal of the training sandbox (演练): one day of its periods lasts daySeconds seconds, and no period is shorter than shortestSeconds (unless it was shorter to begin with)'),
        }),
      },
      422: { description: 'FORM_INVALID: the variables do not match the start form; error.details names each field (path, code, message). No deal code was spent, nothing started' },
    },
    async handler({ body, deps, principal }) {
      return { status: 201, body: await processes.start(deps, principal!, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/messages',
    summary: 'Publish a message in the caller\'s region: every procedure the region runs with a message start event of that name starts a deal there, at that start event, with the message\'s variables. The same messageId again answers the deals it started and starts none',
    tag: 'processes',
    permission: 'process:start',
    body: z.object({
      name: z.string().trim().min(1).max(200),
      messageId: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/).describe('the publisher\'s id of this message: the key of the deals it starts'),
      variables: Variables.optional(),
    }).strict(),
    responses: {
      200: {
        description: 'The deals the message started (or had started: started false); empty when no procedure of the region starts on it',
        schema: EventStartedDeals,
      },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await processes.publishStartMessage(deps, principal!, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/conditional-starts',
    summary: 'Evaluate the conditional start events of the caller\'s region: every procedure it runs whose process-level conditional start event holds for the variables starts a deal there, at that start event, with them. The same evaluationId again answers the deals it started and starts none',
    tag: 'processes',
    permission: 'process:start',
    body: z.object({
      evaluationId: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/).describe('the caller\'s id of this evaluation: the key of the deals it starts'),
      variables: Variables,
    }).strict(),
    responses: {
      200: {
        description: 'The deals the evaluation started (or had started: started false); empty when no condition holds',
        schema: EventStartedDeals,
      },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await processes.evaluateConditionalStarts(deps, principal!, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances/:workflowId',
    summary: 'A running process: tokens, open tasks, visited nodes (from the workflow itself), and its variables for the roles that may read them, secret values masked',
    tag: 'processes',
    permission: 'process:read',
    params: WorkflowIdParam,
    responses: { 200: { description: 'State', schema: ProcessView } },
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
    method: 'get',
    path: '/api/process-instances/:workflowId/variables/history',
    summary: 'The deal\'s variables history: each process variable set to a new value, by which step and when, oldest first; secret values masked as in the deal\'s variables',
    tag: 'processes',
    permission: 'process-variables:read',
    params: WorkflowIdParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
    responses: { 200: { description: 'Changes, oldest first', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ params, query, deps, principal }) {
      return { status: 200, body: { items: await processes.variablesHistory(deps, principal!, params.workflowId, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/complete',
    summary: 'Complete a user task with its form data; the reply lists the tasks open now. A party\'s own step (party:… role) is done by the party itself (/api/party/tasks/complete); the centre\'s staff may act for it (代为办理) only with onBehalf.reason, which the trail keeps',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({
      taskId: TaskId,
      data: Variables.default({}),
      onBehalf: z.object({ reason: z.string().trim().min(10).max(1000).describe('why the party cannot do it itself, e.g. its written authorisation') }).strict().optional(),
    }).strict(),
    responses: { 200: { description: 'Completed' }, 403: { description: 'Not your role (TASK_NOT_YOURS), or a party\'s step without onBehalf (TASK_FOR_PARTY)' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.completeTask(deps, principal!, params.workflowId, body.taskId, body.data, body.onBehalf) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/claim',
    summary: 'Claim a task of my role (签收): it becomes mine alone',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({ taskId: TaskId }).strict(),
    responses: { 200: { description: 'Claimed' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.claimTask(deps, principal!, params.workflowId, body.taskId) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/delegate',
    summary: 'Hand a task to a colleague of the same role (转办)',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({ taskId: TaskId, to: z.string().min(1).max(64) }).strict(),
    responses: { 200: { description: 'Delegated' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.delegateTask(deps, principal!, params.workflowId, body.taskId, body.to) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/add-signer',
    summary: 'Add a signer to a task of mine (加签): a colleague of the same role signs the step before me (and the task comes back) or after me',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({
      taskId: TaskId, signer: z.string().min(1).max(64), mode: z.enum(['before', 'after', 'parallel']).describe('before: the signer first, then the task comes back to me; after: the signer once I have completed it; parallel: the signer joins the countersign (会签) this task is an instance of, with an instance of their own'),
      reason: z.string().trim().min(1).max(500),
    }).strict(),
    responses: { 200: { description: 'The signer is added; the tasks open now' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.addSigner(deps, principal!, params.workflowId, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/return',
    summary: 'Return a task to an earlier step the model allows (驳回)',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({ taskId: TaskId, targetNodeId: z.string().min(1).max(200), comment: z.string().trim().max(1000).optional() }).strict(),
    responses: { 200: { description: 'Returned' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.returnTask(deps, principal!, params.workflowId, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/tasks/withdraw',
    summary: 'Withdraw my completion of a task while the next step has not started (撤回)',
    tag: 'tasks',
    permission: 'task:complete',
    params: WorkflowIdParam,
    body: z.object({ taskId: TaskId }).strict(),
    responses: { 200: { description: 'Withdrawn' } },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await processes.withdrawTask(deps, principal!, params.workflowId, body.taskId) };
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
    summary: 'Issue a supervision directive (suspend, resume, terminate, rectify, accept-rectification); idempotent by directiveId. A termination (four eyes) takes effect when a second supervisor confirms it (POST …/termination-confirmations), or at once with a fresh secondFactorCode of the issuing supervisor',
    tag: 'supervision',
    permission: 'directive:issue',
    params: WorkflowIdParam,
    body: z.object({
      directiveId: z.string().min(8).max(100),
      kind: z.enum(['suspend', 'resume', 'terminate', 'rectify', 'accept-rectification']),
      reason: z.string().trim().min(1).max(1000),
      deadline: z.string().regex(/^P(\d+D|\d+W)$/).optional(),
      secondFactorCode: z.string().regex(/^\d{6}$/).optional().describe('terminate only: a fresh code of the issuing supervisor\'s authenticator, instead of a second supervisor\'s confirmation'),
    }).strict().refine((b) => b.kind === 'terminate' || b.secondFactorCode === undefined, { message: 'secondFactorCode goes with a termination only', path: ['secondFactorCode'] }),
    responses: {
      200: { description: 'Applied (or applied before)', schema: DirectiveReply },
      202: { description: 'A termination awaiting a second supervisor\'s confirmation (awaitingConfirmation: true)', schema: DirectiveReply },
      403: { description: 'REAUTHENTICATION_FAILED: the secondFactorCode is wrong or used' },
      409: { description: 'TERMINATION_PENDING: another termination of the deal awaits confirmation; SECOND_FACTOR_NOT_ENROLLED' },
    },
    async handler({ params, body, deps, principal }) {
      const { secondFactorCode, ...directive } = body;
      if (directive.kind !== 'terminate') return { status: 200, body: await processes.issueDirective(deps, principal!, params.workflowId, directive) };
      const reply = await termination.requestTermination(deps, principal!, params.workflowId, directive, secondFactorCode);
      return { status: reply.awaitingConfirmation ? 202 : 200, body: reply };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances/:workflowId/termination-requests',
    summary: 'The deal\'s termination directives awaiting (or past) a second supervisor\'s confirmation, newest first',
    tag: 'supervision',
    permission: 'directive:issue',
    params: WorkflowIdParam,
    responses: {
      200: {
        description: 'Requests',
        schema: z.object({ items: z.array(z.object({
          directiveId: z.string(), reason: z.string(), requestedBy: z.string(), requestedAt: z.string(), expiresAt: z.string(),
          status: z.enum(['pending', 'confirmed', 'lapsed']), confirmedBy: z.string().nullable(), confirmedAt: z.string().nullable(),
        })) }),
      },
    },
    async handler({ params, deps, principal }) {
      return { status: 200, body: { items: await termination.terminationRequests(deps, principal!, params.workflowId) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/termination-confirmations',
    summary: 'Confirm another supervisor\'s termination of the deal (four eyes): it takes effect now; both are on the trail',
    tag: 'supervision',
    permission: 'directive:issue',
    params: WorkflowIdParam,
    body: z.object({ directiveId: z.string().min(8).max(100) }).strict(),
    responses: {
      200: { description: 'The termination took effect', schema: DirectiveReply },
      403: { description: 'FOUR_EYES_SAME_PERSON: the supervisor who issued it cannot confirm it' },
      404: { description: 'TERMINATION_REQUEST_NOT_FOUND' },
      409: { description: 'TERMINATION_NOT_PENDING: confirmed already by another, or lapsed (a day after it was issued)' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await termination.confirmTermination(deps, principal!, params.workflowId, body.directiveId) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks',
    summary: 'My inbox: open tasks for my role in my regions',
    tag: 'tasks',
    permission: 'task:read',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
      workflowId: WorkflowIdParam.shape.workflowId.optional(),
      formKey: z.string().max(200).optional(),
      mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    }),
    responses: { 200: { description: 'Tasks', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await processes.inbox(deps.db, principal!, query) } };
    },
  }),
];
