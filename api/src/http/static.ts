import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves a built single-page app under a prefix: files as they are (hashed assets cached for a year),
 * any other GET under the prefix answers index.html so client-side routes work. Paths cannot escape the root.
 */
export function serveApp(prefix: string, root: string, exclude: readonly string[] = []): Koa.Middleware {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === prefix.replace(/\/$/, '') && base !== '/') return ctx.redirect(base);
    if (!ctx.path.startsWith(base) || exclude.some((p) => ctx.path === p || ctx.path.startsWith(`${p}/`))) return next();
    if (!existsSync(path.join(root, 'index.html'))) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path.slice(base.length));
    } catch {
      return next();
    }
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return next();
    let target = file;
    if (!existsSync(target) || !statSync(target).isFile()) {
      if (path.extname(relative)) return next(); // a missing asset is a 404, not the app shell
      target = path.join(root, 'index.html');
    }
    const isAsset = relative.startsWith('assets/');
    ctx.set('cache-control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('content-security-policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
    ctx.type = TYPES[path.extname(target)] ?? 'application/octet-stream';
    ctx.length = statSync(target).size;
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(target);
  };
}

export function appDistDir(pkg: '@ggzy/portal' | '@ggzy/designer'): string | null {
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'dist');
  } catch {
    return null;
  }
}
