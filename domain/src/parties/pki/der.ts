// DER (ITU-T X.690) reading and writing, only as much as X.509 certificates, CRLs and PKCS#8 keys need. Strict: a
// certificate is hashed and signed over its exact bytes, so anything not in definite-length DER is refused rather
// than guessed at, and every element keeps the span of bytes it came from (the signed TBS part is checked as sent).

export class DerError extends Error {
  override name = 'DerError';
}

/** One TLV element: its tag byte, its content and the exact bytes it was read from. */
export interface Der {
  tag: number;
  /** The content octets. */
  value: Buffer;
  /** The whole element, tag and length included. */
  raw: Buffer;
}

export const TAG = {
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13, IA5_STRING: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, BMP_STRING: 0x1e,
  SEQUENCE: 0x30, SET: 0x31,
} as const;

/** The context-specific tag [n], constructed (explicit tagging) or primitive. */
export const contextTag = (n: number, constructed = true) => 0x80 | (constructed ? 0x20 : 0) | n;

/** Reads the element at `offset`; answers it and the offset after it. */
function readAt(input: Buffer, offset: number): { element: Der; next: number } {
  if (offset + 2 > input.length) throw new DerError('truncated element');
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let length = input[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > 4) throw new DerError('element too long');
    if (offset + 2 + count > input.length) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[offset + 2 + i]!;
    if (length < 0x80 || input[offset + 2] === 0) throw new DerError('length not minimally encoded');
    header += count;
  }
  const end = offset + header + length;
  if (end > input.length) throw new DerError('truncated content');
  return { element: { tag, value: input.subarray(offset + header, end), raw: input.subarray(offset, end) }, next: end };
}

/** Parses exactly one element filling the whole input. */
export function parseDer(input: Buffer | Uint8Array): Der {
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const { element, next } = readAt(buffer, 0);
  if (next !== buffer.length) throw new DerError('trailing bytes after the element');
  return element;
}

/** The elements inside a constructed element (SEQUENCE, SET, explicit [n]). */
export function children(element: Der): Der[] {
  if (!(element.tag & 0x20)) throw new DerError(`tag 0x${element.tag.toString(16)} is not constructed`);
  const out: Der[] = [];
  let offset = 0;
  while (offset < element.value.length) {
    const { element: child, next } = readAt(element.value, offset);
    out.push(child);
    offset = next;
  }
  return out;
}

export function expectTag(element: Der | undefined, tag: number, what: string): Der {
  if (!element || element.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return element;
}

export function readOid(element: Der | undefined): string {
  const value = expectTag(element, TAG.OID, 'object identifier').value;
  if (value.length === 0) throw new DerError('empty object identifier');
  const parts: number[] = [];
  let current = 0;
  for (const byte of value) {
    current = current * 128 + (byte & 0x7f);
    if (current > Number.MAX_SAFE_INTEGER) throw new DerError('object identifier arc too large');
    if (!(byte & 0x80)) {
      parts.push(current);
      current = 0;
    }
  }
  if (value[value.length - 1]! & 0x80) throw new DerError('truncated object identifier');
  const first = parts.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** An INTEGER's magnitude as unsigned big-endian bytes (negative integers are refused: none is used here). */
export function readUnsignedInteger(element: Der | undefined): Buffer {
  const value = expectTag(element, TAG.INTEGER, 'integer').value;
  if (value.length === 0) throw new DerError('empty integer');
  if (value[0]! & 0x80) throw new DerError('negative integer');
  if (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80)) throw new DerError('integer not minimally encoded');
  return value[0] === 0 && value.length > 1 ? value.subarray(1) : value;
}

export function readSmallInteger(element: Der | undefined): number {
  const bytes = readUnsignedInteger(element);
  if (bytes.length > 4) throw new DerError('integer too large');
  return bytes.reduce((n, b) => n * 256 + b, 0);
}

/** A BIT STRING's bytes and how many bits of the last byte are unused. */
export function readBitString(element: Der | undefined): { bytes: Buffer; unusedBits: number } {
  const value = expectTag(element, TAG.BIT_STRING, 'bit string').value;
  if (value.length === 0 || value[0]! > 7 || (value.length === 1 && value[0] !== 0)) throw new DerError('malformed bit string');
  return { bytes: value.subarray(1), unusedBits: value[0]! };
}

export function readBoolean(element: Der | undefined): boolean {
  const value = expectTag(element, TAG.BOOLEAN, 'boolean').value;
  if (value.length !== 1 || (value[0] !== 0 && value[0] !== 0xff)) throw new DerError('malformed boolean');
  return value[0] === 0xff;
}

/** UTCTime (YYMMDDHHMMSSZ, 1950–2049) or GeneralizedTime (YYYYMMDDHHMMSSZ), as RFC 5280 §4.1.2.5 allows them. */
export function readTime(element: Der | undefined): Date {
  if (!element) throw new DerError('missing time');
  const text = element.value.toString('latin1');
  let match: RegExpExecArray | null;
  let year: number;
  if (element.tag === TAG.UTC_TIME && (match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (element.tag === TAG.GENERALIZED_TIME && (match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    year = Number(match[1]);
  } else {
    throw new DerError(`malformed time ${JSON.stringify(text)}`);
  }
  const [, , mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year, mo! - 1, d!, h!, mi!, s!));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo! - 1) throw new DerError(`impossible time ${text}`);
  return date;
}

/** The text of a directory string (UTF8String, PrintableString, IA5String, BMPString …). */
export function readString(element: Der): string {
  switch (element.tag) {
    case TAG.UTF8_STRING: return element.value.toString('utf8');
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(element.value);
      return swapped.swap16().toString('utf16le');
    }
    case TAG.PRINTABLE_STRING: case TAG.IA5_STRING: case 0x14 /* T61String */: return element.value.toString('latin1');
    default: return element.value.toString('hex');
  }
}

// ——— writing ———

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encode(tag: number, ...content: Buffer[]): Buffer {
  const value = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(value.length), value]);
}

export const sequence = (...items: Buffer[]) => encode(TAG.SEQUENCE, ...items);
export const set = (...items: Buffer[]) => encode(TAG.SET, ...items);
export const explicit = (n: number, inner: Buffer) => encode(contextTag(n), inner);
export const octetString = (bytes: Buffer) => encode(TAG.OCTET_STRING, bytes);
export const bitString = (bytes: Buffer, unusedBits = 0) => encode(TAG.BIT_STRING, Buffer.from([unusedBits]), bytes);
export const utf8String = (text: string) => encode(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
export const printableString = (text: string) => encode(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
export const boolean = (value: boolean) => encode(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0]));
export const nullValue = () => encode(TAG.NULL);

/** An unsigned INTEGER from big-endian bytes (a leading zero is added when the top bit is set). */
export function unsignedInteger(bytes: Buffer | number): Buffer {
  let value = bytes;
  if (typeof value === 'number') {
    const hex = value.toString(16);
    value = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  }
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  value = value.subarray(start);
  if (value[0]! & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return encode(TAG.INTEGER, value);
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new DerError(`bad object identifier ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const group: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) group.unshift((n & 0x7f) | 0x80);
    bytes.push(...group);
  }
  return encode(TAG.OID, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 && date.getUTCFullYear() >= 1950
    ? encode(TAG.UTC_TIME, Buffer.from(`${iso.slice(2)}Z`, 'latin1'))
    : encode(TAG.GENERALIZED_TIME, Buffer.from(`${iso}Z`, 'latin1'));
}
