// Behind a trusted proxy the client's address is what the proxy appended to X-Forwarded-For, not what the client
// wrote there: the login limiter keys on it, so a spoofed leftmost entry must not change it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { proxyOptions } from '../app';
import { clientAddress, parseTrustedProxies, proxyTrustFromEnv } from './client-address';

async function ipSeen(options: ReturnType<typeof proxyOptions>, forwardedFor?: string): Promise<string> {
  const app = new Koa(options);
  app.use((ctx) => { ctx.body = ctx.ip; });
  const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
    return await res.text();
  } finally {
    server.close();
  }
}

test('one trusted proxy: the rightmost X-Forwarded-For entry, whatever the client put before it', async () => {
  const one = proxyOptions({ GGZY_TRUST_PROXY: '1' });
  expect(await ipSeen(one, '198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
  expect(await ipSeen(one, '10.9.9.9, 1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
  // two proxies: the entry the outer one appended
  expect(await ipSeen(proxyOptions({ GGZY_TRUST_PROXY: '2' }), '10.9.9.9, 203.0.113.9, 192.0.2.1')).toBe('203.0.113.9');
});

test('no trusted proxy: the header is ignored; a bad setting is refused', async () => {
  expect(await ipSeen(proxyOptions({}), '203.0.113.9')).toMatch(/127\.0\.0\.1/);
  expect(() => proxyOptions({ GGZY_TRUST_PROXY: 'yes' })).toThrow(/number of trusted proxies/);
});

describe('a list of trusted proxies (GGZY_TRUSTED_PROXIES)', () => {
  const trust = proxyTrustFromEnv({ GGZY_TRUSTED_PROXIES: '127.0.0.1, 10.20.0.0/16, fd00::/8' });

  test('the right-most address that is not a trusted proxy, whatever the client put before it', () => {
    expect(clientAddress(trust, '127.0.0.1', '198.51.100.7, 203.0.113.9, 10.20.3.4')).toBe('203.0.113.9');
    expect(clientAddress(trust, '::ffff:127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress(trust, '127.0.0.1', '2001:db8::5, fd00::1')).toBe('2001:db8::5');
    // a peer that is not a proxy of ours: its own address, its header is not believed
    expect(clientAddress(trust, '203.0.113.50', '10.20.0.9, 1.2.3.4')).toBe('203.0.113.50');
    // only trusted hops: the leftmost (the request came from inside); no header: the socket
    expect(clientAddress(trust, '127.0.0.1', '10.20.0.9')).toBe('10.20.0.9');
    expect(clientAddress(trust, '127.0.0.1', undefined)).toBe('127.0.0.1');
    // garbage the client wrote stops the walk at the last address our proxies wrote
    expect(clientAddress(trust, '127.0.0.1', 'evil, 10.20.0.9')).toBe('10.20.0.9');
  });

  test('a bad entry or both settings at once are refused', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/not an IP/);
    expect(() => proxyTrustFromEnv({ GGZY_TRUSTED_PROXIES: '10.0.0.1', GGZY_TRUST_PROXY: '1' })).toThrow(/not both/);
  });
});
