// Which process variables are secret by nature, and their masking: the one place this is declared (the api's
// disclosure of a deal's variables and the variables history written by the projection both follow it).
//   - anything under a key starting with `sealed` (sealed bids, sealed expert lists: opened only by their own step);
//   - bank accounts (a bidder's basic account, a payer's account): personal financial data, needed by no reader;
//   - credentials (passwords, secrets, tokens, private keys);
//   - prices (bid prices, quotes, reserve prices) until every section of the deal has been opened — 招标投标法 §22:
//     nothing that may affect fair competition is disclosed before the opening (开标).
// A masked value is replaced by MASKED and its path is listed, so the reader knows something is there.

export const MASKED = '******';

interface SecretRule {
  /** Stable name of the rule (tests and documentation use it). */
  rule: 'sealed' | 'bank-account' | 'credential' | 'price-before-opening';
  /** Whether a key (lower case, without `_` and `-`) names such a value; the whole value under it is masked. */
  matches(key: string): boolean;
  /** Revealed once the deal's bids are opened; absent: never revealed through the api. */
  revealedAfterOpening?: true;
}

export const SECRET_VARIABLES: readonly SecretRule[] = [
  { rule: 'sealed', matches: (k) => k.startsWith('sealed') },
  { rule: 'bank-account', matches: (k) => /(account|accountno|accountnumber|iban|bankcard|cardno|cardnumber)$/.test(k) },
  { rule: 'credential', matches: (k) => /(password|passwd|passcode|secret|token|credential|credentials|privatekey|apikey)$/.test(k) },
  { rule: 'price-before-opening', matches: (k) => /price|quote/.test(k), revealedAfterOpening: true },
];

const normalize = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** The rule that hides the value under `key` at this moment of the deal, if any. */
export function secretRuleFor(key: string, bidsOpened: boolean): SecretRule | undefined {
  const k = normalize(key);
  return SECRET_VARIABLES.find((r) => r.matches(k) && !(r.revealedAfterOpening && bidsOpened));
}

/**
 * `value` with every secret under it replaced by MASKED (their paths pushed onto `masked`). With `bidsOpened` null,
 * only what is never revealed is masked (what may be stored): prices stay, for a reader after the opening.
 */
export function maskSecrets(value: unknown, path: string, bidsOpened: boolean | null, masked: string[]): unknown {
  return mask(value, path, bidsOpened, masked);
}

function mask(value: unknown, path: string, bidsOpened: boolean | null, masked: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => mask(v, `${path}[${i}]`, bidsOpened, masked));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (bidsOpened === null ? SECRET_VARIABLES.some((r) => !r.revealedAfterOpening && r.matches(normalize(key))) : secretRuleFor(key, bidsOpened)) {
      out[key] = MASKED;
      masked.push(at);
    } else {
      out[key] = mask(v, at, bidsOpened, masked);
    }
  }
  return out;
}

