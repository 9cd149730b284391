import { bankKeysFromEnv, signingBank } from './bank-signature';
import { signCallback } from './gateway-signature';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(40);
const body = Buffer.from('{"transactionId":"T1"}');
const now = 1_780_000_000_000;
const ts = Math.floor(now / 1000);

test('each bank\'s key signs for that bank only, within five minutes', () => {
  const keys = bankKeysFromEnv({ GGZY_BANK_CALLBACK_KEYS: `dhbank=${KEY_A}, xsbank=${KEY_B}` });
  expect([...keys.keys()]).toEqual(['dhbank', 'xsbank']);
  const signed = signCallback(KEY_A, ts, body);
  expect(signingBank(keys, 'dhbank', String(ts), signed, body, now)).toBe('dhbank');
  expect(signingBank(keys, 'xsbank', String(ts), signed, body, now)).toBeNull(); // A's key does not sign for B
  expect(signingBank(keys, 'nobank', String(ts), signed, body, now)).toBeNull();
  expect(signingBank(keys, undefined, String(ts), signed, body, now)).toBeNull();
  expect(signingBank(keys, 'dhbank', String(ts), signed, Buffer.from('{"transactionId":"T2"}'), now)).toBeNull();
  expect(signingBank(keys, 'dhbank', String(ts), signed, body, now + 301_000)).toBeNull();
});

test('the setting is checked at start: short keys, bad ids and repeats are refused; unset means no bank', () => {
  expect(bankKeysFromEnv({}).size).toBe(0);
  expect(() => bankKeysFromEnv({ GGZY_BANK_CALLBACK_KEYS: 'dhbank=short' })).toThrow('at least 32 characters');
  expect(() => bankKeysFromEnv({ GGZY_BANK_CALLBACK_KEYS: `Bad Bank=${KEY_A}` })).toThrow('bankId=key');
  expect(() => bankKeysFromEnv({ GGZY_BANK_CALLBACK_KEYS: `dhbank=${KEY_A},dhbank=${KEY_B}` })).toThrow('twice');
});
