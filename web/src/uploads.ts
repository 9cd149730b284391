// A document (a bid file, tender documents, a report a form refers to) sent through the resumable uploads (POST /api/uploads, PATCH at the offset the server holds): the
// browser computes the file's SHA-256 itself and announces it, the server checks the bytes against it. A part refused
// for its offset (409) is resent from where the server says it stands.
import { api, ApiError } from './api';
import { currentLanguage } from './i18n';

export interface UploadedDocument { name: string; sha256: string; sizeBytes: number }

interface UploadSession { uploadId: string; offset: number; status: 'open' | 'complete' | 'aborted'; sha256: string | null }

const PART_BYTES = 256 * 1024;

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function appendPart(uploadId: string, offset: number, part: Blob): Promise<UploadSession> {
  const response = await fetch(`/api/uploads/${uploadId}`, {
    method: 'PATCH', credentials: 'same-origin', body: part,
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), accept: 'application/json', 'accept-language': currentLanguage() },
  });
  const json = await response.json().catch(() => undefined) as (UploadSession & { error?: { code: string; message: string } }) | undefined;
  if (response.status === 409) return api<UploadSession>(`/api/uploads/${uploadId}`);
  if (!response.ok || !json) throw new ApiError(json?.error?.code ?? `HTTP_${response.status}`, json?.error?.message ?? response.statusText, response.status);
  return json;
}

/** Uploads the file, reporting the share sent (0…1); answers its name, SHA-256 and size (what a bid or a form records). */
export async function uploadDocument(file: File, onProgress: (sent: number) => void): Promise<UploadedDocument> {
  const sha256 = await sha256Hex(await file.arrayBuffer());
  let session = await api<UploadSession>('/api/uploads', {
    method: 'POST', body: { fileName: file.name, mediaType: file.type || 'application/octet-stream', sizeBytes: file.size, sha256 },
  });
  onProgress(0);
  for (let tries = 0; session.status === 'open'; tries++) {
    if (tries > Math.ceil(file.size / PART_BYTES) + 20) throw new Error('the upload makes no progress');
    session = await appendPart(session.uploadId, session.offset, file.slice(session.offset, session.offset + PART_BYTES));
    onProgress(session.offset / file.size);
  }
  if (session.status !== 'complete' || session.sha256 !== sha256) throw new Error('the upload did not complete');
  return { name: file.name, sha256, sizeBytes: file.size };
}
