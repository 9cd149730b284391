import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `ca_certificates` — subject library (主体库): a certificate a party signs in and signs with. */
export class CaCertificate extends BaseModel {
  static override tableName = 'ca_certificates';
  static override timestampColumns = ['valid_from', 'valid_until', 'revoked_at', 'bound_at'];
  id!: number;
  subject_id!: number;
  person_id!: number | null;
  ca_id!: string;
  issuer_dn!: string;
  subject_dn!: string;
  serial_number!: string;
  fingerprint_sha256!: string;
  public_key_sha256!: string;
  key_algorithm!: string;
  certificate_pem!: string;
  valid_from!: string;
  valid_until!: string;
  revoked_at!: string | null;
  status!: string;
  bound_at!: string;
  bound_by!: string;

  static override modifiers = {
    /** The certificate with this SHA-256 fingerprint (of its DER encoding). */
    byFingerprint(query: QueryBuilder<CaCertificate>, fingerprint: string) {
      query.where('fingerprint_sha256', fingerprint);
    },
  };
}
