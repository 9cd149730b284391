// User administration, first slice: the administrator resets another user's password (the user must change it at
// the next sign-in) or second factor (the user enrols again), for users of the administrator's own regions.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { resetPassword, resetSecondFactor } from '../services/accounts';

const Username = z.object({ username: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/) }).strict();

export const userRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/users/:username/password-reset',
    summary: 'Reset a user\'s password: a temporary one, shown once, to be changed at the next sign-in; the lock is lifted and the user\'s sessions end',
    tag: 'users',
    permission: 'user:reset',
    params: Username,
    responses: {
      200: { description: 'The temporary password (shown this once)', schema: z.object({ username: z.string(), temporaryPassword: z.string() }) },
      403: { description: 'PASSWORD_RESET_OWN: one\'s own password is changed, not reset' },
      404: { description: 'USER_NOT_FOUND: no such user in the administrator\'s regions' },
    },
    async handler({ deps, principal, params }) {
      return { status: 200, body: await resetPassword(deps.db, principal!, params.username) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:username/second-factor-reset',
    summary: 'Reset a user\'s second factor (a lost phone): the user enrols an authenticator app again',
    tag: 'users',
    permission: 'user:reset',
    params: Username,
    responses: { 204: { description: 'Reset' }, 404: { description: 'USER_NOT_FOUND' } },
    async handler({ deps, principal, params }) {
      await resetSecondFactor(deps.db, principal!, params.username);
      return { status: 204 };
    },
  }),
];
