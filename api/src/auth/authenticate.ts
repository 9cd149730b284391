import type Koa from 'koa';
import type { Db } from '@ggzy/db';
import { AppError } from '../http/errors';
import { sessionCookieName } from '../http/transport';
import { DEFAULT_POLICY, type AccountPolicy } from './account-policy';
import { resolveSession } from './sessions';

/**
 * Attaches ctx.state.principal from a bearer token or the session cookie. A bearer token that no longer works is a 401
 * with the code that says why (expired, idle, replaced, ended); a stale cookie is cleared and the request goes on
 * anonymous (public pages still load) — a route that needs a session then answers with that same code.
 */
export function authenticate(db: Db, policy: AccountPolicy = DEFAULT_POLICY): Koa.Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    let token: string | undefined;
    if (header) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
      if (!match) throw new AppError('AUTH_REQUIRED');
      token = match[1];
    } else {
      // behind TLS only the __Host- cookie counts: a plain one may have been planted by a sibling host
      const cookie = ctx.cookies.get(sessionCookieName(ctx.state.secure === true));
      if (cookie && /^[A-Za-z0-9_-]{20,200}$/.test(cookie)) token = cookie;
    }
    if (token) {
      const resolved = await resolveSession(db, token, new Date(), policy);
      if ('principal' in resolved) ctx.state.principal = { ...resolved.principal, sessionToken: token };
      else if (header) throw new AppError(resolved.refusal);
      else {
        ctx.state.sessionRefusal = resolved.refusal;
        ctx.cookies.set(sessionCookieName(ctx.state.secure === true), '', { httpOnly: true, sameSite: 'strict', secure: ctx.state.secure === true, path: '/', expires: new Date(0) });
      }
    }
    await next();
  };
}
