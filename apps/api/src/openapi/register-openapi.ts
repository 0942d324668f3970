import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifySwagger, { type StaticDocumentSpec } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, toOpenApiPath, type OpenApiDocument } from './openapi-document';

/** Where the document and its browsable form are served (both public, like /health). */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/**
 * Swagger UI's page loads only its own bundled files and this origin's document: the same
 * lockdown as the question page, plus `data:` images (its CSS icons and logo are data URIs) and
 * the one inline stylesheet it renders, by hash: the top bar logo's SVG
 * `.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}` (swagger-ui 5, as
 * bundled by @fastify/swagger-ui 6.1). The e2e suite loads /docs in Chromium and fails on any
 * CSP violation, so a changed bundle shows up there.
 */
const LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
export const DOCS_CONTENT_SECURITY_POLICY = `default-src 'none'; script-src 'self'; style-src 'self' ${LOGO_STYLE_HASH}; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/** Served routes that are not part of the API: the question page and these docs. */
const NOT_API = [/^\/$/, /^\/favicon\.ico$/, /^\/assets\//, /^\/docs(\/|$)/];

export interface RouteGaps {
  /** Served, but missing from the document (`GET /v1/x/:id`). */
  undocumented: string[];
  /** In the document, but not served. */
  unserved: string[];
}

/** Per app: the document it serves and the routes registered after it (`GET /v1/x/{id}`). */
const served = new WeakMap<FastifyInstance, { document: OpenApiDocument; routes: Set<string> }>();

/**
 * Serves the OpenAPI document at /openapi.json and Swagger UI on it at /docs (@fastify/swagger in
 * static mode: the document is built from the route list, not from Fastify's routes). Call before
 * the app initialises: it also records every route registered after it, to warn at start about
 * routes the document lacks (see routeGaps).
 */
export async function registerOpenApi(app: NestFastifyApplication): Promise<void> {
  const document = buildOpenApiDocument();
  const json = JSON.stringify(document);
  const instance = app.getHttpAdapter().getInstance();
  const routes = new Set<string>();
  served.set(instance, { document, routes });
  instance.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD' && !NOT_API.some((pattern) => pattern.test(route.url))) {
        routes.add(`${method} ${toOpenApiPath(route.url)}`);
      }
    }
  });
  instance.addHook('onReady', async () => {
    const { undocumented, unserved } = gapsOf(document, routes);
    const logger = new Logger('openapi');
    if (undocumented.length > 0) {
      logger.warn(
        `routes missing from ${OPENAPI_JSON_PATH} (add them to API_ROUTES): ${undocumented.join(', ')}`,
      );
    }
    if (unserved.length > 0) logger.warn(`documented but not served: ${unserved.join(', ')}`);
  });
  instance.get(OPENAPI_JSON_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(json),
  );
  await app.register(fastifySwagger, {
    mode: 'static',
    specification: { document: asSwaggerDocument(document) },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: DOCS_CONTENT_SECURITY_POLICY,
    // Keys typed into "Authorize" stay in the page's memory, never in localStorage.
    uiConfig: { deepLinking: true, persistAuthorization: false, displayOperationId: true },
  });
}

/** Routes served by `app` but missing from its document, and the reverse. */
export function routeGaps(app: NestFastifyApplication): RouteGaps {
  const state = served.get(app.getHttpAdapter().getInstance());
  if (!state) throw new Error('registerOpenApi was not called on this app');
  return gapsOf(state.document, state.routes);
}

function gapsOf(document: OpenApiDocument, routes: Set<string>): RouteGaps {
  const documented = new Set(
    Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
  return {
    undocumented: [...routes].filter((route) => !documented.has(route)).sort(),
    unserved: [...documented].filter((route) => !routes.has(route)).sort(),
  };
}

/**
 * @fastify/swagger types a static document with openapi-types' 3.0 shapes; ours is 3.1
 * (zod-openapi's types), which it serves unchanged.
 */
function asSwaggerDocument(document: OpenApiDocument): StaticDocumentSpec['document'] {
  return document as unknown as StaticDocumentSpec['document'];
}
