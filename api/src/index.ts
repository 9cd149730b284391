export { createApp, apiRoutes } from './app';
export type { ApiDeps } from './deps';
export { TemporalGateway, WorkflowIdTaken } from './temporal';
export { RateLimiter } from './auth/rate-limit';
export { PERMISSIONS, type Permission } from './auth/permissions';
export { ERRORS, type ErrorCode } from './http/errors';
export { openApiDocument } from './http/openapi';
export { signCallback, callbackSignatureValid, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './auth/gateway-signature';
export { releasePackage, recordPackage, releaseOf, mergeInto, compile as compileOcdsRecord } from './services/ocds';
