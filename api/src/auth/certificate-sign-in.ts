// Certificate sign-in for the parties, as the api offers it: the domain checks the certificate, the challenge and the
// binding (and writes the trail); here the session is opened exactly as the password login opens it, and a refusal
// becomes the api's error with its stable code.
import type { Db } from '@ggzy/db';
import { SignInRefused, issueChallenge, signInWithCertificate, type TrustStore } from '@ggzy/domain';
import { AppError } from '../http/errors';
import { openSession, principalFor, type NewSession } from './sessions';
import type { Principal } from './principal';
import { DEFAULT_POLICY, type AccountPolicy } from './account-policy';

export async function certificateChallenge(db: Db, origin: string, clientAddress: string) {
  const challenge = await issueChallenge(db, { origin, clientAddress });
  return { challengeId: challenge.id, nonce: challenge.nonce, issuedAt: challenge.issuedAt, expiresAt: challenge.expiresAt, origin: challenge.origin, text: challenge.text };
}

export async function certificateSignIn(
  db: Db, trustStore: TrustStore, input: { challengeId: string; certificate: string; signature: string; clientAddress: string }, policy: AccountPolicy = DEFAULT_POLICY,
): Promise<NewSession & { principal: Principal }> {
  let session: NewSession | undefined;
  try {
    const identity = await signInWithCertificate(db, { ...input, cas: trustStore.cas() }, async (trx, party) => {
      session = await openSession(trx, party.user, new Date(), party.certificate.fingerprint, policy);
    });
    return { ...session!, principal: await principalFor(db, identity.user, identity.certificate.fingerprint) };
  } catch (err) {
    if (err instanceof SignInRefused) throw new AppError(err.code);
    throw err;
  }
}
