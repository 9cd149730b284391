import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { AppError } from '../http/errors';
import { fixedTrustStore } from '@ggzy/domain';
import { login, logout, logoutEverywhere } from '../auth/sessions';
import { changePassword, confirmEnrolment, recoveryCodeStatus, regenerateRecoveryCodes, startEnrolment } from '../services/accounts';
import { certificateChallenge, certificateSignIn } from '../auth/certificate-sign-in';

const Credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
  code: z.string().regex(/^\d{6}$/).optional().describe('the six-digit code of the authenticator app (TOTP), for a user who enrolled one: asked for after SECOND_FACTOR_REQUIRED'),
  recoveryCode: z.string().regex(/^[A-Za-z0-9 -]{10,20}$/).optional().describe('one of the recovery codes given at enrolment (xxxxx-xxxxx), in place of the code: good once'),
}).strict().refine((c) => !(c.code && c.recoveryCode), { message: 'give the code or a recovery code, not both', path: ['recoveryCode'] });

const PasswordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(400).describe('at least 12 characters of three of: lower case, upper case, digits, others; not the username, not a common password'),
}).strict();

const Code = z.object({ code: z.string().regex(/^\d{6}$/) }).strict();
const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()).describe('ten one-time codes (xxxxx-xxxxx), each good for one sign-in in place of the authenticator\'s code; shown this once') });

const Party = z.object({
  subjectId: z.number(), subjectName: z.string(), creditCode: z.string(), personId: z.number(), personName: z.string(),
  certificate: z.object({
    fingerprint: z.string(), caId: z.string(), issuer: z.string(), subject: z.string(), serialNumber: z.string(), keyAlgorithm: z.string(),
    validFrom: z.string(), validUntil: z.string(),
  }).nullable(),
});

const Me = z.object({
  userId: z.number(), username: z.string(), displayName: z.string(), role: z.string(), regionCode: z.string(),
  visibleRegions: z.array(z.string()),
  secondFactor: z.boolean().optional().describe('whether the user has confirmed an authenticator app (TOTP)'),
  pendingStep: z.enum(['change-password', 'enrol-second-factor']).optional()
    .describe('what the user must do before anything else: the session reaches only the routes for it until it is done'),
  sandboxRegions: z.array(z.string()).optional().describe('of the visible regions, the training sandboxes (演练区): deals may be started there for practice'),
  party: Party.optional().describe('for role party: the subject and person it acts for and the certificate it signed in with'),
});

const Challenge = z.object({
  challengeId: z.string(), nonce: z.string(), issuedAt: z.string(), expiresAt: z.string(), origin: z.string(),
  text: z.string().describe('the exact text to sign (UTF-8): SM2 with SM3 (user id 1234567812345678) or ECDSA P-256 with SHA-256'),
});

const CertificateSignIn = z.object({
  challengeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  certificate: z.string().min(100).max(16_000).describe('the signing certificate: PEM, or base64 of its DER encoding'),
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(400).describe('base64 of the DER-encoded (r, s) signature over the challenge text'),
}).strict();

const NO_CAS = fixedTrustStore([]);

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in with username and password; answers a bearer token and sets the session cookie',
    tag: 'auth',
    permission: 'public',
    body: Credentials,
    responses: {
      200: {
        description: 'Logged in',
        schema: z.object({
          token: z.string(), expiresAt: z.string(), user: Me,
          recoveryCodesRemaining: z.number().optional().describe('after a sign-in with a recovery code: how many are left'),
        }),
      },
    },
    async handler({ body, deps, clientKey }) {
      if (!(await deps.loginLimiter.take(`ip:${clientKey}`)) || !(await deps.loginLimiter.take(`user:${body.username.toLowerCase()}`))) throw new AppError('RATE_LIMITED');
      const session = await login(deps.db, body.username, body.password, { code: body.code, recoveryCode: body.recoveryCode, policy: deps.accountPolicy, secondFactorKeys: deps.secondFactorKeys, clientAddress: clientKey });
      return {
        status: 200,
        body: {
          token: session.token, expiresAt: session.expiresAt, user: session.principal,
          ...(session.recoveryCodesRemaining !== undefined ? { recoveryCodesRemaining: session.recoveryCodesRemaining } : {}),
        },
        sessionCookie: { token: session.token, expiresAt: session.expiresAt },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/certificate/challenge',
    summary: 'A one-time challenge for certificate sign-in (parties): its text is to be signed with the certificate\'s key within two minutes',
    tag: 'auth',
    permission: 'public',
    responses: { 201: { description: 'The challenge', schema: Challenge } },
    async handler({ deps, clientKey, origin }) {
      if (!(await deps.loginLimiter.take(`ip:${clientKey}`))) throw new AppError('RATE_LIMITED');
      return { status: 201, body: await certificateChallenge(deps.db, deps.publicOrigin ?? origin, clientKey) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/certificate/sign-in',
    summary: 'Sign in with a CA certificate (SM2 or ECDSA P-256) and a signature over a challenge; answers a bearer token and sets the session cookie',
    tag: 'auth',
    permission: 'public',
    body: CertificateSignIn,
    responses: { 200: { description: 'Signed in', schema: z.object({ token: z.string(), expiresAt: z.string(), user: Me }) } },
    async handler({ body, deps, clientKey }) {
      if (!(await deps.loginLimiter.take(`ip:${clientKey}`))) throw new AppError('RATE_LIMITED');
      const session = await certificateSignIn(deps.db, deps.trustStore ?? NO_CAS, { ...body, clientAddress: clientKey }, deps.accountPolicy);
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
    duringPendingStep: true,
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
    duringPendingStep: true,
    responses: { 200: { description: 'The caller', schema: Me } },
    async handler({ principal }) {
      const { sessionToken: _t, ...me } = principal!;
      return { status: 200, body: me };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/logout-everywhere',
    summary: 'Sign out everywhere: every session of the caller ends, this one too (their next request answers SESSION_ENDED)',
    tag: 'auth',
    permission: 'session:read',
    duringPendingStep: true,
    responses: { 200: { description: 'The sessions ended', schema: z.object({ sessionsEnded: z.number() }) } },
    async handler({ deps, principal }) {
      return { status: 200, body: { sessionsEnded: await logoutEverywhere(deps.db, principal!) }, sessionCookie: null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/password',
    summary: 'Change the own password (the current one required): every other session of the user ends',
    tag: 'auth',
    permission: 'account:password',
    duringPendingStep: true,
    body: PasswordChange,
    responses: {
      200: { description: 'Changed', schema: z.object({ sessionsEnded: z.number() }) },
      403: { description: 'PASSWORD_WRONG: the current password is wrong' },
      422: { description: 'PASSWORD_POLICY: the new password does not meet the policy (details name each problem)' },
    },
    async handler({ deps, principal, body }) {
      return { status: 200, body: await changePassword(deps.db, principal!, body.currentPassword, body.newPassword) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/second-factor/enrolment',
    summary: 'Start enrolling an authenticator app (TOTP, RFC 6238): a new secret, shown this once, as text and otpauth:// URI',
    tag: 'auth',
    permission: 'account:second-factor',
    duringPendingStep: true,
    responses: {
      201: { description: 'The secret to put in the app; confirm it with a first code', schema: z.object({ secret: z.string(), uri: z.string() }) },
      409: { description: 'SECOND_FACTOR_ALREADY_ENROLLED' },
    },
    async handler({ deps, principal }) {
      return { status: 201, body: await startEnrolment(deps.db, deps.secondFactorKeys, principal!) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/second-factor/enrolment/confirm',
    summary: 'Confirm the enrolment with a first code from the app; from then on every sign-in asks for a code. Answers ten one-time recovery codes, shown this once',
    tag: 'auth',
    permission: 'account:second-factor',
    duringPendingStep: true,
    body: Code,
    responses: {
      200: { description: 'Enrolled', schema: RecoveryCodes },
      422: { description: 'SECOND_FACTOR_CONFIRMATION_FAILED: the code is wrong' },
    },
    async handler({ deps, principal, body }) {
      return { status: 200, body: await confirmEnrolment(deps.db, deps.secondFactorKeys, principal!, body.code) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/auth/second-factor/recovery-codes',
    summary: 'How many of the own recovery codes are unspent (the codes themselves are never shown again)',
    tag: 'auth',
    permission: 'account:second-factor',
    responses: { 200: { description: 'The count', schema: z.object({ enrolled: z.boolean(), remaining: z.number() }) } },
    async handler({ deps, principal }) {
      return { status: 200, body: await recoveryCodeStatus(deps.db, principal!) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/second-factor/recovery-codes',
    summary: 'New recovery codes, with a fresh code from the authenticator: the old ones stop working; the new ten are shown this once',
    tag: 'auth',
    permission: 'account:second-factor',
    body: Code,
    responses: {
      200: { description: 'The new codes', schema: RecoveryCodes },
      403: { description: 'RECOVERY_CODES_CODE_WRONG: the code is wrong or was used already' },
      409: { description: 'RECOVERY_CODES_WITHOUT_SECOND_FACTOR: no authenticator enrolled' },
    },
    async handler({ deps, principal, body }) {
      return { status: 200, body: await regenerateRecoveryCodes(deps.db, deps.secondFactorKeys, principal!, body.code) };
    },
  }),
];
