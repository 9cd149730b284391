import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { AppError } from '../http/errors';
import * as files from '../services/files';

const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 digest: 64 hexadecimal characters').transform((s) => s.toLowerCase());
const uploadId = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);
const Upload = z.object({
  uploadId: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), offset: z.number(), status: z.enum(['open', 'complete', 'aborted']),
  sha256: z.string().nullable(), expiresAt: z.string(),
});

export const fileRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/uploads',
    summary: 'Start a resumable upload: name, media type, size (and optionally the SHA-256, checked when the last byte arrives)',
    tag: 'files',
    permission: 'file:upload',
    body: z.object({
      fileName: z.string().trim().min(1).max(255).refine((n) => ![...n].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20), 'no path separators or control characters'),
      mediaType: z.string().regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i, 'a media type such as application/pdf').max(127),
      sizeBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      sha256: sha256.optional(),
    }).strict(),
    responses: { 201: { description: 'The upload session', schema: Upload }, 413: { description: 'Larger than the platform takes' } },
    async handler({ body, deps, principal }) {
      return { status: 201, body: await files.start(deps.db, principal!, body, deps.maxUploadBytes ?? 500 * 1024 * 1024) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/uploads/:uploadId',
    summary: 'Where an upload stands: the offset to continue from, and the SHA-256 once complete',
    tag: 'files',
    permission: 'file:upload',
    params: z.object({ uploadId }),
    responses: { 200: { description: 'The upload session', schema: Upload } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await files.status(deps.db, principal!, params.uploadId) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/uploads/:uploadId',
    summary: 'Append bytes (Content-Type application/offset+octet-stream) at Upload-Offset, which must be the offset the server holds',
    tag: 'files',
    permission: 'file:upload',
    streamBody: true,
    params: z.object({ uploadId }),
    responses: {
      200: { description: 'The session after the append (complete with its SHA-256 after the last byte)', schema: Upload },
      409: { description: 'Not at the offset the server holds, or another append is running' },
    },
    async handler({ params, deps, principal, headers, stream }) {
      const raw = headers['upload-offset'];
      if (!raw || !/^\d{1,15}$/.test(raw)) throw new AppError('VALIDATION_FAILED', [{ path: 'headers.upload-offset', message: 'the offset to append at, in bytes' }]);
      const session = await files.append(deps.db, deps.objects, principal!, params.uploadId, Number(raw), stream!);
      return { status: 200, body: session, headers: { 'upload-offset': String(session.offset) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/files/:digest',
    summary: 'A stored file by its SHA-256 (HTTP Range supported): the centre\'s roles, or whoever uploaded it',
    tag: 'files',
    permission: 'file:read',
    params: z.object({ digest: sha256 }),
    responses: { 200: { description: 'The bytes' }, 206: { description: 'A range of the bytes' }, 404: { description: 'No such file for you' } },
    async handler({ params, deps, principal, headers }) {
      return files.download(deps.db, deps.objects, principal!, params.digest, headers.range);
    },
  }),
];
