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
import { decisionRoutes } from './routes/decisions';
import { calendarRoutes } from './routes/calendars';
import { supervisionRoutes } from './routes/supervision';
import { publicNoticeRoutes, publicOcdsRoutes } from './routes/public-notices';
import { oversightRoutes } from './routes/oversight';
import { screenRoutes } from './routes/screens';
import { migrationRoutes } from './routes/migrations';
import { operationRoutes } from './routes/operations';
import { postponementRoutes } from './routes/postponements';
import { priceRoutes } from './routes/prices';
import { dashboardRoutes } from './routes/dashboards';
import { expertRoutes } from './routes/experts';
import { subjectRoutes } from './routes/subjects';
import { fileRoutes } from './routes/files';
import { openingHallRoutes, sealedBidRoutes } from './routes/sealed-bids';
import { partyRoutes } from './routes/party';
import { listingRoutes } from './routes/listing';
import { hallPartyRoutes, hallStaffRoutes } from './routes/opening-hall';
import { partyStepRoutes } from './routes/party-steps';
import { partyObjectionRoutes } from './routes/party-objections';
import { serveApiDocs } from './http/docs';
import { catalogueRoutes } from './routes/catalogues';
import { userRoutes } from './routes/users';
import { proxyTrustFromEnv } from './http/client-address';
import { sameOriginWrites, transport } from './http/transport';
import { accessLogFromEnv, accessLogging, type AccessLog } from './http/access-log';

export function apiRoutes(): RouteDef[] {
  const routes: RouteDef[] = [...healthRoutes, ...authRoutes, ...probeRoutes, ...processRoutes, ...decisionRoutes, ...migrationRoutes, ...operationRoutes, ...postponementRoutes, ...calendarRoutes, ...supervisionRoutes, ...publicNoticeRoutes, ...publicOcdsRoutes, ...oversightRoutes, ...screenRoutes, ...priceRoutes, ...dashboardRoutes, ...expertRoutes, ...subjectRoutes, ...fileRoutes, ...sealedBidRoutes, ...openingHallRoutes, ...hallPartyRoutes, ...hallStaffRoutes, ...partyRoutes, ...listingRoutes, ...partyStepRoutes, ...partyObjectionRoutes, ...catalogueRoutes, ...userRoutes];
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
  /** Where the access log's lines go; unset: GGZY_ACCESS_LOG, else the logger (stdout). */
  accessLog?: AccessLog;
}

/**
 * How far the api believes X-Forwarded-For (see http/client-address.ts): behind trusted proxies, koa takes the scheme
 * and host they forwarded; the client's address is worked out by clientAddress, never the client-written leftmost entry.
 */
export function proxyOptions(env: NodeJS.ProcessEnv = process.env): { proxy: boolean; maxIpsCount?: number } {
  const trust = proxyTrustFromEnv(env);
  if (trust.kind === 'none') return { proxy: false };
  return trust.kind === 'hops' ? { proxy: true, maxIpsCount: trust.hops } : { proxy: true };
}

export function createApp(deps: ApiDeps, options: AppOptions = {}): Koa {
  const app = new Koa(proxyOptions());
  const trust = proxyTrustFromEnv();
  const logger = options.logger ?? jsonLogger;
  app.silent = true; // errors are logged once, by the envelope
  const router = mountRoutes(apiRoutes(), deps);
  app.use(accessLogging(options.accessLog ?? accessLogFromEnv(logger)));
  app.use(errorEnvelope(logger));
  app.use(transport(trust, deps.publicOrigin));
  app.use(sameOriginWrites(deps.publicOrigin));
  app.use(jsonBody());
  app.use(serveApiDocs());
  app.use(authenticate(deps.db, deps.accountPolicy));
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
