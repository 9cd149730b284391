import { z } from 'zod';
import type { RouteDef } from './routes';
import { ERRORS } from './errors';

const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERRORS) },
        message: { type: 'string' },
        requestId: { type: 'string' },
        details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } } },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(routes: RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
      if (!schema) continue;
      const shape = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(shape.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (shape.required ?? []).includes(name), schema: s });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(route.responses)) {
      responses[status] = res.schema
        ? { description: res.description, content: { 'application/json': { schema: jsonSchema(res.schema) } } }
        : { description: res.description };
    }
    responses.default = { description: 'Error', content: { 'application/json': { schema: errorEnvelope } } };
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      'x-permission': route.permission,
      ...(route.permission === 'public' ? { security: [] } : {}),
      ...(route.permission === 'gateway' ? { security: [{ gatewaySignature: [] }] } : {}),
      ...(route.permission === 'bank' ? { security: [{ bankSignature: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '公共资源交易平台 API', version: '0.1.0' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'ggzy_session' },
        // with X-Ggzy-Timestamp; the value is v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
        gatewaySignature: { type: 'apiKey', in: 'header', name: 'X-Ggzy-Signature' },
        // with X-Ggzy-Bank and X-Ggzy-Timestamp, signed with that bank's own key the same way
        bankSignature: { type: 'apiKey', in: 'header', name: 'X-Ggzy-Signature' },
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
  };
}
