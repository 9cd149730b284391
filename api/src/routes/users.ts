// User administration (三权分立): the security administrator administers the centre's business users, the system
// administrator appoints the security administrators (auth/user-administration.ts); in the administrator's own real
// regions, never on its own account. A user out of reach answers 404 USER_NOT_FOUND as if it did not exist.
import { z } from 'zod';
import { ROLES } from '@ggzy/db';
import { defineRoute } from '../http/routes';
import * as users from '../services/users';

const UsernameText = z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, 'lower-case letters, digits and _ . -, starting with a letter, 2–64 characters');
const Username = z.object({ username: UsernameText }).strict();
const RegionCode = z.string().regex(/^\d{6}$/, 'a six-digit region code');
// parties are the parties' issue (certificate sign-in), never created here; which of these a caller grants is decided
// by the service (ROLE_NOT_ASSIGNABLE)
const CentreRole = z.enum(ROLES.filter((r) => r !== 'party') as [Exclude<(typeof ROLES)[number], 'party'>, ...Array<Exclude<(typeof ROLES)[number], 'party'>>]);
const DisplayName = z.string().trim().min(1).max(100);

const UserView = z.object({
  username: z.string(), displayName: z.string(), role: CentreRole, regionCode: z.string(), disabled: z.boolean(),
  lockedUntil: z.string().nullable().describe('locked after failed sign-ins until then; null: not locked'),
  mustChangePassword: z.boolean(), secondFactor: z.boolean().describe('an authenticator app is enrolled'), createdAt: z.string(), createdBy: z.string().nullable(),
});
const NOT_FOUND = { description: 'USER_NOT_FOUND: no such user among those the caller administers (its roles, its regions)' };
const OWN = { description: 'USER_ADMINISTER_OWN: one\'s own account is changed under /api/auth, never administered' };

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/users',
    summary: 'The users I administer (the security administrator: designers, staff and supervisors; the system administrator: security administrators), in my regions, by username',
    tag: 'users',
    permission: 'user:read',
    query: z.object({
      role: CentreRole.optional(),
      regionCode: RegionCode.optional(),
      status: z.enum(['active', 'disabled', 'locked']).optional(),
      q: z.string().trim().min(1).max(64).optional().describe('part of the username or the display name'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }).strict(),
    responses: { 200: { description: 'Users', schema: z.object({ total: z.number(), items: z.array(UserView) }) } },
    async handler({ deps, principal, query }) {
      return { status: 200, body: await users.listUsers(deps.db, principal!, query) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users',
    summary: 'Create a user with a temporary password, answered once, to be changed at the first sign-in',
    tag: 'users',
    permission: 'user:administer',
    body: z.object({ username: UsernameText, displayName: DisplayName, role: CentreRole, regionCode: RegionCode }).strict(),
    responses: {
      201: { description: 'Created; the temporary password is shown this once', schema: z.object({ user: UserView, temporaryPassword: z.string() }) },
      403: { description: 'ROLE_NOT_ASSIGNABLE: not a role the caller grants; REGION_NOT_ASSIGNABLE: not one of the caller\'s real regions' },
      409: { description: 'USERNAME_TAKEN' },
    },
    async handler({ deps, principal, body }) {
      return { status: 201, body: await users.createUser(deps.db, principal!, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/users/:username',
    summary: 'One user I administer',
    tag: 'users',
    permission: 'user:read',
    params: Username,
    responses: { 200: { description: 'The user', schema: UserView }, 403: OWN, 404: NOT_FOUND },
    async handler({ deps, principal, params }) {
      return { status: 200, body: await users.getUser(deps.db, principal!, params.username) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/users/:username',
    summary: 'Change a user\'s display name, role or region, or disable or enable it; a new role or region, or disabling, ends its sessions',
    tag: 'users',
    permission: 'user:administer',
    params: Username,
    body: z.object({ displayName: DisplayName.optional(), role: CentreRole.optional(), regionCode: RegionCode.optional(), disabled: z.boolean().optional() }).strict()
      .refine((b) => Object.keys(b).length > 0, { message: 'name at least one of displayName, role, regionCode, disabled' }),
    responses: {
      200: { description: 'The user as it is now', schema: UserView },
      403: { description: 'USER_ADMINISTER_OWN, ROLE_NOT_ASSIGNABLE or REGION_NOT_ASSIGNABLE' },
      404: NOT_FOUND,
    },
    async handler({ deps, principal, params, body }) {
      return { status: 200, body: await users.changeUser(deps.db, principal!, params.username, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:username/password-reset',
    summary: 'Reset a user\'s password: a temporary one, shown once, to be changed at the next sign-in; the lock is lifted and the user\'s sessions end',
    tag: 'users',
    permission: 'user:administer',
    params: Username,
    responses: {
      200: { description: 'The temporary password (shown this once)', schema: z.object({ username: z.string(), temporaryPassword: z.string() }) },
      403: OWN,
      404: NOT_FOUND,
    },
    async handler({ deps, principal, params }) {
      return { status: 200, body: await users.resetPassword(deps.db, principal!, params.username) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:username/second-factor-reset',
    summary: 'Reset a user\'s second factor (a lost phone), for a reason on the trail: the authenticator and its recovery codes stop working, the user\'s sessions end, and the user enrols an authenticator app again',
    tag: 'users',
    permission: 'user:administer',
    params: Username,
    body: z.object({ reason: z.string().trim().min(2).max(500).describe('why (e.g. the phone was lost), on the trail') }).strict(),
    responses: { 204: { description: 'Reset' }, 403: OWN, 404: NOT_FOUND },
    async handler({ deps, principal, params, body }) {
      await users.resetSecondFactor(deps.db, principal!, params.username, body.reason);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:username/unlock',
    summary: 'Lift a lock from failed sign-ins before it runs out',
    tag: 'users',
    permission: 'user:administer',
    params: Username,
    responses: { 204: { description: 'Unlocked (or was not locked)' }, 403: OWN, 404: NOT_FOUND },
    async handler({ deps, principal, params }) {
      await users.unlockUser(deps.db, principal!, params.username);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/users/:username/sessions',
    summary: 'A user\'s live sessions, newest first (no token is ever shown)',
    tag: 'users',
    permission: 'user:read',
    params: Username,
    responses: {
      200: { description: 'Sessions', schema: z.object({ items: z.array(z.object({ createdAt: z.string(), lastSeenAt: z.string().nullable(), expiresAt: z.string(), byCertificate: z.boolean() })) }) },
      403: OWN,
      404: NOT_FOUND,
    },
    async handler({ deps, principal, params }) {
      return { status: 200, body: { items: await users.listSessions(deps.db, principal!, params.username) } };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/users/:username/sessions',
    summary: 'End every session of a user (sign-out everywhere); its next request is told SESSION_ENDED',
    tag: 'users',
    permission: 'user:administer',
    params: Username,
    responses: { 200: { description: 'How many ended', schema: z.object({ sessionsEnded: z.number() }) }, 403: OWN, 404: NOT_FOUND },
    async handler({ deps, principal, params }) {
      return { status: 200, body: { sessionsEnded: await users.endUserSessions(deps.db, principal!, params.username) } };
    },
  }),
];
