import fc from 'fast-check';
import { FUZZ_MAX_BODY_BYTES } from './body-problems';
import { CRLF, DOC, HOST, JSON_TYPE, http, rawCase } from './raw-case';

export const tunnelArb = fc.constantFrom(
  rawCase(
    'raw.connect',
    'CONNECT',
    'example.com:443',
    http('CONNECT', 'example.com:443', ['Host: example.com:443']),
    [400, 405],
  ),
  rawCase(
    'raw.connect',
    'CONNECT',
    'example.com:443',
    http('CONNECT', 'example.com:443', ['Host: example.com:443'], '\u0016\u0003\u0001'),
    [400, 405],
  ),
  rawCase(
    'raw.connect',
    'CONNECT',
    '127.0.0.1:6379',
    http('CONNECT', '127.0.0.1:6379', []),
    [400, 405],
  ),
  rawCase(
    'raw.upgrade',
    'GET',
    '/',
    http('GET', '/', [HOST, 'Connection: Upgrade', 'Upgrade: websocket']),
    [200, 400, 426],
  ),
);

/** Declared lengths the body never reaches, endless chunks, headers never finished: a bounded wait. */
export const lyingBodyArb = fc.oneof(
  fc
    .constantFrom(FUZZ_MAX_BODY_BYTES - 1, 1000, FUZZ_MAX_BODY_BYTES + 1, 10 ** 12, 2 ** 53 + 1)
    .map((length) =>
      rawCase(
        'raw.short-body',
        'PUT',
        '/v1/documents/raw-doc',
        http('PUT', '/v1/documents/raw-doc', [HOST, JSON_TYPE, `Content-Length: ${length}`], DOC),
        [400, 408, 413],
        false,
      ),
    ),
  fc
    .constantFrom('99999999999999999999999', '-1', '1e3', ' 5', '5, 6')
    .map((length) =>
      rawCase(
        'raw.bad-length',
        'PUT',
        '/v1/documents/raw-doc',
        http('PUT', '/v1/documents/raw-doc', [HOST, JSON_TYPE, `Content-Length: ${length}`], DOC),
        [400, 413],
      ),
    ),
  fc
    .constantFrom('FFFFFFFFFFFFFFFFFF', '7FFFFFFF', 'ZZ', `5;${'e'.repeat(20_000)}`, '-5')
    .map((size) =>
      rawCase(
        'raw.chunked',
        'PUT',
        '/v1/documents/raw-doc',
        http(
          'PUT',
          '/v1/documents/raw-doc',
          [HOST, JSON_TYPE, 'Transfer-Encoding: chunked'],
          `${size}\r\n{"text":`,
        ),
        [400, 408, 413],
        false,
      ),
    ),
  fc.constant(
    rawCase(
      'raw.cl-and-te',
      'PUT',
      '/v1/documents/raw-doc',
      http(
        'PUT',
        '/v1/documents/raw-doc',
        [HOST, JSON_TYPE, 'Transfer-Encoding: chunked', 'Content-Length: 5'],
        '0\r\n\r\n',
      ),
      [400],
    ),
  ),
  fc.constant(
    rawCase(
      'raw.slow-headers',
      'GET',
      '/health',
      Buffer.from(`GET /health HTTP/1.1${CRLF}${HOST}${CRLF}`),
      [400, 408],
      false,
    ),
  ),
);

export const duplicateHeaderArb = fc.constantFrom(
  rawCase(
    'raw.duplicate-headers',
    'PUT',
    '/v1/documents/raw-doc',
    http(
      'PUT',
      '/v1/documents/raw-doc',
      [HOST, JSON_TYPE, `Content-Length: ${DOC.length}`, `Content-Length: ${DOC.length + 1}`],
      DOC,
    ),
    [400],
  ),
  rawCase(
    'raw.duplicate-headers',
    'PUT',
    '/v1/documents/raw-doc',
    http(
      'PUT',
      '/v1/documents/raw-doc',
      [
        HOST,
        JSON_TYPE,
        'Idempotency-Key: k1',
        'Idempotency-Key: k2',
        `Content-Length: ${DOC.length}`,
      ],
      DOC,
    ),
    [400],
  ),
  rawCase(
    'raw.duplicate-headers',
    'PUT',
    '/v1/documents/raw-doc',
    http(
      'PUT',
      '/v1/documents/raw-doc',
      [HOST, JSON_TYPE, 'Content-Type: text/plain', `Content-Length: ${DOC.length}`],
      DOC,
    ),
    [202, 400, 415],
  ),
  rawCase(
    'raw.duplicate-headers',
    'GET',
    '/health',
    http('GET', '/health', [HOST, 'Host: other.example']),
    [200, 400],
  ),
);
