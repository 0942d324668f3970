import { z } from 'zod';
import {
  createDocument,
  createSchema,
  type CreateDocumentOptions,
  type ZodOpenApiOperationObject,
  type ZodOpenApiOverrideContext,
  type ZodOpenApiPathItemObject,
  type oas31,
} from 'zod-openapi';
import { SCOPES } from '@ragline/catalog';
import { ErrorCode } from '@ragline/errors';
import { libraryNameSchema } from '@ragline/events';
import type { ApiRoute, ApiTag } from './api-route';
import { API_ROUTES } from './api-routes';
import {
  FRAMEWORK_ERRORS,
  KEYED_ERRORS,
  LIBRARY_ERRORS,
  PATH_PARAM_ERRORS,
  errorResponses,
} from './error-responses';
import { AUGMENT_STREAM_EVENTS } from './responses/retrieval.responses';

export type OpenApiDocument = oas31.OpenAPIObject;

/** The security scheme's name in `components.securitySchemes`. */
export const SECURITY_SCHEME = 'apiKey';

/** Suffix of the operation generated for a route's second path (the `default` library's). */
export const DEFAULT_LIBRARY_SUFFIX = 'InDefaultLibrary';

const TAGS: Record<ApiTag, string> = {
  libraries: 'Libraries of a tenant: each has its own documents, queue, chunks and settings.',
  keys: 'API keys and their scopes (docs/decisions/0003).',
  documents: 'Document changes (asynchronous: 202, then follow the event) and document states.',
  events: 'What became of accepted changes.',
  retrieval: 'Queries and augmented prompts.',
  sources: 'Git repositories a library follows, and their syncs (docs/decisions/0004).',
  webhooks: 'Push webhooks of GitHub and GitLab, verified by the source’s secret.',
  reindex:
    'Rebuilding a library into a new version (chunking, embedder), checked and swapped without downtime (docs/decisions/0005).',
  service: 'Status, probes and this description.',
};

const SECURITY_DESCRIPTION = [
  'An API key: `Authorization: Bearer rl_<id>_<secret>` (or the bootstrap root key, RAGLINE_ADMIN_KEY).',
  `Scopes: ${SCOPES.map((scope) => `\`${scope}\``).join(', ')}; \`admin\` includes every other, \`query:on-behalf\` includes \`query\`. Each operation names the scopes that admit it (\`x-ragline-scopes\`).`,
  'No or an unknown key: 401; a key without the scope or the library: 403; another tenant’s library: 404.',
  'Authentication is off only on loopback without RAGLINE_ADMIN_KEY (`npm start`): then no key is needed.',
].join(' ');

/**
 * The OpenAPI 3.1 document of `routes`, built from the zod schemas the controllers validate with,
 * so it cannot describe a request the API parses differently.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[] = API_ROUTES): OpenApiDocument {
  const paths: Record<string, ZodOpenApiPathItemObject> = {};
  for (const route of routes) {
    route.paths.forEach((path, index) => {
      const item = (paths[toOpenApiPath(path)] ??= {});
      if (item[route.method]) throw new Error(`${route.method} ${path} is listed twice`);
      item[route.method] = operation(route, path, index > 0);
    });
  }
  const document = createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Ragline API',
        version: 'v1',
        description:
          'Keeps a RAG knowledge library in sync with where documents live, and answers queries from it. Every error is `{"error": {"code", "message", "field"?, "details"?}}` with a stable code; 429 and 503 carry Retry-After.',
      },
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      paths,
      components: {
        securitySchemes: {
          [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: SECURITY_DESCRIPTION },
        },
      },
    },
    OPTIONS,
  );
  addStreamEventSchemas(document);
  return document;
}

const OPTIONS: CreateDocumentOptions = { override: adjustSchema };

/**
 * The event stream's payloads are referenced from `x-sse-events` only, which zod-openapi does not
 * read: render them as output components here (as manual components they would also be rendered
 * as input, doubling Citation into Citation and CitationOutput).
 */
function addStreamEventSchemas(document: OpenApiDocument): void {
  const schemas = ((document.components ??= {}).schemas ??= {});
  for (const event of Object.values(AUGMENT_STREAM_EVENTS)) {
    const { components } = createSchema(event, { io: 'output', opts: OPTIONS });
    for (const [name, schema] of Object.entries(components)) schemas[name] ??= schema;
  }
}

function operation(
  route: ApiRoute,
  path: string,
  defaultLibrary: boolean,
): ZodOpenApiOperationObject {
  const scopes = route.access === 'public' ? undefined : route.access;
  const keyed = scopes !== undefined;
  const scoped = route.paths[0].includes(':library');
  const errors = new Set<ErrorCode>([
    ...FRAMEWORK_ERRORS,
    ...(path.includes(':') ? PATH_PARAM_ERRORS : []),
    ...(keyed ? KEYED_ERRORS : []),
    ...(scoped ? LIBRARY_ERRORS : []),
    ...(route.rateLimited === false ? [] : [ErrorCode.RateLimited]),
    ...(route.errors ?? []),
  ]);
  const pathParams = {
    ...(path.includes(':library') && {
      library: libraryNameSchema.meta({ description: 'A library of the key’s tenant.' }),
    }),
    ...route.params?.shape,
  };
  const { status, description, schema, alternatives } = route.success;
  const contentType = route.success.contentType ?? 'application/json';
  return {
    operationId: defaultLibrary
      ? `${route.operationId}${DEFAULT_LIBRARY_SUFFIX}`
      : route.operationId,
    tags: [route.tag],
    summary: defaultLibrary ? `${route.summary} (the \`default\` library)` : route.summary,
    description: [
      defaultLibrary &&
        `The caller’s \`default\` library: the same as \`${route.paths[0]}\` with \`:library\` = \`default\`.`,
      route.description,
      scopes
        ? `Scopes: ${scopes.map((scope) => `\`${scope}\``).join(' or ')} (or \`admin\`).`
        : 'Public: no key.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    security: keyed ? [{ [SECURITY_SCHEME]: [] }] : [],
    ...(scopes && { 'x-ragline-scopes': [...scopes] }),
    requestParams: {
      ...(Object.keys(pathParams).length > 0 && { path: z.object(pathParams) }),
      ...(route.query && { query: route.query }),
      ...(route.headers && { header: route.headers }),
    },
    ...(route.body && {
      requestBody: { required: true, content: { 'application/json': { schema: route.body } } },
    }),
    responses: {
      [String(status)]: {
        description,
        content: { [contentType]: { schema }, ...alternatives },
      },
      ...errorResponses([...errors]),
    },
  };
}

/** `/v1/documents/:id` → `/v1/documents/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * - boundedRecord (libs/events) is `unknown.refine(count).pipe(record)`: its input side would
 *   render as `{}`; render the record it becomes instead, which is what clients must send.
 * - Timestamps the API writes (`toISOString()`) need no 300-character regex beside `date-time`.
 */
function adjustSchema({ zodSchema, jsonSchema, io }: ZodOpenApiOverrideContext): void {
  const def = zodSchema._zod.def;
  if (io === 'output' && jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  if (io !== 'input' || def.type !== 'pipe' || def.in._zod.def.type !== 'unknown') return;
  const { $schema: _ignored, ...out } = z.toJSONSchema(def.out, {
    io: 'input',
    unrepresentable: 'throw',
  });
  Object.assign(jsonSchema, out);
}
