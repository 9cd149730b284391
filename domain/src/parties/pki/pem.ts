// PEM (RFC 7468) in and out: certificates, CRLs and PKCS#8 keys travel as PEM text, the api also takes base64 DER.

export interface PemBlock { label: string; der: Buffer }

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block of a text, in order. */
export function readPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const body = match[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    blocks.push({ label: match[1]!, der: Buffer.from(body, 'base64') });
  }
  return blocks;
}

export function writePem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * A certificate as a client sends it: one PEM certificate block, or base64 of the DER bytes. Null when it is neither
 * (the caller answers a malformed request).
 */
export function certificateBytes(input: string): Buffer | null {
  const trimmed = input.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const blocks = readPemBlocks(trimmed).filter((b) => b.label === 'CERTIFICATE');
    return blocks.length === 1 ? blocks[0]!.der : null;
  }
  const compact = trimmed.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  return Buffer.from(compact, 'base64');
}
