import fc from 'fast-check';
import { OK, expectationOf, invalid, type FuzzRequest, type Problem } from './fuzz-case';
import { bodylessContentTypeArb, withTwin } from './document-requests';
import { harmlessHeadersArb } from './header-values';
import { statusBody, statusField } from './success-bodies';

function get(
  category: string,
  url: string,
  problems: Array<Problem | undefined>,
  body?: (json: unknown) => string | undefined,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ extra: harmlessHeadersArb, contentType: bodylessContentTypeArb })
    .map(({ extra, contentType }) =>
      withTwin({
        category,
        method: 'GET',
        url,
        headers: { ...extra, ...(contentType !== undefined && { 'content-type': contentType }) },
        expect: expectationOf(200, problems, body),
      }),
    );
}

/** Any query string at all: routes that take none must ignore it. */
const junkQueryArb = fc.constantFrom(
  '',
  '',
  '?x=1',
  '?%zz',
  '?%ff=%fe',
  '?__proto__[a]=1',
  `?${'q'.repeat(3000)}`,
  '?a=1&a=2',
);

export const eventRequestArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .uuid({ version: 4 })
    .chain((id) =>
      get('event.unknown', `/v1/events/${id}`, [{ status: [404], code: ['EVENT_NOT_FOUND'] }]),
    ),
  fc
    .constantFrom(
      'nope',
      '00000000-0000-4000-8000-00000000000',
      'g0000000-0000-4000-8000-000000000000',
      '%7B%7D',
      '..%2F..%2Fetc%2Fpasswd',
      '%ff',
      'x'.repeat(600),
    )
    .chain((id) =>
      get('event.bad-id', `/v1/events/${id}`, [
        id === '%ff' ? { status: [400] } : invalid('eventId'),
      ]),
    ),
  fc
    .integer({ min: 2049, max: 5000 })
    .chain((n) => get('event.long-id', `/v1/events/${'e'.repeat(n)}`, [{ status: [400, 414] }])),
);

export const serviceRequestArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  junkQueryArb.chain((query) => get('status', `/v1/status${query}`, [], statusBody)),
  junkQueryArb.chain((query) => get('health', `/health${query}`, [], statusField('ok'))),
  junkQueryArb.chain((query) => get('ready', `/ready${query}`, [{ status: [OK, 503] }])),
  junkQueryArb.chain((query) => get('web.index', `/${query}`, [])),
  fc.constantFrom('app.js', 'app.css').chain((name) => get('web.asset', `/assets/${name}`, [])),
  fc
    .constantFrom(
      'index.html',
      'nope.js',
      '..%2Fweb.controller.ts',
      '%2e%2e%2f%2e%2e%2fpackage.json',
      '..%2F..%2F..%2F..%2Fpackage.json',
      '%2Fetc%2Fpasswd',
      'app.js%00.png',
      '%ff',
      '%zz',
      'a'.repeat(3000),
      '.env',
      'APP.JS',
    )
    .chain((name) => get('web.bad-asset', `/assets/${name}`, [{ status: [400, 404, 414] }])),
);

/** Paths no route serves: a 404 in the JSON shape (400 when the URL itself is malformed). */
export const unknownRouteArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    path: fc.oneof(
      fc.constantFrom(
        '/v2/query',
        '/v1',
        '/v1/',
        '/v1/documents/a/b',
        '/v1//documents',
        '/v1/query/',
        '/V1/QUERY',
        '/.env',
        '/.git/config',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/v1/documents/a%2F..%2F..%2Fx/y',
        '/admin',
        '/metrics/x',
        '/favicon.ico/x',
        '/v1/events',
        '/assets',
        `/${'p'.repeat(3000)}`,
      ),
      // Dot segments are resolved before routing (WHATWG URL in inject): filter on the result.
      fc.webPath().filter((path) => {
        const resolved = URL.canParse(path, 'http://x') ? new URL(path, 'http://x') : undefined;
        return (
          resolved?.host === 'x' &&
          resolved.pathname.length > 1 &&
          !/^\/(health|ready|favicon\.ico|v1|assets|metrics|openapi\.json|docs|admin\/queues)(\/|$)/.test(
            resolved.pathname,
          )
        );
      }),
    ),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    extra: harmlessHeadersArb,
  })
  .map(({ path, method, extra }) => ({
    category: 'unknown-route',
    method,
    url: path,
    headers: extra,
    expect: {
      status: [400, 404, 405, 414],
      code: ['NOT_FOUND', 'METHOD_NOT_ALLOWED', 'VALIDATION_FAILED', 'BAD_REQUEST', 'URI_TOO_LONG'],
    },
  }));

const ROUTES = [
  '/v1/documents/doc-a',
  '/v1/documents',
  '/v1/events/00000000-0000-4000-8000-000000000000',
  '/v1/query',
  '/v1/augment',
  '/v1/status',
  '/health',
  '/ready',
  '/',
  '/assets/app.js',
  '/nowhere',
];

/** Methods a route does not serve: 404 or 405, in the JSON shape. */
export const wrongMethodArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    method: fc.constantFrom(
      'PATCH',
      'POST',
      'PUT',
      'DELETE',
      'OPTIONS',
      'TRACE',
      'PROPFIND',
      'SEARCH',
      'LOCK',
    ),
    extra: harmlessHeadersArb,
  })
  .filter(({ route, method }) => !servedBy(route, method))
  .map(({ route, method, extra }) => ({
    category: 'wrong-method',
    method,
    url: route,
    headers: extra,
    expect: { status: [404, 405], code: ['NOT_FOUND', 'METHOD_NOT_ALLOWED'] },
  }));

function servedBy(route: string, method: string): boolean {
  if (route === '/v1/documents/doc-a') return ['PUT', 'DELETE', 'GET'].includes(method);
  if (route === '/v1/query' || route === '/v1/augment') return method === 'POST';
  return method === 'GET';
}

/**
 * `content-type: application/json` and no body, on every route and method (issue item 2: many
 * clients send it on every request): the answer is the one the request gets without the header.
 */
export const emptyJsonEveryMethodArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES, '/v1/documents/doc-b?version=1'),
    method: fc.constantFrom('GET', 'HEAD', 'DELETE', 'PUT', 'POST', 'PATCH', 'OPTIONS'),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/JSON',
    ),
    contentLength: fc.boolean(),
  })
  .map(({ route, method, contentType, contentLength }) =>
    withTwin({
      category: `empty-json.${method}`,
      method,
      url: route,
      headers: { 'content-type': contentType, ...(contentLength && { 'content-length': '0' }) },
    }),
  );

/** HEAD on what GET serves: the GET's status, no body. */
export const headRequestArb: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...ROUTES).map((url) => ({
  category: 'head',
  method: 'HEAD',
  url,
  headers: {},
}));
