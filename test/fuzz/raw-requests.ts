import fc from 'fast-check';
import { invalidUtf8Arb } from './json-text';
import { CRLF, DOC, HOST, JSON_TYPE, http, rawCase, type RawCase } from './raw-case';
import { duplicateHeaderArb, lyingBodyArb, tunnelArb } from './raw-framing-requests';

export { RAW_DOCUMENT_ID, type RawCase } from './raw-case';

const validArb = fc.constantFrom(
  rawCase('raw.valid', 'GET', '/health', http('GET', '/health', [HOST]), [200]),
  rawCase(
    'raw.valid',
    'GET',
    '/ready',
    http('GET', '/ready', [HOST, 'Connection: close']),
    [200, 503],
  ),
  rawCase(
    'raw.valid',
    'PUT',
    '/v1/documents/raw-doc',
    http('PUT', '/v1/documents/raw-doc', [HOST, JSON_TYPE, `Content-Length: ${DOC.length}`], DOC),
    [202],
  ),
  rawCase(
    'raw.http10-no-host',
    'GET',
    '/health',
    http('GET', '/health', [], '', 'HTTP/1.0'),
    [200],
  ),
  rawCase(
    'raw.empty-json-delete',
    'DELETE',
    '/v1/documents/raw-doc',
    http('DELETE', '/v1/documents/raw-doc', [HOST, JSON_TYPE, 'Content-Length: 0']),
    [202],
  ),
  rawCase(
    'raw.empty-json-delete',
    'DELETE',
    '/v1/documents/raw-doc',
    http('DELETE', '/v1/documents/raw-doc', [HOST, JSON_TYPE]),
    [202],
  ),
  rawCase(
    'raw.expect-continue',
    'PUT',
    '/v1/documents/raw-doc',
    http(
      'PUT',
      '/v1/documents/raw-doc',
      [HOST, JSON_TYPE, 'Expect: 100-continue', `Content-Length: ${DOC.length}`],
      DOC,
    ),
    [202],
  ),
  rawCase(
    'raw.expect-unknown',
    'GET',
    '/health',
    http('GET', '/health', [HOST, 'Expect: teapot']),
    [200, 417],
  ),
);

const noHostArb = fc
  .constantFrom('GET /health', 'GET /v1/status', 'PUT /v1/documents/x', 'POST /v1/query')
  .map((line) => {
    const [method, url] = line.split(' ');
    const body = method === 'GET' ? '' : DOC;
    const headers = body ? [JSON_TYPE, `Content-Length: ${body.length}`] : [];
    return rawCase('raw.no-host', method, url, http(method, url, headers, body), [400]);
  });

const malformedLineArb = fc
  .oneof(
    fc.constantFrom(
      'GET\r\n\r\n',
      'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n',
      'G@T /health HTTP/1.1\r\nHost: x\r\n\r\n',
      'get /health HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /health HTTP/1.1\r\nHost x\r\n\r\n',
      'GET /health HTTP/1.1\r\nHost : x\r\n\r\n',
      'GET /health HTTP/1.1\r\nHo(st: x\r\n\r\n',
      'GET /health HTTP/1.1\r\nHost: x\u0000y\r\n\r\n',
      'HTTP/1.1 200 OK\r\n\r\n',
    ),
    fc.constant('\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003'),
  )
  .map((text) =>
    rawCase('raw.malformed', 'GET', '/health', Buffer.from(text, 'latin1'), [400, 405, 414, 431]),
  );

/** Random bytes: may be the prefix of a request, so a 408 after the header wait is fair too. */
const garbageArb = fc
  .uint8Array({ minLength: 1, maxLength: 64 })
  .map((bytes) =>
    rawCase(
      'raw.garbage',
      'GET',
      '/',
      Buffer.concat([Buffer.from(bytes), Buffer.from('\r\n\r\n')]),
      [400, 405, 408, 414, 431],
    ),
  );

/** Forms a server may accept or refuse with 400: bare LF, obs-fold (RFC 9112), a version-less line. */
const lenientArb = fc.constantFrom(
  rawCase(
    'raw.lenient',
    'GET',
    '/health',
    Buffer.from('GET /health HTTP/1.1\nHost: x\n\n'),
    [200, 400],
  ),
  rawCase(
    'raw.lenient',
    'GET',
    '/health',
    Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n'),
    [200, 400],
  ),
  rawCase('raw.lenient', 'GET', '/health', Buffer.from('GET /health\r\n\r\n'), [200, 400]),
);

const hugeHeaderArb = fc
  .oneof(
    fc
      .integer({ min: 17 * 1024, max: 64 * 1024 })
      .map((n) => http('GET', '/health', [HOST, `X-Big: ${'b'.repeat(n)}`])),
    fc
      .integer({ min: 200, max: 600 })
      .map((n) =>
        http('GET', '/health', [
          HOST,
          ...Array.from({ length: n }, (_, i) => `X-H${i}: ${'v'.repeat(80)}`),
        ]),
      ),
    fc
      .integer({ min: 17 * 1024, max: 40 * 1024 })
      .map((n) => http('GET', `/v1/documents/${'u'.repeat(n)}`, [HOST])),
  )
  .map((bytes) => rawCase('raw.huge-headers', 'GET', '/health', bytes, [400, 414, 431]));

const badUrlArb = fc.oneof(
  fc
    .tuple(
      invalidUtf8Arb,
      fc.constantFrom('/v1/documents/', '/v1/events/', '/assets/', '/v1/documents?cursor=', '/'),
    )
    .map(([bytes, base]) =>
      rawCase(
        'raw.invalid-utf8-url',
        'GET',
        base,
        Buffer.concat([
          Buffer.from(`GET ${base}`),
          bytes,
          Buffer.from(` HTTP/1.1${CRLF}${HOST}${CRLF}${CRLF}`),
        ]),
        [200, 400, 404],
      ),
    ),
  fc
    .constantFrom(
      '/assets/../../package.json',
      '/assets/..%2F..%2Fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/v1/documents/../../etc/passwd',
      '/v1/documents/..%2F..%2Fetc%2Fpasswd',
      '/v1/documents/%zz',
      '/v1/documents/%',
      '/./health',
      '//health',
    )
    .map((url) => rawCase('raw.traversal', 'GET', url, http('GET', url, [HOST]), [200, 400, 404])),
  fc
    .constantFrom('http://example.com/health', '*', 'example.com:80')
    .map((target) =>
      rawCase(
        'raw.odd-target',
        'OPTIONS',
        target,
        http('OPTIONS', target, [HOST]),
        [200, 400, 404],
      ),
    ),
);

export const rawCaseArb: fc.Arbitrary<RawCase> = fc.oneof(
  { weight: 3, arbitrary: validArb },
  { weight: 2, arbitrary: noHostArb },
  { weight: 5, arbitrary: malformedLineArb },
  { weight: 2, arbitrary: garbageArb },
  { weight: 1, arbitrary: lenientArb },
  { weight: 3, arbitrary: hugeHeaderArb },
  { weight: 4, arbitrary: badUrlArb },
  { weight: 2, arbitrary: tunnelArb },
  { weight: 3, arbitrary: lyingBodyArb },
  { weight: 2, arbitrary: duplicateHeaderArb },
);
