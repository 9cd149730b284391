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
import { subjectRoutes } from './routes/subjects';
import { fileRoutes } from './routes/files';
import { openingHallRoutes, sealedBidRoutes } from './routes/sealed-bids';
import { partyRoutes } from './routes/party';
import { hallPartyRoutes, hallStaffRoutes } from './routes/opening-hall';
import { partyStepRoutes } from './routes/party-steps';
import { serveApiDocs } from './http/docs';
import { catalogueRoutes } from './routes/catalogues';

export function apiRoutes(): RouteDef[] {
  const routes: RouteDef[] = [...healthRoutes, ...authRoutes, ...probeRoutes, ...processRoutes, ...calendarRoutes, ...supervisionRoutes, ...publicNoticeRoutes, ...publicOcdsRoutes, ...oversightRoutes, ...expertRoutes, ...subjectRoutes, ...fileRoutes, ...sealedBidRoutes, ...openingHallRoutes, ...hallPartyRoutes, ...hallStaffRoutes, ...partyRoutes, ...partyStepRoutes, ...catalogueRoutes];
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

/**
 * Behind N trusted proxies (GGZY_TRUST_PROXY=N), the client's address is the Nth entry of X-Forwarded-For counted from
 * the right — the one our own proxy appended — never the leftmost, which the client writes itself (keying the login
 * limiter on it let anyone choose their own key). Unset or 0: the socket's address.
 */
export function proxyOptions(env: NodeJS.ProcessEnv = process.env): { proxy: boolean; maxIpsCount?: number } {
  const raw = env.GGZY_TRUST_PROXY;
  if (!raw || raw === '0') return { proxy: false };
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 1 || hops > 9) throw new Error(`GGZY_TRUST_PROXY=${raw} must be the number of trusted proxies in front of the api (1 to 9)`);
  return { proxy: true, maxIpsCount: hops };
}

export function createApp(deps: ApiDeps, options: AppOptions = {}): Koa {
  const app = new Koa(proxyOptions());
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
