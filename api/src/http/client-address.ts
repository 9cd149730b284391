// The client's address, which the login limiter keys on. Behind reverse proxies it is in X-Forwarded-For, but only the
// entries our own proxies appended can be believed: the client writes the leftmost ones itself. With
// GGZY_TRUSTED_PROXIES (addresses or CIDR ranges of our proxies, comma-separated) the address is found by walking the
// chain from the socket's peer leftwards past every trusted proxy: the first address that is not one is the client
// as our outermost proxy saw it. A request whose peer is not a trusted proxy is taken at its socket address, whatever
// its header says. Without the list, GGZY_TRUST_PROXY=N (the number of proxies) takes the Nth entry from the right.
import { BlockList, isIP } from 'node:net';

export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; proxies: BlockList; text: string };

/** `::ffff:10.0.0.1` (an IPv4 peer of a dual-stack socket) as `10.0.0.1`; anything else as it is, trimmed. */
export function plainAddress(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

export function parseTrustedProxies(text: string, variable = 'GGZY_TRUSTED_PROXIES'): BlockList {
  const list = new BlockList();
  for (const entry of text.split(/[,\s]+/).filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family) throw new Error(`${variable}: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address!, type);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`${variable}: "${entry}" has a bad prefix length`);
      list.addSubnet(address!, bits, type);
    }
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether the socket's peer is one of the configured proxies (a list only: a count of hops names no address). */
export function peerIsTrustedProxy(trust: ProxyTrust, peer: string): boolean {
  return trust.kind === 'list' && trusted(trust.proxies, plainAddress(peer));
}

/** The client's address from the socket's peer and the X-Forwarded-For header, as the trust setting allows. */
export function clientAddress(trust: ProxyTrust, peer: string, forwardedFor: string | undefined): string {
  const socket = plainAddress(peer);
  if (trust.kind === 'none' || !forwardedFor) return socket;
  const chain = forwardedFor.split(',').map(plainAddress).filter(Boolean);
  if (trust.kind === 'hops') return chain[Math.max(0, chain.length - trust.hops)] ?? socket;
  if (!trusted(trust.proxies, socket)) return socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (!isIP(hop)) return chain[i + 1] ?? socket; // not an address a proxy of ours wrote: the last one that did
    if (!trusted(trust.proxies, hop)) return hop;
  }
  return chain[0] ?? socket;
}

export function proxyTrustFromEnv(env: NodeJS.ProcessEnv = process.env): ProxyTrust {
  const list = env.GGZY_TRUSTED_PROXIES;
  const raw = env.GGZY_TRUST_PROXY;
  if (list) {
    if (raw && raw !== '0') throw new Error('set GGZY_TRUSTED_PROXIES or GGZY_TRUST_PROXY, not both');
    return { kind: 'list', proxies: parseTrustedProxies(list), text: list };
  }
  if (!raw || raw === '0') return { kind: 'none' };
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 1 || hops > 9) throw new Error(`GGZY_TRUST_PROXY=${raw} must be the number of trusted proxies in front of the api (1 to 9)`);
  return { kind: 'hops', hops };
}
