// The parts of sm-crypto's SM2 curve helpers the sealed-bid envelope uses (the package types only its top level).
declare module 'sm-crypto/src/sm2/utils' {
  import type { BigInteger } from 'jsbn';
  interface FieldElement { toBigInteger(): BigInteger }
  interface CurvePoint { getX(): FieldElement; getY(): FieldElement; multiply(k: BigInteger): CurvePoint }
  export function getGlobalCurve(): { decodePointHex(hex: string): CurvePoint | null };
  export function generateKeyPairHex(a?: string, b?: number, c?: unknown): { privateKey: string; publicKey: string };
}
