// Bidders doing their own part of a deal, for the tests of the reference procedures: each has a certificate (P-256 and
// SM2 alternately, from two test CAs) bound to its subject, registers for a section (报名), pays its deposit from its
// basic account (the bank's notification), seals and signs its bid exactly as the browser does, and hands its share of
// the key over in the opening hall — all through the domain functions the api calls.
import { User, type Db } from '@ggzy/db';
import {
  CERTIFICATE_ONLY, bindCertificate, createAuthority, envelopeSigningText, handOverShare, issuePartyCertificate,
  openBidderShare, openingForBidder, parseCertificate, privateKeyInfo, receiveBankNotification, registerForSection, sealBid, sealingKeyForBidder,
  signData, submitSealedBid, writePem, type Certificate, type PartyActor, type SigningKey,
} from '@ggzy/domain';

export interface TestBidder { actor: PartyActor; key: SigningKey; certificate: Certificate; basicAccount: string; deviceId: string }

const YEAR = 365 * 86_400_000;

/** Certificates, bindings and party users for the given subjects (alternately P-256 and SM2). */
export async function makeBidders(db: Db, subjects: ReadonlyArray<{ creditCode: string; name: string; basicAccount: string }>, now: Date): Promise<TestBidder[]> {
  // the time-skipping server's clock may run years ahead: certificates valid long enough either way
  const cas = (['ec-p256', 'sm2'] as const).map((algorithm) => createAuthority({ id: `test-${algorithm}`, algorithm, commonName: `测试CA ${algorithm}`, organization: '测试认证中心', now, years: 40 }));
  const bidders: TestBidder[] = [];
  for (const [i, subject] of subjects.entries()) {
    const ca = cas[i % 2]!;
    const person = `投标代表${i + 1}`;
    const issued = issuePartyCertificate(ca, { organization: subject.name, commonName: person, creditCode: subject.creditCode, notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 30 * YEAR) });
    const bound = await bindCertificate(db, {
      subject: { creditCode: subject.creditCode, name: subject.name, kind: 'bidder', regionCode: null, basicAccount: subject.basicAccount },
      person: { name: person, role: 'authorized_agent' }, certificatePem: writePem('CERTIFICATE', issued.certificate), caId: ca.id, boundBy: 'test', now,
    });
    const username = `party-${subject.creditCode.toLowerCase()}`;
    const user = await User.query(db).insert({
      username, display_name: person, role: 'party', region_code: '990100', password_hash: CERTIFICATE_ONLY, is_demo: false, subject_id: bound.subjectId, person_id: bound.personId,
    });
    bidders.push({
      actor: { userId: user.id, username, subjectId: bound.subjectId, creditCode: subject.creditCode, subjectName: subject.name, personId: bound.personId, personName: person },
      key: issued.key, certificate: parseCertificate(issued.certificate), basicAccount: subject.basicAccount, deviceId: `device-${i + 1}-${subject.creditCode.slice(-6)}`,
    });
  }
  return bidders;
}

/** The section's opening key, once the process's bids.openBidding step has made it (it runs just after the documents). */
async function openingKeyOf(db: Db, b: TestBidder, input: { dealCode: string; sectionCode: string; now: Date }) {
  for (let waited = 0; ; waited += 100) {
    try {
      return await sealingKeyForBidder(db, { ...input, actor: b.actor });
    } catch (err) {
      if ((err as { code?: string }).code !== 'BIDDING_NOT_OPEN' || waited > 60_000) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** 报名, the deposit from the basic account, and a bid sealed and signed as the browser seals and signs it. */
export async function bid(db: Db, b: TestBidder, input: { dealCode: string; sectionCode: string; priceFen: number; depositFen: number; now: Date }): Promise<void> {
  const { dealCode, sectionCode, now } = input;
  const registration = await registerForSection(db, { dealCode, sectionCode, actor: b.actor, now });
  const paid = await receiveBankNotification(db, {
    bankId: 'test-bank', transactionId: `tx-${sectionCode}-${b.actor.creditCode}`, creditedAccount: registration.depositAccountNo,
    payerAccount: b.basicAccount, payerName: b.actor.subjectName, amountFen: input.depositFen, bookedAt: now.toISOString(),
  }, now);
  if (paid.status !== 'accepted') throw new Error(`the deposit of ${b.actor.creditCode} was refused: ${JSON.stringify(paid)}`);
  const key = await openingKeyOf(db, b, { dealCode, sectionCode, now });
  const pk = b.certificate.publicKey!;
  const envelope = await sealBid({
    content: { priceFen: input.priceFen, durationDays: 540, commitments: ['质量合格'], documents: [{ name: '投标文件.pdf', sha256: 'ef'.repeat(32), sizeBytes: 2048 }] },
    sectionCode, bidder: b.actor.creditCode, platformKey: Buffer.from(key.publicKey, 'base64'),
    bidderKey: pk.algorithm === 'ec-p256' ? { algorithm: 'ec-p256', spki: pk.spki, certificateFingerprint: b.certificate.fingerprint } : { algorithm: 'sm2', point: pk.point, certificateFingerprint: b.certificate.fingerprint },
    sealedAt: now,
  });
  await submitSealedBid(db, {
    dealCode, sectionCode, envelope, signature: signData(b.key, Buffer.from(envelopeSigningText(envelope), 'utf8')).toString('base64'),
    certificateFingerprint: b.certificate.fingerprint, client: { deviceId: b.deviceId, userAgent: 'test', address: '127.0.0.1' }, actor: b.actor, now,
  });
}

/** In the opening hall: each bidder opens its share with its own key and hands it over. */
export async function decrypt(db: Db, bidders: readonly TestBidder[], input: { dealCode: string; sectionCode: string; now: Date }): Promise<void> {
  for (const b of bidders) {
    const hall = await openingForBidder(db, { dealCode: input.dealCode, sectionCode: input.sectionCode, actor: b.actor, now: input.now });
    if (!hall.myEnvelope) throw new Error(`no envelope to open for ${b.actor.creditCode} (status ${hall.status})`);
    const share = await openBidderShare(hall.myEnvelope, b.key.algorithm === 'ec-p256' ? { algorithm: 'ec-p256', pkcs8: privateKeyInfo(b.key) } : { algorithm: 'sm2', d: Buffer.from(b.key.d, 'hex') }, b.certificate.publicKey!.spki);
    await handOverShare(db, { dealCode: input.dealCode, sectionCode: input.sectionCode, share: Buffer.from(share).toString('base64'), actor: b.actor, now: input.now });
  }
}
