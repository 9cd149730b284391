import type { Role } from '@ggzy/db';

/**
 * The permission catalogue: which roles hold each permission. Separate duties (三权分立): the system administrator
 * runs the platform (regions, calendars, configuration) but reads no deal and no trail; the security administrator
 * administers the users and nothing else; the auditor reads the trail but changes nothing. Who may administer whom is
 * decided further in auth/user-administration.ts.
 */
export const PERMISSIONS = {
  'session:read': ['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor', 'party'],
  // one's own password and second factor: the centre's people (a party signs in with its certificate, no password)
  'account:password': ['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor'],
  'account:second-factor': ['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor'],
  // the parties' own portal: every route also checks who the party is in the deal (domain parties/relations.ts)
  'party-deal:read': ['party'],
  'party-registration:write': ['party'],
  'party-document:read': ['party'],
  'party-document:publish': ['party'],
  'party-question:write': ['party'],
  'party-deposit:write': ['party'],
  // the deal's steps that are the party's own (party:organiser, party:tenderee … tasks) and its complaints (投诉)
  'party-task:read': ['party'],
  'party-task:complete': ['party'],
  'party-complaint:file': ['party'],
  // 异议 outside the hall: a bidder raises one, the tenderee or its agency answers (each checks the relation to the deal)
  'party-objection:raise': ['party'],
  'party-objection:answer': ['party'],
  // who asked a clarification question: the centre's staff and the supervisors, never the other parties
  'clarification:read': ['staff', 'supervisor', 'auditor'],
  // who raised an objection and whether its answer is overdue: the centre's staff and the supervisors of the city
  'objection:read': ['staff', 'supervisor', 'auditor'],
  'probe:run': ['admin'],
  'probe:read': ['admin', 'auditor'],
  'definition:deploy': ['designer'],
  // four eyes on procedure versions: a second designer (never the one who deployed it) or the system administrator
  'definition:approve': ['designer', 'admin'],
  'definition:migrate': ['designer', 'admin'],
  // the operations console (运行监控): incidents across deals, and the retry after a fix
  'operations:read': ['admin', 'supervisor', 'auditor'],
  'operations:retry': ['admin'],
  // moving a deal's token (four eyes, two duties): the system administrator asks, a supervisor of the deal confirms
  'operations:move-token': ['admin'],
  'operations:confirm-move': ['supervisor'],
  // 顺延: the centre's staff move a deal's bid deadline later at the organiser's request (late clarifications move it themselves)
  'deal:postpone': ['staff'],
  'definition:read': ['designer', 'staff', 'supervisor', 'admin', 'auditor'],
  'process:start': ['staff'],
  // deals (list, state, per-deal trail): those who run and watch them; designers keep the definitions, the system
  // administrator the configuration
  'process:read': ['staff', 'supervisor', 'auditor'],
  // a deal's variables (masked where secret by nature: services/variable-disclosure.ts); not for those who draw the
  // procedures or run the platform
  'process-variables:read': ['staff', 'supervisor', 'auditor'],
  'task:read': ['staff', 'supervisor'],
  'task:complete': ['staff', 'supervisor'],
  'message:deliver': ['staff'],
  'directive:issue': ['supervisor'],
  'supervision:read': ['supervisor', 'auditor'],
  'trail:verify': ['supervisor', 'auditor'],
  'alert:read': ['supervisor', 'auditor'],
  // the bid-rigging screens (围标串标筛查) of the opened sections and the bidder network around them
  'screen:read': ['supervisor', 'auditor'],
  // the price library (价格信息库): its indicators and the control-price reference for those who run, watch and audit
  // deals; the lists are imported by the centre's staff and the administrator, each for its own city
  'price:read': ['staff', 'supervisor', 'auditor'],
  'price:import': ['staff', 'admin'],
  // 市场分析: the market dashboards of one's city (or province) for those who run, watch and audit its deals; not the
  // public nor the parties — a small city's figures per bidder are its bidders' business
  'market:read': ['staff', 'supervisor', 'auditor'],
  'complaint:file': ['supervisor'],
  'complaint:read': ['supervisor', 'auditor'],
  'expert-list:read': ['staff', 'supervisor', 'auditor'],
  'calendar:read': ['designer', 'staff', 'supervisor', 'admin', 'auditor'],
  // the catalogues the forms pick from (experts' specialties, the centre's rooms): no person, no deal in them
  'catalogue:read': ['designer', 'staff', 'supervisor', 'admin', 'auditor'],
  'calendar:write': ['admin'],
  'subject:read': ['staff', 'supervisor', 'auditor'],
  'subject:apply': ['staff'],
  'subject:review': ['staff'],
  'registry:import': ['admin'],
  'file:upload': ['staff', 'party'],
  'bid:submit': ['party'],
  // the opening hall watched read-only, region-scoped: the supervisors, and the centre's staff who run the deal
  'opening-hall:watch': ['staff', 'supervisor'],
  // the parties' hall: a bidder signs in, objects and confirms the record; the tenderee or its agency answers and makes
  // the record (each act checks the party's relation to the deal)
  'opening-hall:attend': ['party'],
  // the centre's staff answer objections and make the record when the tenderee and its agency do not
  'opening-hall:host': ['staff'],
  'file:read': ['staff', 'supervisor', 'auditor', 'party'],
  'registry:read': ['admin', 'auditor'],
  // user administration, in the administrator's regions and never on one's own account: the security administrator
  // administers the business roles; the system administrator appoints the security administrators
  'user:read': ['security_admin', 'admin'],
  'user:administer': ['security_admin', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
