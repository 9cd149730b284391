// Parties signing in with their certificate key files, as a signing device would: ask for a challenge, sign its text.
import { readFileSync } from 'node:fs';
import { readPemBlocks, readPrivateKeyInfo, signData, writePem } from '@ggzy/domain';
import { call, type ApiResponse } from './platform';

export interface KeyFile { certificatePem: string; sign(text: string): string }

export function readKeyFile(file: string): KeyFile {
  const blocks = readPemBlocks(readFileSync(file, 'utf8'));
  const certificate = blocks.find((b) => b.label === 'CERTIFICATE')!;
  const key = readPrivateKeyInfo(blocks.find((b) => b.label === 'PRIVATE KEY')!.der);
  return { certificatePem: writePem('CERTIFICATE', certificate.der), sign: (text) => signData(key, Buffer.from(text, 'utf8')).toString('base64') };
}

export async function challenge(baseUrl: string): Promise<{ challengeId: string; text: string; nonce: string; expiresAt: string; origin: string }> {
  const res = await call(baseUrl, 'POST', '/api/auth/certificate/challenge');
  if (res.status !== 201) throw new Error(`challenge: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Signs in with a key file; `tamper` changes what is sent (another certificate, another signature). */
export async function certificateSignIn(baseUrl: string, keyFile: KeyFile, tamper: { certificate?: string; signature?: string; challengeId?: string } = {}): Promise<ApiResponse> {
  const c = await challenge(baseUrl);
  return call(baseUrl, 'POST', '/api/auth/certificate/sign-in', {
    body: { challengeId: tamper.challengeId ?? c.challengeId, certificate: tamper.certificate ?? keyFile.certificatePem, signature: tamper.signature ?? keyFile.sign(c.text) },
  });
}
