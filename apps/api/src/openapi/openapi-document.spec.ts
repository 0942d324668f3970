import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { ErrorCode } from '@ragline/errors';
import { ERROR_STATUS } from '../http/error-status';
import type { ApiRoute } from './api-route';
import { API_ROUTES } from './api-routes';
import { codesWithStatus } from './error-responses';
import { DEFAULT_LIBRARY_SUFFIX, SECURITY_SCHEME, buildOpenApiDocument } from './openapi-document';

type Json = Record<string, unknown>;

const document = buildOpenApiDocument() as unknown as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json = document): Array<{ path: string; method: string; op: Json }> {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );
}

/** Every value under `node` for which `pick` says yes, with its JSON pointer. */
function collect(node: unknown, pick: (key: string, value: unknown) => boolean, at = '#') {
  const found: Array<{ at: string; value: unknown }> = [];
  if (typeof node !== 'object' || node === null) return found;
  for (const [key, value] of Object.entries(node)) {
    const pointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (pick(key, value)) found.push({ at: pointer, value });
    found.push(...collect(value, pick, pointer));
  }
  return found;
}

function resolve(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, tags, a bearer scheme and one unique operationId per operation', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Ragline API', version: 'v1' });
    const components = document.components as Json;
    expect((components.securitySchemes as Json)[SECURITY_SCHEME]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const routes = API_ROUTES.reduce((sum, route) => sum + route.paths.length, 0);
    expect(ids).toHaveLength(routes);
    const tags = new Set((document.tags as Json[]).map((tag) => tag.name));
    for (const { op } of operations()) expect(tags.has((op.tags as string[])[0])).toBe(true);
  });

  it('declares every path template parameter as a required path parameter, and no other', () => {
    for (const { path, op } of operations()) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const declared = ((op.parameters as Json[] | undefined) ?? [])
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => {
          expect(parameter.required).toBe(true);
          return String(parameter.name);
        })
        .sort();
      expect({ path, declared }).toEqual({ path, declared: inPath });
    }
  });

  it('has valid JSON Schema 2020-12 (OpenAPI 3.1’s dialect) everywhere, and every $ref resolves', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas = [
      ...Object.entries((document.components as Json).schemas as Json).map(([name, value]) => ({
        at: `#/components/schemas/${name}`,
        value,
      })),
      ...collect(document.paths, (key) => key === 'schema').map(({ at, value }) => ({
        at: `#/paths${at.slice(1)}`,
        value,
      })),
    ];
    expect(schemas.length).toBeGreaterThan(100);
    for (const { at, value } of schemas) {
      const valid = ajv.validateSchema(value as Json);
      expect({ at, errors: valid ? null : ajv.errors }).toEqual({ at, errors: null });
    }
    const refs = collect(document, (key) => key === '$ref').map(({ value }) => String(value));
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs)
      expect({ ref, resolves: resolve(ref) !== undefined }).toEqual({ ref, resolves: true });
  });

  it('gives every operation a 2xx answer and only statuses ERROR_STATUS maps codes to', () => {
    const errorStatuses = new Set(Object.values(ERROR_STATUS).map(String));
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses as Json);
      expect({ path, method, success: statuses.filter((s) => s.startsWith('2')).length }).toEqual({
        path,
        method,
        success: 1,
      });
      for (const status of statuses.filter((s) => !s.startsWith('2'))) {
        expect(errorStatuses.has(status)).toBe(true);
        const response = (op.responses as Record<string, Json>)[status];
        expect(response.content).toEqual({
          'application/json': { schema: { $ref: `#/components/schemas/Error${status}` } },
        });
      }
    }
  });

  it('has one error component per status answered, whose code enum is exactly that status’s codes', () => {
    const answered = new Set(
      operations().flatMap(({ op }) => Object.keys(op.responses as Json).filter((s) => s >= '4')),
    );
    expect(answered.size).toBeGreaterThan(15);
    for (const status of [...answered].map(Number)) {
      const component = resolve(`#/components/schemas/Error${status}`) as Json;
      const code = collect(component, (key) => key === 'code')[0]?.value as Json;
      expect((code.enum as string[]).sort()).toEqual(codesWithStatus(status).sort());
    }
  });

  it('lists each route’s own errors, auth errors on keyed routes, and Retry-After on 429 and 503', () => {
    for (const route of API_ROUTES) {
      const op = operations().find(({ op: o }) => o.operationId === route.operationId)?.op as Json;
      const responses = op.responses as Record<string, Json>;
      for (const code of route.errors ?? []) {
        const response = responses[String(ERROR_STATUS[code])];
        expect({ code, listed: String(response?.description).includes(code) }).toEqual({
          code,
          listed: true,
        });
      }
      const keyed = route.access !== 'public';
      expect(Boolean(responses['401'] && responses['403'])).toBe(keyed);
      expect(op.security).toEqual(keyed ? [{ [SECURITY_SCHEME]: [] }] : []);
      expect(op['x-ragline-scopes']).toEqual(keyed ? route.access : undefined);
      expect(Boolean(responses['429'])).toBe(route.rateLimited !== false);
      for (const status of ['429', '503'].filter((s) => responses[s])) {
        expect(Object.keys(responses[status].headers as Json)).toEqual(['retry-after']);
      }
    }
  });

  it('renders request bodies from the controllers’ schemas, bounded records included', () => {
    const put = operations().find(({ op }) => op.operationId === 'upsertDocument')?.op as Json;
    const body = collect(put.requestBody, (key) => key === 'schema')[0].value as Json;
    const properties = body.properties as Record<string, Json>;
    expect(body).toMatchObject({ required: ['text'], additionalProperties: false });
    // metadata is boundedRecord(…): a record of scalars, not `{}`.
    expect(properties.metadata).toMatchObject({
      type: 'object',
      propertyNames: { type: 'string' },
    });
    expect(properties.metadata.additionalProperties).toBeDefined();
  });

  it('documents a new route from one list entry: both path forms, the library parameter, its errors', () => {
    const route: ApiRoute = {
      method: 'post',
      paths: ['/v1/libraries/:library/feeds/:feedId/pull', '/v1/feeds/:feedId/pull'],
      operationId: 'pullFeed',
      tag: 'documents',
      summary: 'Sync a source now',
      access: ['ingest'],
      params: z.object({ feedId: z.string().min(1) }),
      body: z.strictObject({ full: z.boolean().optional() }),
      success: { status: 202, description: 'Queued.', schema: z.object({ syncId: z.string() }) },
      errors: [ErrorCode.SourceNotFound],
    };
    const extended = buildOpenApiDocument([...API_ROUTES, route]) as unknown as Json;
    const added = operations(extended).filter(({ path }) => path.includes('/pull'));
    expect(added.map(({ path, op }) => [path, op.operationId])).toEqual([
      ['/v1/libraries/{library}/feeds/{feedId}/pull', 'pullFeed'],
      ['/v1/feeds/{feedId}/pull', `pullFeed${DEFAULT_LIBRARY_SUFFIX}`],
    ]);
    const scoped = added[0].op;
    expect((scoped.parameters as Json[]).map((p) => p.name)).toEqual(['library', 'feedId']);
    expect(Object.keys(scoped.responses as Json)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '404', '429']),
    );
    expect(() => buildOpenApiDocument([...API_ROUTES, API_ROUTES[0]])).toThrow(/listed twice/);
  });
});
