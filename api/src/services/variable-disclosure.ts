// Who sees a deal's process variables, and what stays hidden even from them: the one place this is declared.
//
// Separation of duties: designers draw procedures and administrators run the platform; neither takes part in a deal,
// so neither receives its variables (they keep its state, tokens and diagram). The centre's staff, the supervisors and
// the auditors of the deal's region see them (the permission `process-variables:read`) — but values secret by nature
// are masked for them too:
//   - anything under a key starting with `sealed` (sealed bids, sealed expert lists: opened only by their own step);
//   - bank accounts (a bidder's basic account, a payer's account): personal financial data, needed by no reader;
//   - credentials (passwords, secrets, tokens, private keys);
//   - prices (bid prices, quotes, reserve prices) until every section of the deal has been opened — 招标投标法 §22:
//     nothing that may affect fair competition is disclosed before the opening (开标).
// A masked value is replaced by MASKED and its path is listed, so the reader knows something is there.
import type { Role } from '@ggzy/db';
import { MASKED, SECRET_VARIABLES, maskSecrets, secretRuleFor } from '@ggzy/domain';
import { roleHas } from '../auth/permissions';

export { MASKED, SECRET_VARIABLES, secretRuleFor };

export type Disclosure =
  | { level: 'withheld'; masked: [] }
  | { level: 'masked'; masked: string[] };


/** A deal's variables as `role` may see them: none, or masked by SECRET_VARIABLES. */
export function discloseVariables(role: Role, variables: Record<string, unknown>, context: { bidsOpened: boolean }): { variables: Record<string, unknown>; disclosure: Disclosure } {
  if (!roleHas(role, 'process-variables:read')) return { variables: {}, disclosure: { level: 'withheld', masked: [] } };
  const masked: string[] = [];
  const shown = maskSecrets(variables, '', context.bidsOpened, masked) as Record<string, unknown>;
  return { variables: shown, disclosure: { level: 'masked', masked } };
}
