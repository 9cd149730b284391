import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { AppError } from '../http/errors';
import { login, logout } from '../auth/sessions';

const Credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
}).strict();

const Me = z.object({
  userId: z.number(), username: z.string(), displayName: z.string(), role: z.string(), regionCode: z.string(),
  visibleRegions: z.array(z.string()),
});

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in with username and password; answers a bearer token and sets the session cookie',
    tag: 'auth',
    permission: 'public',
    body: Credentials,
    responses: { 200: { description: 'Logged in', schema: z.object({ token: z.string(), expiresAt: z.string(), user: Me }) } },
    async handler({ body, deps, clientKey }) {
      if (!deps.loginLimiter.take(`ip:${clientKey}`) || !deps.loginLimiter.take(`user:${body.username}`)) throw new AppError('RATE_LIMITED');
      const session = await login(deps.db, body.username, body.password);
      return {
        status: 200,
        body: { token: session.token, expiresAt: session.expiresAt, user: session.principal },
        sessionCookie: { token: session.token, expiresAt: session.expiresAt },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End the current session',
    tag: 'auth',
    permission: 'session:read',
    responses: { 204: { description: 'Logged out' } },
    async handler({ deps, principal }) {
      if (principal?.sessionToken) await logout(deps.db, principal.sessionToken);
      return { status: 204, sessionCookie: null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The current user, role and visible regions',
    tag: 'auth',
    permission: 'session:read',
    responses: { 200: { description: 'The caller', schema: Me } },
    async handler({ principal }) {
      const { sessionToken: _t, ...me } = principal!;
      return { status: 200, body: me };
    },
  }),
];
