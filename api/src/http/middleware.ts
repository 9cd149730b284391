import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import { isDatabaseUnavailable } from '@ggzy/db';
import { AppError, errorBody, pickLanguage, type ErrorCode } from './errors';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const jsonLogger: Logger = {
  info: (message, fields) => process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), message, ...fields })}\n`),
  error: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), message, ...fields })}\n`),
};

/** Request id, security headers, and the one place errors become the envelope. Nothing internal leaks. */
export function errorEnvelope(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('x-request-id', requestId);
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
    ctx.set('x-frame-options', 'DENY');
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND');
      // a method no route has (TRACE, CONNECT …) is not allowed here either: 405, not the router's 501
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) throw new AppError('METHOD_NOT_ALLOWED');
    } catch (err) {
      let appError: AppError;
      if (err instanceof AppError) {
        appError = err;
      } else if (isDatabaseUnavailable(err)) {
        // the database restarting or unreachable is weather, not a bug: one line, and the client may try again
        logger.error('database unavailable', { requestId, method: ctx.method, path: ctx.path, reason: firstLine(err) });
        appError = new AppError('DATABASE_UNAVAILABLE');
      } else {
        logger.error('unhandled error', { requestId, method: ctx.method, path: ctx.path, error: (err as Error)?.stack ?? String(err) });
        appError = new AppError('INTERNAL');
      }
      const code: ErrorCode = appError.code;
      if (appError.status === 503) ctx.set('retry-after', '2');
      ctx.status = appError.status;
      ctx.type = 'application/json';
      ctx.body = errorBody(code, pickLanguage(ctx.get('accept-language')), requestId, appError.details, appError.localized);
    }
  };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 300);
}

/** Reads a JSON body (1 MiB by default) into ctx.request.body; anything else is a clear 4xx. */
export function jsonBody(limitBytes = 1024 * 1024): Koa.Middleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const length = Number(ctx.get('content-length') || 0);
    if (length === 0 && !ctx.get('transfer-encoding')) {
      (ctx.request as { body?: unknown }).body = undefined;
      return next();
    }
    if (ctx.is('application/offset+octet-stream')) return next(); // an upload's bytes: streamed by its route
    if (!ctx.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    if (length > limitBytes) throw new AppError('PAYLOAD_TOO_LARGE');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) throw new AppError('PAYLOAD_TOO_LARGE');
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    ctx.state.rawBody = raw; // signed callbacks are verified over the exact bytes received
    const text = raw.toString('utf8');
    try {
      (ctx.request as { body?: unknown }).body = text.length ? JSON.parse(text) : undefined;
    } catch {
      throw new AppError('BAD_JSON');
    }
    return next();
  };
}
