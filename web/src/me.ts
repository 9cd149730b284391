// The signed-in user as GET /api/auth/me answers it, and the query key the apps cache it under.

export type Role = 'designer' | 'staff' | 'supervisor' | 'admin' | 'security_admin' | 'auditor' | 'party';

/** A party's identity (certificate sign-in): the subject and person it acts for and the certificate it used. */
export interface PartyIdentity {
  subjectId: number;
  subjectName: string;
  creditCode: string;
  personId: number;
  personName: string;
  certificate: { fingerprint: string; caId: string; issuer: string; subject: string; serialNumber: string; keyAlgorithm: string; validFrom: string; validUntil: string } | null;
}

export interface Me {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  visibleRegions: string[];
  /** Of those, the province's training sandboxes (演练区), where the centre's people practise. */
  sandboxRegions?: string[];
  party?: PartyIdentity;
  /** Whether an authenticator app (TOTP) is enrolled. */
  secondFactor?: boolean;
  /** What the user must do before anything else (the api refuses other requests until it is done). */
  pendingStep?: 'change-password' | 'enrol-second-factor';
}

export const ME_KEY = ['me'] as const;
