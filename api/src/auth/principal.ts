import type { Role } from '@ggzy/db';

/** Who is calling, as the services see it (they never see the koa context). */
export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  /** Region codes this user may see: its own, plus the cities of a province. */
  visibleRegions: readonly string[];
  /** Of those, the training sandboxes (演练区): their deals are never counted or listed with the real ones. */
  sandboxRegions?: readonly string[];
  /** A party (role `party`): the subject and person it acts for, and the certificate it signed in with. */
  party?: PartyOfPrincipal;
  /** Whether the user has confirmed a second factor (TOTP). */
  secondFactor?: boolean;
  /**
   * What the user must do before anything else (a session then reaches only the routes for it): change a password an
   * administrator reset, or enrol the second factor its role requires.
   */
  pendingStep?: 'change-password' | 'enrol-second-factor';
  /** The bearer token of this request, so logout can end exactly this session. */
  sessionToken?: string;
}

export interface PartyOfPrincipal {
  subjectId: number;
  subjectName: string;
  creditCode: string;
  personId: number;
  personName: string;
  certificate: {
    fingerprint: string; caId: string; issuer: string; subject: string; serialNumber: string; keyAlgorithm: string;
    validFrom: string; validUntil: string;
  } | null;
}

/** The visible regions that are real, not a training sandbox: what lists and counts of real deals cover. */
export function realRegions(principal: Principal): string[] {
  return principal.visibleRegions.filter((r) => !principal.sandboxRegions?.includes(r));
}

export function canSeeRegion(principal: Principal, regionCode: string): boolean {
  return principal.visibleRegions.includes(regionCode);
}
