// The access log (等保2.0 level 3, 安全审计): one JSON line per request — when, who (user and role), what (method and
// the route's pattern, never its concrete path: a path can carry a deal code or a name), how it ended (status) and how
// long it took, and from where (the client's address as the trusted proxies saw it, see client-address.ts). Never a
// token, a cookie, a query string or a body. To stdout through the api's logger, or appended to GGZY_ACCESS_LOG.
import { appendFileSync } from 'node:fs';
import type Koa from 'koa';
import type { Principal } from '../auth/principal';
import type { Logger } from './middleware';

export interface AccessLogEntry {
  time: string;
  user: string | null;
  role: string | null;
  method: string;
  /** The route table's pattern (`/api/process-instances/:workflowId`); null when no route matched. */
  route: string | null;
  status: number;
  durationMs: number;
  client: string;
  requestId: string;
}

export type AccessLog = (entry: AccessLogEntry) => void;

/** GGZY_ACCESS_LOG=<file>: appended to that file (one line per request); unset: the logger's info lines (stdout). */
export function accessLogFromEnv(logger: Logger, env: NodeJS.ProcessEnv = process.env): AccessLog {
  const file = env.GGZY_ACCESS_LOG;
  if (file) {
    return (entry) => {
      try {
        appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o640 });
      } catch (err) {
        // a full disk must not turn answers into errors: said once per request on stderr, with the line itself
        logger.error('access log not written', { file, reason: (err as Error).message, entry });
      }
    };
  }
  return (entry) => logger.info('access', { ...entry });
}

/** The outermost middleware: it sees the answer as the client gets it, errors included. */
export function accessLogging(log: AccessLog): Koa.Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const principal = ctx.state.principal as Principal | undefined;
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      log({
        time: new Date().toISOString(),
        user: principal?.username ?? null,
        role: principal?.role ?? null,
        method: ctx.method,
        route: typeof matched === 'string' ? matched : null,
        status: ctx.status,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        client: (ctx.state.clientAddress as string | undefined) ?? ctx.ip,
        requestId: (ctx.state.requestId as string | undefined) ?? '',
      });
    }
  };
}
