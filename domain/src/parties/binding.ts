// Binding a certificate to a person of a subject: the one fact certificate sign-in trusts to say who signed. Kept small
// on purpose — the subject library (people, review, licences) is its own capability; this is what the demo seed and
// the tests need to place a subject, a person and a certificate.
import { createHash } from 'node:crypto';
import { CaCertificate, SubjectPerson, isValidCreditCode, type Db } from '@ggzy/db';
import { upsertSubject } from '../registration/subjects';
import { certificateBytes, writePem } from './pki/pem';
import { readCertificate } from './pki/verify';

export interface BindingRequest {
  subject: { creditCode: string; name: string; kind: 'bidder' | 'tenderee' | 'agent'; regionCode: string | null; basicAccount?: string };
  person: { name: string; role: 'legal_representative' | 'authorized_agent' | 'project_manager' | 'contact' };
  certificatePem: string;
  caId: string;
  boundBy: string;
  now?: Date;
}

export async function bindCertificate(db: Db, request: BindingRequest): Promise<{ subjectId: number; personId: number; certificateId: number }> {
  if (!isValidCreditCode(request.subject.creditCode)) throw new Error(`not a unified social credit code: ${request.subject.creditCode}`);
  const der = certificateBytes(request.certificatePem);
  if (!der) throw new Error('the certificate is not PEM');
  const certificate = readCertificate(der);
  const key = certificate.publicKey;
  if (!key) throw new Error('the certificate\'s key is neither P-256 nor SM2');
  const now = request.now ?? new Date();
  return db.transaction(async (trx) => {
    const subjectId = await upsertSubject(trx, now, request.subject);
    let person = await SubjectPerson.query(trx).where({ subject_id: subjectId, name: request.person.name, role: request.person.role }).first();
    if (!person) {
      person = await SubjectPerson.query(trx).insert({ subject_id: subjectId, name: request.person.name, role: request.person.role, status: 'active', created_at: now.toISOString() });
    }
    await CaCertificate.query(trx).insert({
      subject_id: subjectId, person_id: person.id, ca_id: request.caId, issuer_dn: certificate.issuer.text.slice(0, 500),
      subject_dn: certificate.subject.text.slice(0, 500), serial_number: certificate.serialNumber, fingerprint_sha256: certificate.fingerprint,
      public_key_sha256: createHash('sha256').update(key.spki).digest('hex'), key_algorithm: key.algorithm,
      certificate_pem: writePem('CERTIFICATE', der), valid_from: certificate.notBefore.toISOString(), valid_until: certificate.notAfter.toISOString(),
      status: 'active', bound_at: now.toISOString(), bound_by: request.boundBy,
    }).onConflict('fingerprint_sha256').ignore();
    const row = (await CaCertificate.query(trx).modify('byFingerprint', certificate.fingerprint).select('id', 'person_id').first())!;
    return { subjectId, personId: Number(row.person_id ?? person.id), certificateId: Number(row.id) };
  });
}
