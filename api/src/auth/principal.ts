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
  /** The bearer token of this request, so logout can end exactly this session. */
  sessionToken?: string;
}

export function canSeeRegion(principal: Principal, regionCode: string): boolean {
  return principal.visibleRegions.includes(regionCode);
}
