import fc from 'fast-check';
import { OK, invalid, type Part, type Problem } from './fuzz-case';

/**
 * Content types for a request WITH a JSON body. RFC 9110 media types are case-insensitive, so
 * `application/JSON` is JSON; a charset other than UTF-8 may be refused (415) or read.
 */
export const bodyContentTypeArb: fc.Arbitrary<Part<string | undefined>> = fc.oneof(
  { weight: 20, arbitrary: fc.constant({ value: 'application/json' }) },
  fc.constantFrom(
    { value: 'application/json; charset=utf-8' },
    { value: 'application/JSON' },
    { value: 'Application/Json; Charset=UTF-8' },
  ),
  fc
    .constantFrom(
      'application/json; charset=latin1',
      'application/json; charset="utf-8"',
      'application/vnd.api+json',
      'text/json',
    )
    .map((value) => ({ value, problem: { status: [OK, 415] } })),
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      'application/octet-stream',
      undefined,
    )
    .map((value): Part<string | undefined> => ({ value, problem: unsupportedMediaType })),
  fc
    .constantFrom('', 'application/json, text/plain', ';;;', 'a/b/c')
    .map((value) => ({ value, problem: malformedMediaType })),
);

/** A content-type that is no media type at all: refused (400/415) even before a body is read. */
export const malformedMediaType: Problem = { status: [OK, 400, 415] };

/**
 * What a content type does to a request whose body is `body`: with no body it is moot (issue
 * item 2), unless it is not even a media type.
 */
export function contentTypeProblem(
  contentType: Part<string | undefined>,
  body: string | Buffer | undefined,
): Problem | undefined {
  const empty = body === undefined || body.length === 0;
  return empty && contentType.problem !== malformedMediaType ? undefined : contentType.problem;
}

/** A 415 that names the one accepted type (issue item 8). */
export const unsupportedMediaType: Problem = {
  status: [415],
  code: ['UNSUPPORTED_MEDIA_TYPE'],
  message: /application\/json/,
};

/** Headers that change nothing about the answer, and the credentials a log must never show. */
export const harmlessHeadersArb = fc.record(
  {
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml', 'application/json'),
    'x-request-id': fc.string({ unit: 'binary-ascii', maxLength: 40 }).map(toHeaderValue),
    authorization: fc.constant('Bearer fuzz-secret-token'),
    cookie: fc.constant('session=fuzz-cookie; theme=dark'),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1, 10.0.0.1', 'not-an-ip'),
    'user-agent': fc.constantFrom('curl/8.5.0', '', 'x'.repeat(300)),
  },
  { requiredKeys: [] },
);

/** Header values may carry visible ASCII and spaces only. */
function toHeaderValue(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '').trim();
}

/** `Idempotency-Key` headers: unique valid ones, or ones the route must refuse naming the header. */
export function idempotencyKeyArb(salt: string): fc.Arbitrary<Part<string | undefined>> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ value: undefined }) },
    { weight: 4, arbitrary: fc.uuid().map((uuid) => ({ value: `${salt}-${uuid}` })) },
    fc
      .constantFrom('has space', 'k1, k2', 'x'.repeat(201), 'tab\there')
      .map((value) => ({ value, problem: invalid(/^idempotency-key$/i) })),
    fc.constant({ value: '', problem: { status: [OK, 400] } }),
  );
}
