import fc from 'fast-check';
import { OK, expectationOf, invalid, type FuzzRequest, type Part, type Problem } from './fuzz-case';
import { putBodyArb } from './document-bodies';
import { badIdSegmentArb, idSegment, validIdArb } from './fuzz-values';
import {
  bodyContentTypeArb,
  contentTypeProblem,
  harmlessHeadersArb,
  idempotencyKeyArb,
} from './header-values';
import { acceptedBody, documentBody } from './success-bodies';

/** What the generators need from the run: a salt for ids and keys, documents known to exist. */
export interface FuzzContext {
  salt: string;
  knownIds: readonly string[];
}

interface IdPart {
  segment: string;
  /** The decoded id, when the segment is a valid one. */
  id?: string;
  problem?: Problem;
}

/** Valid ids under `salt` (GETs of unknown documents use their own, so they never meet a PUT's). */
function idPartArb(context: FuzzContext, salt = context.salt): fc.Arbitrary<IdPart> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(validIdArb(salt), fc.boolean())
        .map(([id, all]) => ({ segment: idSegment(id, all), id })),
    },
    {
      weight: 1,
      arbitrary: badIdSegmentArb.map((part) => ({ segment: part.value, problem: part.problem })),
    },
  );
}

/** Content types a body-less request may name: each must change nothing (issue item 2). */
export const bodylessContentTypeArb = fc.constantFrom(
  undefined,
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
);

function headersOf(
  extra: Record<string, string>,
  contentType: string | undefined,
  key: string | undefined,
): Record<string, string> {
  return {
    ...extra,
    ...(contentType !== undefined && { 'content-type': contentType }),
    ...(key !== undefined && { 'idempotency-key': key }),
  };
}

/** With a content-type and no body: also sent without the content-type, to compare answers. */
export function withTwin(request: FuzzRequest): FuzzRequest {
  if (request.body !== undefined || request.headers['content-type'] === undefined) return request;
  const { 'content-type': _dropped, ...headers } = request.headers;
  return { ...request, twin: { ...request, category: `${request.category}.twin`, headers } };
}

export function putRequestArb(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      id: idPartArb(context),
      body: putBodyArb,
      contentType: bodyContentTypeArb,
      key: idempotencyKeyArb(context.salt),
      extra: harmlessHeadersArb,
    })
    .map(({ id, body, contentType, key, extra }) => {
      const value = body.part.value;
      // No body at all: the content-type is moot (issue item 2); the missing body is the problem.
      const typeProblem = contentTypeProblem(contentType, value);
      const category = id.problem
        ? 'put.bad-id'
        : typeProblem
          ? 'put.content-type'
          : key.problem
            ? 'put.bad-idempotency-key'
            : body.kind;
      return {
        category,
        method: 'PUT',
        url: `/v1/documents/${id.segment}`,
        headers: headersOf(extra, contentType.value, key.value),
        body: value,
        expect: expectationOf(
          202,
          [id.problem, typeProblem, key.problem, body.part.problem],
          id.id === undefined ? undefined : acceptedBody(id.id),
        ),
      };
    });
}

const versionQueryArb: fc.Arbitrary<Part<string | undefined>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ value: undefined }) },
  fc.nat({ max: 2_000_000 }).map((n) => ({ value: `version=${n}` })),
  fc
    .constantFrom('abc', '-1', '1.5', '1e3', '', '9007199254740993', '%20%31', '0x1', '%ff', '%zz')
    .map((v) => ({ value: `version=${v}`, problem: invalid('version') })),
  fc
    .constantFrom('version=1&version=2', 'version[]=1', 'foo=bar', '__proto__=1', 'constructor=1')
    .map((value) => ({ value, problem: { status: [OK, 400] } })),
);

export function deleteRequestArb(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      id: idPartArb(context),
      version: versionQueryArb,
      contentType: bodylessContentTypeArb,
      body: fc.constantFrom(undefined, undefined, undefined, undefined, '{}', 'x'),
      key: idempotencyKeyArb(context.salt),
      extra: harmlessHeadersArb,
    })
    .map(({ id, version, contentType, body, key, extra }) => {
      // A DELETE body is not part of the API: refusing or ignoring it are both fair.
      const bodyProblem: Problem | undefined =
        body === undefined ? undefined : { status: [OK, 400, 415] };
      const query = version.value === undefined ? '' : `?${version.value}`;
      const category = id.problem
        ? 'delete.bad-id'
        : version.problem
          ? 'delete.bad-version'
          : body
            ? 'delete.with-body'
            : contentType
              ? 'delete.content-type-no-body'
              : 'delete.valid';
      return withTwin({
        category,
        method: 'DELETE',
        url: `/v1/documents/${id.segment}${query}`,
        headers: headersOf(extra, contentType, key.value),
        body,
        expect: expectationOf(
          202,
          [id.problem, version.problem, bodyProblem, key.problem],
          id.id === undefined ? undefined : acceptedBody(id.id),
        ),
      });
    });
}

export function getDocumentRequestArb(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const known: fc.Arbitrary<IdPart & { known: boolean }> = fc
    .constantFrom(...context.knownIds)
    .map((id) => ({ segment: encodeURIComponent(id), id, known: true }));
  return fc
    .record({
      id: fc.oneof(
        known,
        idPartArb(context, `${context.salt}.missing.`).map((part) => ({ ...part, known: false })),
      ),
      contentType: bodylessContentTypeArb,
      extra: harmlessHeadersArb,
    })
    .map(({ id, contentType, extra }) => {
      const unknown: Problem | undefined =
        id.id !== undefined && !id.known
          ? { status: [404], code: ['DOCUMENT_NOT_FOUND'] }
          : undefined;
      return withTwin({
        category: id.problem
          ? 'get-document.bad-id'
          : id.known
            ? 'get-document.known'
            : 'get-document.unknown',
        method: 'GET',
        url: `/v1/documents/${id.segment}`,
        headers: headersOf(extra, contentType, undefined),
        expect: expectationOf(
          200,
          [id.problem, unknown],
          id.id === undefined ? undefined : documentBody(id.id),
        ),
      });
    });
}
