import fc from 'fast-check';
import { OK, invalid } from './fuzz-case';
import {
  REQUIRED_KEY_BOUND,
  manyKeys,
  protoBodyArb,
  wholeBodyProblemArb,
  wrongType,
  type BodyCase,
} from './body-problems';
import { blankTextArb, numberTextArb, queryTextArb } from './fuzz-values';
import { depthArb, nested, obj, str, wrongTypeArb } from './json-text';

const metadataValueArb = fc.oneof(
  fc.string({ maxLength: 30 }).map(str),
  fc.constantFrom('0', '-0', '1e308', '3.14', '-7', 'true', 'false', '9007199254740993'),
);
const metadataKeyArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);

/** Valid metadata: a few scalar values under keys of the allowed form. */
export const metadataArb = fc
  .uniqueArray(fc.tuple(metadataKeyArb, metadataValueArb), {
    maxLength: 5,
    selector: ([key]) => key,
  })
  .map((members) => obj(members));

const documentTextArb = fc.oneof(
  queryTextArb,
  fc.lorem({ maxCount: 40 }),
  fc.string({ maxLength: 2000 }),
);

/** Bodies of `PUT /v1/documents/:id`, valid and near-valid. */
export const putBodyArb: fc.Arbitrary<BodyCase> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .record(
        {
          text: documentTextArb.map(str),
          title: fc.string({ maxLength: 80 }).map(str),
          metadata: metadataArb,
          version: fc.nat({ max: 1_000_000 }).map(String),
        },
        { requiredKeys: ['text'] },
      )
      .map((members) => ({ kind: 'put.valid', part: { value: obj(Object.entries(members)) } })),
  },
  // An empty document is a document: indexed with zero chunks (issue item 1).
  blankTextArb.map((text) => ({
    kind: 'put.empty-text',
    part: { value: obj([['text', str(text)]]) },
  })),
  fc.constantFrom('text', 'title', 'version', 'metadata').chain((field) =>
    wrongTypeArb(field === 'version' ? 'number' : field === 'metadata' ? 'object' : 'string').map(
      ([value, type]) => ({
        kind: 'put.wrong-type',
        part: {
          value: obj(
            field === 'text'
              ? [['text', value]]
              : [
                  ['text', '"x"'],
                  [field, value],
                ],
          ),
          problem: wrongType(field, type),
        },
      }),
    ),
  ),
  wrongTypeArb('string')
    .filter(([, type]) => type === 'object' || type === 'array' || type === 'null')
    .map(([value, type]) => ({
      kind: 'put.wrong-type',
      part: {
        value: obj([
          ['text', '"x"'],
          ['metadata', obj([['lang', value]])],
        ]),
        problem: wrongType('metadata.lang', type),
      },
    })),
  fc.constantFrom(obj([['title', '"x"']]), '{}').map((value) => ({
    kind: 'put.missing-text',
    part: { value, problem: invalid('text', /required/) },
  })),
  fc.constantFrom('titel', 'Text', 'meta', 'id').map((key) => ({
    kind: 'put.unknown-field',
    part: {
      value: obj([
        ['text', '"x"'],
        [key, '"y"'],
      ]),
      problem: invalid(/.*/),
    },
  })),
  numberTextArb(0, Number.MAX_SAFE_INTEGER, 'version').map((part) => ({
    kind: 'put.odd-number',
    part: {
      value: obj([
        ['text', '"x"'],
        ['version', part.value],
      ]),
      problem: part.problem,
    },
  })),
  protoBodyArb(),
  depthArb.chain((depth) =>
    fc.constantFrom<BodyCase>(
      { kind: 'put.deep', part: { value: nested(depth, 'array'), problem: { status: [400] } } },
      {
        kind: 'put.deep',
        part: {
          value: nested(depth, 'object', obj([['text', '"x"']]), 'text'),
          problem: { status: [400] },
        },
      },
      {
        kind: 'put.deep',
        part: {
          value: obj([
            ['text', '"x"'],
            // Metadata values are scalars: even one level of nesting under a key is refused.
            ['metadata', obj([['k', nested(depth, 'object', '1', 'k')]])],
          ]),
          problem: { status: [400] },
        },
      },
    ),
  ),
  fc.integer({ min: 1000, max: 6000 }).map((n) => ({
    kind: 'put.big-metadata',
    part: {
      value: obj([
        ['text', '"x"'],
        ['metadata', manyKeys(n)],
      ]),
      problem: n > REQUIRED_KEY_BOUND ? invalid(/^metadata/, /\d/) : { status: [OK, 400] },
    },
  })),
  fc.constantFrom<BodyCase>(
    {
      kind: 'put.limits',
      // RFC 8259: a parser MAY ignore a byte order mark rather than treat it as an error.
      part: { value: '\ufeff{"text":"x"}', problem: { status: [OK, 400] } },
    },
    {
      kind: 'put.limits',
      part: {
        value: obj([
          ['text', '"x"'],
          ['title', str('t'.repeat(1025))],
        ]),
        problem: invalid('title'),
      },
    },
    {
      kind: 'put.limits',
      part: {
        value: obj([
          ['text', '"x"'],
          ['metadata', obj([['k', str('v'.repeat(2049))]])],
        ]),
        problem: invalid('metadata.k'),
      },
    },
    {
      kind: 'put.limits',
      part: {
        value: obj([
          ['text', '"x"'],
          ['metadata', obj([['1abc', '1']])],
        ]),
        problem: invalid(/^metadata/),
      },
    },
    {
      kind: 'put.limits',
      part: {
        value: obj([
          ['text', '"x"'],
          ['metadata', obj([['a-b', '1']])],
        ]),
        problem: invalid(/^metadata/),
      },
    },
    {
      kind: 'put.limits',
      part: {
        value: obj([
          ['text', '"x"'],
          ['metadata', obj([['', '1']])],
        ]),
        problem: invalid(/^metadata/),
      },
    },
    {
      kind: 'put.limits',
      part: { value: '{"text":"a","text":"b"}', problem: { status: [OK, 400] } },
    },
  ),
  { weight: 4, arbitrary: wholeBodyProblemArb('put', obj([['text', '"abcdefghijkl"']])) },
);
