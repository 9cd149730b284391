// Behind a trusted proxy the client's address is what the proxy appended to X-Forwarded-For, not what the client
// wrote there: the login limiter keys on it, so a spoofed leftmost entry must not change it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { proxyOptions } from '../app';

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
