// /api/docs: a browsable page over /api/openapi.json, served from the swagger-ui-dist package on disk (no CDN, no
// inline script, so the page runs under the same strict content-security policy as the apps).
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>公共资源交易平台 API 文档</title>
  <link rel="icon" href="/api/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

// Session cookies go along (same origin), so "Try it out" works for a logged-in user.
const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });
});
`;

function assetsDir(): string | null {
  try {
    return path.dirname(require.resolve('swagger-ui-dist/package.json'));
  } catch {
    return null;
  }
}

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

export function serveApiDocs(): Koa.Middleware {
  const dir = assetsDir();
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith('/api/docs')) return next();
    if (ctx.path === '/api/docs' || ctx.path === '/api/docs/') {
      ctx.set('content-security-policy', CSP);
      ctx.set('cache-control', 'no-cache');
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PAGE;
      return;
    }
    if (ctx.path === '/api/docs/init.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.set('cache-control', 'no-cache');
      ctx.body = INIT;
      return;
    }
    const name = ctx.path.slice('/api/docs/assets/'.length);
    const type = ctx.path.startsWith('/api/docs/assets/') ? ASSETS[name] : undefined;
    if (!type || !dir) return next();
    const file = path.join(dir, name);
    if (!existsSync(file)) return next();
    ctx.type = type;
    ctx.set('cache-control', 'public, max-age=86400');
    ctx.length = statSync(file).size;
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
  };
}
