import fc from 'fast-check';
import { OK, invalid, type Part, type Problem } from './fuzz-case';
import { protoKeyArb } from './fuzz-values';
import {
  brokenJsonArb,
  depthArb,
  invalidUtf8Arb,
  nested,
  nonObjectJsonArb,
  obj,
  str,
  withInvalidUtf8,
  type JsonText,
} from './json-text';

/** A generated body and the label its cases are grouped under. */
export interface BodyCase {
  kind: string;
  part: Part<string | Buffer | undefined>;
}

/** The fuzz app's MAX_BODY_BYTES: small, so that 413s are cheap to provoke. */
export const FUZZ_MAX_BODY_BYTES = 256 * 1024;

/** Over this many metadata (or filter) keys, a 400 naming the field is required (issue item 5). */
export const REQUIRED_KEY_BOUND = 4096;

/** A wrong-type error names what came and does not call the field missing (issue item 7). */
export function wrongType(field: string, received: string): Problem {
  return invalid(field, new RegExp(`^(?!.*\\brequired\\b).*\\b${received}\\b`, 'is'));
}

/** `n` metadata members, for the size bound. */
export function manyKeys(n: number, value: (i: number) => JsonText = (i) => String(i)): JsonText {
  return obj(Array.from({ length: n }, (_, i) => [`k${i}`, value(i)] as const));
}

/** `__proto__`, `constructor`, `prototype` as keys at the top, in metadata and deeper down. */
export function protoBodyArb(): fc.Arbitrary<BodyCase> {
  const polluting = obj([['polluted', '"yes"']]);
  return fc.tuple(protoKeyArb, fc.integer({ min: 1, max: 6 })).chain(([key, depth]) =>
    fc.constantFrom<BodyCase>(
      {
        kind: 'put.proto',
        part: {
          value: obj([
            ['text', '"x"'],
            [key, polluting],
          ]),
          problem: { status: [400] },
        },
      },
      {
        kind: 'put.proto',
        part: {
          value: obj([
            ['text', '"x"'],
            ['constructor', obj([['prototype', polluting]])],
          ]),
          problem: { status: [400] },
        },
      },
      {
        kind: 'put.proto',
        part: {
          value: obj([
            ['text', '"x"'],
            ['metadata', obj([[key, '"v"']])],
          ]),
          problem: { status: [OK, 400] },
        },
      },
      {
        kind: 'put.proto',
        part: {
          value: obj([
            ['text', '"x"'],
            ['metadata', obj([[key, polluting]])],
          ]),
          problem: { status: [400] },
        },
      },
      {
        kind: 'put.proto',
        part: {
          value: obj([
            [key, polluting],
            ['text', '"x"'],
          ]),
          problem: { status: [400] },
        },
      },
      {
        kind: 'put.proto',
        part: { value: nested(depth, 'object', polluting, key), problem: { status: [400] } },
      },
    ),
  );
}

/**
 * Whole bodies that are wrong for any JSON route: not JSON, not an object, invalid UTF-8 inside a
 * valid body, no body, nested arrays, over MAX_BODY_BYTES.
 */
export function wholeBodyProblemArb(route: string, valid: JsonText): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    brokenJsonArb.map((value) => ({
      kind: `${route}.bad-json`,
      part: { value, problem: invalid('body') },
    })),
    nonObjectJsonArb.map((value) => ({
      kind: `${route}.not-object`,
      part: { value, problem: invalid('body') },
    })),
    fc.tuple(invalidUtf8Arb, fc.nat({ max: valid.length })).map(([bytes, at]) => ({
      kind: `${route}.invalid-utf8`,
      part: { value: withInvalidUtf8(valid, bytes, at), problem: invalid('body') },
    })),
    fc.constantFrom(undefined, '', '   ', '\n').map((value) => ({
      kind: `${route}.empty-body`,
      part: { value, problem: invalid('body') },
    })),
    depthArb.map((depth) => ({
      kind: `${route}.deep`,
      part: { value: nested(depth, 'array'), problem: { status: [400] } },
    })),
    fc.constant({
      kind: `${route}.oversized`,
      part: {
        value: `{"pad":${str('z'.repeat(FUZZ_MAX_BODY_BYTES + 10))}}`,
        problem: { status: [413], code: ['PAYLOAD_TOO_LARGE'] },
      },
    }),
  );
}
