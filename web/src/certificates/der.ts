// Just enough DER for the browser: read a certificate's names and validity (to show which certificate this is) and a
// PKCS#8 key's curve and private scalar. The server checks certificates itself, strictly; nothing here is trusted.

export interface Tlv { tag: number; value: Uint8Array; raw: Uint8Array }

function read(bytes: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] ?? 0);
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new Error('truncated DER');
  return { tlv: { tag, value: bytes.subarray(offset + header, end), raw: bytes.subarray(offset, end) }, next: end };
}

export function parse(bytes: Uint8Array): Tlv {
  return read(bytes, 0).tlv;
}

export function items(tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = 0; offset < tlv.value.length;) {
    const { tlv: child, next } = read(tlv.value, offset);
    out.push(child);
    offset = next;
  }
  return out;
}

export function oid(tlv: Tlv | undefined): string {
  if (!tlv || tlv.tag !== 0x06) throw new Error('object identifier expected');
  const arcs: number[] = [];
  let n = 0;
  for (const b of tlv.value) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) { arcs.push(n); n = 0; }
  }
  const first = arcs.shift() ?? 0;
  return [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40, ...arcs].join('.');
}

const text = (tlv: Tlv) => (tlv.tag === 0x1e
  ? String.fromCharCode(...Array.from({ length: tlv.value.length / 2 }, (_, i) => (tlv.value[2 * i]! << 8) | tlv.value[2 * i + 1]!))
  : new TextDecoder().decode(tlv.value));

/** A name's attributes by short name (CN, O, …). */
export function nameOf(tlv: Tlv): Record<string, string> {
  const short: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.5': 'serialNumber' };
  const out: Record<string, string> = {};
  for (const rdn of items(tlv)) for (const atv of items(rdn)) {
    const [type, value] = items(atv);
    const key = short[oid(type)];
    if (key && value && !(key in out)) out[key] = text(value);
  }
  return out;
}

export function timeOf(tlv: Tlv): string {
  const s = new TextDecoder().decode(tlv.value);
  const full = tlv.tag === 0x17 ? `${Number(s.slice(0, 2)) >= 50 ? '19' : '20'}${s}` : s;
  return `${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}T${full.slice(8, 10)}:${full.slice(10, 12)}:${full.slice(12, 14)}Z`;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(b64: string): Uint8Array {
  const binary = atob(b64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function integer(hex: string): Uint8Array {
  let bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  const body = bytes[0]! & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes;
  return Uint8Array.from([0x02, body.length, ...body]);
}

/** DER SEQUENCE { r, s } from r‖s (64 bytes, WebCrypto's IEEE P1363 form, or sm-crypto's hex). */
export function derSignature(rs: Uint8Array | string): Uint8Array {
  const hex = typeof rs === 'string' ? rs : toHex(rs);
  const half = hex.length / 2;
  const body = Uint8Array.from([...integer(hex.slice(0, half)), ...integer(hex.slice(half))]);
  return Uint8Array.from([0x30, body.length, ...body]);
}
