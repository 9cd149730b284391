import Koa from 'koa';
import { defineRoute, mountRoutes, type RouteDef } from './http/routes';
import { errorEnvelope, jsonBody, jsonLogger, type Logger } from './http/middleware';
import { openApiDocument } from './http/openapi';
import { appDistDir, serveApp } from './http/static';
import { authenticate } from './auth/authenticate';
import type { ApiDeps } from './deps';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { probeRoutes } from './routes/probes';
import { processRoutes } from './routes/processes';
import { calendarRoutes } from './routes/calendars';
import { supervisionRoutes } from './routes/supervision';
import { publicNoticeRoutes, publicOcdsRoutes } from './routes/public-notices';
import { oversightRoutes } from './routes/oversight';
import { expertRoutes } from './routes/experts';
import { serveApiDocs } from './http/docs';

export function apiRoutes(): RouteDef[] {
  const routes: RouteDef[] = [...healthRoutes, ...authRoutes, ...probeRoutes, ...processRoutes, ...calendarRoutes, ...supervisionRoutes, ...publicNoticeRoutes, ...publicOcdsRoutes, ...oversightRoutes, ...expertRoutes];
  routes.push(defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tag: 'platform',
    permission: 'public',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    async handler() {
      return { status: 200, body: openApiDocument(routes) };
    },
  }));
  return routes;
}

export interface AppOptions {
  logger?: Logger;
  /** Serve the built portal at / and the designer at /designer/ (production and start). */
  serveUis?: boolean;
}

export function createApp(deps: ApiDeps, options: AppOptions = {}): Koa {
  const app = new Koa({ proxy: process.env.GGZY_TRUST_PROXY === '1' });
  const logger = options.logger ?? jsonLogger;
  app.silent = true; // errors are logged once, by the envelope
  const router = mountRoutes(apiRoutes(), deps);
  app.use(errorEnvelope(logger));
  app.use(jsonBody());
  app.use(serveApiDocs());
  app.use(authenticate(deps.db));
  app.use(router.routes());
  app.use(router.allowedMethods());
  if (options.serveUis !== false) {
    const designer = appDistDir('@ggzy/designer');
    const portal = appDistDir('@ggzy/portal');
    if (designer) app.use(serveApp('/designer', designer));
    if (portal) app.use(serveApp('/', portal, ['/api', '/healthz', '/designer']));
  }
  return app;
}
