// How a request reached the api, decided from what cannot be forged (OWASP ASVS V3 session management, V50/V51
// browser security): whether it came over TLS — the socket itself, the configured public address (GGZY_PUBLIC_BASE_URL
// with https), or X-Forwarded-Proto written by one of our own trusted proxies, never that header from anyone else —
// and so whether the session cookie is `Secure` with the `__Host-` prefix and HSTS is sent; and whether a
// state-changing request a browser sent on its own authority (cookies) comes from another site, which is refused.
import type { TLSSocket } from 'node:tls';
import type Koa from 'koa';
import { AppError } from './errors';
import { clientAddress, peerIsTrustedProxy, type ProxyTrust } from './client-address';

export const SESSION_COOKIE = 'ggzy_session';
/** Behind TLS: a cookie the browser keeps only from a secure origin, for this host only, path / (RFC 6265bis §4.1.3.2). */
export const SECURE_SESSION_COOKIE = '__Host-ggzy_session';
const HSTS = 'max-age=31536000';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Whether the request reached the platform over TLS, believing X-Forwarded-Proto only from a trusted proxy. */
export function reachedOverTls(trust: ProxyTrust, publicOrigin: string | null | undefined, peer: string, encrypted: boolean, forwardedProto: string | undefined): boolean {
  if (encrypted || publicOrigin?.startsWith('https:')) return true;
  if (!forwardedProto || trust.kind === 'none') return false;
  if (trust.kind === 'list' && !peerIsTrustedProxy(trust, peer)) return false;
  // the entry our own proxy wrote is the last one (a client may have written others before it)
  return forwardedProto.split(',').map((p) => p.trim().toLowerCase()).pop() === 'https';
}

/**
 * First middleware after the envelope: the client's address, TLS, the request's own origin (ctx.state.clientAddress,
 * .secure, .origin) and HSTS over TLS.
 */
export function transport(trust: ProxyTrust, publicOrigin: string | null | undefined): Koa.Middleware {
  return async (ctx, next) => {
    const peer = ctx.req.socket.remoteAddress ?? ctx.ip;
    ctx.state.clientAddress = clientAddress(trust, peer, ctx.get('x-forwarded-for') || undefined);
    const secure = reachedOverTls(trust, publicOrigin, peer, Boolean((ctx.req.socket as TLSSocket).encrypted), ctx.get('x-forwarded-proto') || undefined);
    ctx.state.secure = secure;
    ctx.state.origin = `${secure ? 'https' : 'http'}://${ctx.host}`;
    // cookies' own check would look at koa's idea of the scheme (X-Forwarded-Proto from anyone when proxied)
    ctx.cookies.secure = secure;
    if (secure) ctx.set('strict-transport-security', HSTS);
    await next();
  };
}

/**
 * A state-changing request without a bearer token is one a browser may have sent on its own authority (its cookies):
 * it must come from the platform's own pages. Refused when the browser says it came from another site
 * (Sec-Fetch-Site), or names another origin (Origin). Bearer-token clients and the signed bank and gateway callbacks
 * (servers, which send neither header) are not affected.
 */
export function sameOriginWrites(publicOrigin: string | null | undefined): Koa.Middleware {
  return async (ctx, next) => {
    if (STATE_CHANGING.has(ctx.method) && !ctx.get('authorization')) {
      const site = ctx.get('sec-fetch-site').toLowerCase();
      if (site && site !== 'same-origin' && site !== 'none') throw new AppError('CROSS_ORIGIN_REFUSED');
      const origin = ctx.get('origin');
      if (origin && origin !== ctx.state.origin && origin !== publicOrigin) throw new AppError('CROSS_ORIGIN_REFUSED');
    }
    await next();
  };
}
