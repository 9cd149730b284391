import type Koa from 'koa';
import type { Db } from '@ggzy/db';
import { AppError } from '../http/errors';
import { SESSION_COOKIE } from '../http/routes';
import { resolveSession } from './sessions';

/** Attaches ctx.state.principal from a bearer token or the session cookie; a bad bearer token
 * is a 401; a stale cookie is cleared and the request goes on anonymous (public pages still load). */
export function authenticate(db: Db): Koa.Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    let token: string | undefined;
    if (header) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
      if (!match) throw new AppError('AUTH_REQUIRED');
      token = match[1];
    } else {
      const cookie = ctx.cookies.get(SESSION_COOKIE);
      if (cookie && /^[A-Za-z0-9_-]{20,200}$/.test(cookie)) token = cookie;
    }
    if (token) {
      const principal = await resolveSession(db, token);
      if (principal) ctx.state.principal = { ...principal, sessionToken: token };
      else if (header) throw new AppError('AUTH_REQUIRED');
      else ctx.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', expires: new Date(0) });
    }
    await next();
  };
}
