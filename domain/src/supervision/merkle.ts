import { createHash } from 'node:crypto';

// RFC 6962 (Certificate Transparency) Merkle tree hashing: leaves are SHA-256(0x00 || data),
// interior nodes SHA-256(0x01 || left || right), the split at the largest power of two below n.

export function leafHash(data: string): Buffer {
  return createHash('sha256').update(Buffer.from([0])).update(data, 'utf8').digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The Merkle Tree Hash of a list of leaf hashes (MTH of RFC 6962 §2.1). */
export function merkleRoot(leaves: readonly Buffer[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return createHash('sha256').digest();
  if (n === 1) return leaves[from]!;
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(merkleRoot(leaves, from, from + k), merkleRoot(leaves, from + k, to));
}
