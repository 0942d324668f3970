import fc from 'fast-check';
import { OK, expectationOf, invalid, type FuzzRequest, type Part, type Problem } from './fuzz-case';
import { wholeBodyProblemArb, wrongType, type BodyCase } from './body-problems';
import { numberTextArb, queryTextArb } from './fuzz-values';
import { bodyContentTypeArb, contentTypeProblem, harmlessHeadersArb } from './header-values';
import { filterArb } from './query-filters';
import { obj, str, wrongTypeArb } from './json-text';
import { augmentBody, queryBody } from './success-bodies';

type Field = fc.Arbitrary<Part | undefined>;

/** Mostly absent or valid; sometimes each of the ways the field can be wrong. */
function field(valid: fc.Arbitrary<Part>, ...wrong: Array<fc.Arbitrary<Part>>): Field {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: valid },
    ...wrong.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
}

function wrongTypeOf(name: string, expected: 'string' | 'number' | 'boolean' | 'object') {
  return wrongTypeArb(expected).map(([value, type]) => ({ value, problem: wrongType(name, type) }));
}

const notConfigured: Problem = { status: [400], code: ['FEATURE_NOT_CONFIGURED'] };

const queryField: fc.Arbitrary<Part> = fc.oneof(
  { weight: 16, arbitrary: queryTextArb.map((text) => ({ value: str(text) })) },
  fc.constantFrom('', ' ', '\n\t').map((text) => ({ value: str(text), problem: invalid('query') })),
  fc
    .integer({ min: 8193, max: 40_000 })
    .map((n) => ({ value: str('q'.repeat(n)), problem: invalid('query', /\d/) })),
  wrongTypeOf('query', 'string'),
);

/** Fields /v1/query and /v1/augment share. */
const retrievalFields = {
  topK: field(
    fc.integer({ min: 1, max: 100 }).map((n) => ({ value: String(n) })),
    numberTextArb(1, 100, 'topK'),
    wrongTypeOf('topK', 'number'),
  ),
  mode: field(
    fc.constantFrom('"dense"', '"sparse"', '"hybrid"').map((value) => ({ value })),
    fc
      .constantFrom('"magic"', '"SPARSE"', '""')
      .map((value) => ({ value, problem: invalid('mode') })),
    wrongTypeOf('mode', 'string'),
  ),
  filter: field(filterArb),
  scoreThreshold: field(
    fc.constantFrom('0', '-0', '0.5', '-1e308', '1e308').map((value) => ({ value })),
    fc
      .constantFrom('1e400', '-1e400')
      .map((value) => ({ value, problem: invalid('scoreThreshold') })),
    wrongTypeOf('scoreThreshold', 'number'),
  ),
  rerank: field(
    fc.constant({ value: 'false' }),
    fc.constant({ value: 'true', problem: notConfigured }),
    wrongTypeOf('rerank', 'boolean'),
  ),
};

const UUID_V4 = fc.uuid({ version: 4 });

/** Read-your-writes: the fuzzer's event ids are never known (404), or malformed (400). */
const consistencyField = field(
  fc.tuple(UUID_V4, fc.integer({ min: 1, max: 200 })).map(([id, ms]) => ({
    value: obj([
      ['afterEvents', `[${str(id)}]`],
      ['timeoutMs', String(ms)],
    ]),
    problem: { status: [404], code: ['EVENT_NOT_FOUND'] },
  })),
  fc
    .constantFrom(
      obj([['afterEvents', '[]']]),
      obj([['afterEvents', '["not-a-uuid"]']]),
      obj([
        ['afterEvents', '["00000000-0000-4000-8000-000000000000"]'],
        ['timeoutMs', '0'],
      ]),
      obj([
        ['afterEvents', '["00000000-0000-4000-8000-000000000000"]'],
        ['timeoutMs', '60001'],
      ]),
    )
    .map((value) => ({ value, problem: invalid(/^consistency/) })),
  wrongTypeOf('consistency', 'object'),
);

const augmentFields = {
  maxContextTokens: field(
    fc.integer({ min: 1, max: 1_000_000 }).map((n) => ({ value: String(n) })),
    numberTextArb(1, 1_000_000, 'maxContextTokens'),
  ),
  template: field(
    fc.constantFrom('"default"', '"jumpstart"').map((value) => ({ value })),
    fc
      .constantFrom('"nope"', '""', str('t'.repeat(65)))
      .map((value) => ({ value, problem: { status: [400] } })),
  ),
  generate: field(
    fc.constant({ value: 'false' }),
    fc.constant({ value: 'true', problem: notConfigured }),
  ),
  stream: field(
    fc.constant({ value: 'false' }),
    fc.constant({ value: 'true', problem: notConfigured }),
  ),
};

const extraFieldArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  fc
    .constantFrom('querry', 'top_k', 'Query', '__proto__', 'constructor', 'prototype')
    .map((key): [string, Part] => [
      key,
      {
        value:
          key === 'constructor'
            ? obj([['prototype', obj([['polluted', '"yes"']])]])
            : '{"polluted":"yes"}',
        problem: { status: [400] },
      },
    ]),
);

function bodyArb(route: 'query' | 'augment'): fc.Arbitrary<BodyCase> {
  const fields: Record<string, Field> =
    route === 'query'
      ? { ...retrievalFields, consistency: consistencyField }
      : { ...retrievalFields, ...augmentFields };
  const members = fc
    .tuple(queryField, extraFieldArb, fc.record(fields))
    .map(([query, extra, rest]): BodyCase => {
      const parts: Array<[string, Part]> = [['query', query]];
      for (const [name, part] of Object.entries(rest)) if (part) parts.push([name, part]);
      if (extra) parts.push(extra);
      const problems = parts.map(([, part]) => part.problem);
      const wrong = parts.find(([, part]) => part.problem !== undefined);
      return {
        kind: `${route}.${wrong ? wrong[0] : 'valid'}`,
        part: {
          value: obj(parts.map(([name, part]) => [name, part.value] as const)),
          problem: problems.some((problem) => problem) ? expectationOf(OK, problems) : undefined,
        },
      };
    });
  return fc.oneof(
    { weight: 6, arbitrary: members },
    wholeBodyProblemArb(route, obj([['query', '"abcdefghijkl"']])),
  );
}

/** `POST /v1/query` or `POST /v1/augment`, every field valid, wrong, absent or out of bounds. */
export function retrievalRequestArb(route: 'query' | 'augment'): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ body: bodyArb(route), contentType: bodyContentTypeArb, extra: harmlessHeadersArb })
    .map(({ body, contentType, extra }) => {
      const value = body.part.value;
      const typeProblem = contentTypeProblem(contentType, value);
      return {
        category: typeProblem ? `${route}.content-type` : body.kind,
        method: 'POST',
        url: `/v1/${route}`,
        headers: {
          ...extra,
          ...(contentType.value !== undefined && { 'content-type': contentType.value }),
        },
        body: value,
        expect: expectationOf(
          200,
          [typeProblem, body.part.problem],
          route === 'query' ? queryBody : augmentBody,
        ),
      };
    });
}
