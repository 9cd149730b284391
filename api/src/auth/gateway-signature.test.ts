import { callbackSignatureValid, gatewaySecretFromEnv, signCallback } from './gateway-signature';

const SECRET = 'unit-test-gateway-secret-0123456789';
const BODY = Buffer.from('{"notificationId":1,"answer":"confirm","receivedAt":"2026-03-02T01:01:00.000Z"}');

test('a signature holds for its secret, timestamp and exact body, within five minutes', () => {
  const now = 1_780_000_000_000;
  const ts = now / 1000;
  const sig = signCallback(SECRET, ts, BODY);
  expect(sig).toMatch(/^v1=[0-9a-f]{64}$/);
  expect(callbackSignatureValid(SECRET, String(ts), sig, BODY, now)).toBe(true);
  expect(callbackSignatureValid(SECRET, String(ts), sig, BODY, now + 299_000)).toBe(true);
  expect(callbackSignatureValid(SECRET, String(ts), sig, BODY, now + 301_000)).toBe(false);
  expect(callbackSignatureValid(SECRET, String(ts + 1), sig, BODY, now)).toBe(false);
  expect(callbackSignatureValid(SECRET, String(ts), sig, Buffer.concat([BODY, Buffer.from(' ')]), now)).toBe(false);
  expect(callbackSignatureValid(`${SECRET}x`, String(ts), sig, BODY, now)).toBe(false);
  expect(callbackSignatureValid(SECRET, String(ts), sig.toUpperCase(), BODY, now)).toBe(false);
  for (const [t, s] of [[undefined, sig], [String(ts), undefined], ['12e3', sig], [String(ts), 'v1=']] as const) {
    expect(callbackSignatureValid(SECRET, t, s, BODY, now)).toBe(false);
  }
});

test('the callback secret from the environment: unset is none, short is refused', () => {
  expect(gatewaySecretFromEnv({})).toBeNull();
  expect(gatewaySecretFromEnv({ GGZY_GATEWAY_CALLBACK_SECRET: SECRET })).toBe(SECRET);
  expect(() => gatewaySecretFromEnv({ GGZY_GATEWAY_CALLBACK_SECRET: 'short' })).toThrow('at least 32 characters');
});
