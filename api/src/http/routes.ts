import type Koa from 'koa';
import Router from '@koa/router';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Permission } from '../auth/permissions';
import { roleHas } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { AppError, type ErrorCode, type ErrorDetail } from './errors';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, callbackSignatureValid } from '../auth/gateway-signature';
import { BANK_HEADER, signingBank } from '../auth/bank-signature';
import type { ApiDeps } from '../deps';
import { recordRefusal } from '../services/audit';
import { sessionCookieName } from './transport';

export interface RouteInput<B, P, Q> {
  principal: Principal | null;
  /** On a 'bank' route: the bank whose key signed the request. */
  bankId: string | null;
  body: B;
  params: P;
  query: Q;
  deps: ApiDeps;
  requestId: string;
  clientKey: string;
  /** scheme://host the request was made to (behind trusted proxies: as they forwarded it). */
  origin: string;
  /** The exact bytes of a JSON body (signed callbacks are verified over them); null without a body. */
  rawBody: Buffer | null;
  /** A streaming route's request body (`streamBody`), unread; null elsewhere. */
  stream: Readable | null;
  /** The request's headers (lower-case names). */
  headers: Record<string, string | undefined>;
  /** Aborted when the client goes away (a long answer, such as an event stream, stops then). */
  closed: AbortSignal;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Headers of a file answer (its type, its name); a Buffer body is sent as it is. */
  headers?: Record<string, string>;
  /** Session cookie to set (a token) or clear (null). */
  sessionCookie?: { token: string; expiresAt: string } | null;
}

export interface RouteDef<B = unknown, P = unknown, Q = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /**
   * 'public' routes need no session; 'gateway' routes take no session but a signed callback (see
   * auth/gateway-signature.ts), 'bank' routes one signed with a bank's own key (auth/bank-signature.ts); every other
   * route names the permission it checks.
   */
  permission: Permission | 'public' | 'gateway' | 'bank';
  /**
   * Reachable by a session that has a step to do first (a password to change, a second factor to enrol): the routes
   * of that step, who-am-I and sign-out. Every other route refuses such a session (403 with the step's code).
   */
  duringPendingStep?: boolean;
  body?: z.ZodType<B>;
  /** The body is bytes (`application/offset+octet-stream`), handed to the handler as a stream, not parsed. */
  streamBody?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler(input: RouteInput<B, P, Q>): Promise<RouteResult>;
}

export function defineRoute<B = undefined, P = Record<string, never>, Q = Record<string, never>>(def: RouteDef<B, P, Q>): RouteDef {
  return def as unknown as RouteDef;
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', details);
}

export { SESSION_COOKIE } from './transport';
/** The media type of a resumable upload's bytes (as the tus protocol names it). */
export const OCTET_STREAM = 'application/offset+octet-stream';

/** Builds the router: each route reads authenticate → authorize(permission) → validate → handler. */
export function mountRoutes(routes: RouteDef[], deps: ApiDeps): Router {
  const router = new Router();
  for (const route of routes) {
    router[route.method](route.path, async (ctx: Koa.Context) => {
      const principal = (ctx.state.principal as Principal | undefined) ?? null;
      try {
        await serve(route, deps, ctx, principal);
      } catch (err) {
        // a signed-in caller refused a route or an object (403, or 404: what it may not see does not exist for it)
        if (err instanceof AppError && (err.status === 403 || err.status === 404) && principal && !['public', 'gateway', 'bank'].includes(route.permission)) {
          await recordRefusal(deps.db, principal, {
            method: ctx.method, route: route.path, params: stringParams(ctx.params), status: err.status, code: err.code,
            client: (ctx.state.clientAddress as string | undefined) ?? ctx.ip,
          });
        }
        throw err;
      }
    });
  }
  return router;
}

function stringParams(params: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, String(v).slice(0, 300)]));
}

/** One request of one route: authenticate → authorize(permission) → validate → handler → answer. */
async function serve(route: RouteDef, deps: ApiDeps, ctx: Koa.Context, principal: Principal | null): Promise<void> {
  const rawBody = (ctx.state.rawBody as Buffer | undefined) ?? null;
  let bankId: string | null = null;
  if (route.permission === 'bank') {
    if (!deps.bankKeys?.size) throw new AppError('BANK_NOT_CONFIGURED');
    bankId = signingBank(deps.bankKeys, ctx.get(BANK_HEADER) || undefined, ctx.get(TIMESTAMP_HEADER) || undefined, ctx.get(SIGNATURE_HEADER) || undefined, rawBody ?? Buffer.alloc(0));
    if (!bankId) throw new AppError('SIGNATURE_INVALID');
  } else if (route.permission === 'gateway') {
    if (!deps.gatewaySecret) throw new AppError('GATEWAY_NOT_CONFIGURED');
    if (!callbackSignatureValid(deps.gatewaySecret, ctx.get(TIMESTAMP_HEADER) || undefined, ctx.get(SIGNATURE_HEADER) || undefined, rawBody ?? Buffer.alloc(0))) {
      throw new AppError('SIGNATURE_INVALID');
    }
  } else if (route.permission !== 'public') {
    if (!principal) throw new AppError((ctx.state.sessionRefusal as ErrorCode | undefined) ?? 'AUTH_REQUIRED');
    if (!roleHas(principal.role, route.permission)) throw new AppError('FORBIDDEN');
    if (principal.pendingStep && !route.duringPendingStep) {
      throw new AppError(principal.pendingStep === 'change-password' ? 'PASSWORD_CHANGE_REQUIRED' : 'SECOND_FACTOR_ENROLMENT_REQUIRED');
    }
  }
  const params = validate(route.params, ctx.params, 'params');
  const query = validate(route.query, { ...ctx.query }, 'query');
  if (route.streamBody && !ctx.is(OCTET_STREAM)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const body = validate(route.body, (ctx.request as { body?: unknown }).body, 'body');
  const headers = Object.fromEntries(Object.entries(ctx.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  const gone = new AbortController();
  ctx.res.once('close', () => gone.abort());
  const result = await route.handler({
    principal: route.permission === 'gateway' || route.permission === 'bank' ? null : principal, bankId, body, params, query, deps, requestId: ctx.state.requestId as string,
    clientKey: (ctx.state.clientAddress as string | undefined) ?? ctx.ip, origin: ctx.state.origin as string, rawBody, stream: route.streamBody ? ctx.req : null, headers, closed: gone.signal,
  });
  if (result.sessionCookie !== undefined) {
    const secure = ctx.state.secure === true;
    ctx.cookies.set(sessionCookieName(secure), result.sessionCookie?.token ?? '', {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      expires: result.sessionCookie ? new Date(result.sessionCookie.expiresAt) : new Date(0),
    });
  }
  ctx.status = result.status;
  ctx.set('cache-control', 'no-store');
  for (const [name, value] of Object.entries(result.headers ?? {})) ctx.set(name, value);
  if (result.body !== undefined) ctx.body = result.body;
}
