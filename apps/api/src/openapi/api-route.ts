import type { z } from 'zod';
import type { ZodOpenApiContentObject } from 'zod-openapi';
import type { Scope } from '@ragline/catalog';
import type { ErrorCode } from '@ragline/errors';

export type ApiTag =
  | 'libraries'
  | 'keys'
  | 'documents'
  | 'events'
  | 'retrieval'
  | 'sources'
  | 'webhooks'
  | 'reindex'
  | 'service';

/**
 * One route of the API, as the OpenAPI document describes it: one entry in API_ROUTES per
 * controller method. The request schemas are the ones the controller parses with (import them
 * from its *.dto.ts); what every route shares (auth errors, framework errors, the library path
 * parameter, Retry-After) the builder adds.
 */
export interface ApiRoute {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  /**
   * The controller's paths in Fastify syntax (`/v1/libraries/:library/documents/:id`). The first
   * names the operation; a second one (the `default` library's `/v1/...` form) becomes its own
   * operation, `<operationId>InDefaultLibrary`.
   */
  paths: readonly string[];
  operationId: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** Scopes any one of which admits a key (`admin` includes all); `public`: no key needed. */
  access: readonly Scope[] | 'public';
  /** Path parameters other than `library` (every `:library` is a library name). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  success: {
    status: 200 | 201 | 202;
    description: string;
    schema: z.ZodType;
    /** The answer's media type (`text/plain; version=0.0.4` for /metrics); JSON by default. */
    contentType?: string;
    /** Other media types of the same answer (the augment event stream). */
    alternatives?: ZodOpenApiContentObject;
  };
  /** Codes this route answers besides the framework's, the keyed routes' and the library ones. */
  errors?: readonly ErrorCode[];
  /** Probes are never rate-limited (see http/rate-limit.ts); everything else may answer 429. */
  rateLimited?: false;
}
