import fc from 'fast-check';

/**
 * Request bodies are built as JSON text, not objects, so that a case can carry what no JavaScript
 * value serialises to: `1e400`, `-0`, duplicate keys, `__proto__` as an own key, invalid UTF-8.
 */
export type JsonText = string;

export function str(value: string): JsonText {
  return JSON.stringify(value);
}

/** An object from raw member texts; keys are quoted here, values are already JSON text. */
export function obj(members: ReadonlyArray<readonly [string, JsonText]>): JsonText {
  return `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

export function arr(items: readonly JsonText[]): JsonText {
  return `[${items.join(',')}]`;
}

/** `n` levels of arrays or objects (optionally keyed by a prototype-pollution key) around a leaf. */
export function nested(
  depth: number,
  shape: 'array' | 'object',
  leaf: JsonText = '1',
  key = 'a',
): JsonText {
  if (shape === 'array') return '['.repeat(depth) + leaf + ']'.repeat(depth);
  return `{${JSON.stringify(key)}:`.repeat(depth) + leaf + '}'.repeat(depth);
}

/** Depths from shallow to 5,000 levels, biased to both ends. */
export const depthArb = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.integer({ min: 40, max: 5000 }),
  fc.constantFrom(31, 32, 33, 64, 1000, 5000),
);

/** Byte sequences no UTF-8 decoder accepts: stray continuation, overlong, surrogate, truncated. */
export const invalidUtf8Arb = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0x80]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
);

/** A JSON text with invalid UTF-8 bytes spliced into it (inside a string, or outside one). */
export function withInvalidUtf8(text: JsonText, bytes: Buffer, at: number): Buffer {
  const source = Buffer.from(text, 'utf8');
  const cut = Math.min(Math.max(0, at), source.length);
  return Buffer.concat([source.subarray(0, cut), bytes, source.subarray(cut)]);
}

/** Texts that are not JSON at all, or not a JSON object: each must be a 400 naming `body`. */
export const brokenJsonArb = fc.constantFrom(
  '{"text": "unterminated',
  '{"text": "x",}',
  "{'text': 'x'}",
  '{"text": "x"} trailing',
  '{"text": "x"}{"text": "y"}',
  '{text: "x"}',
  '{"text": NaN}',
  '{"text": Infinity}',
  '{"text": undefined}',
  '{"text": "x" /* comment */}',
  '{"text": "\\x41"}',
  '{"text": "\\u12"}',
  '{"text": 0x10}',
  '{"text": 01}',
  '{"text": .5}',
  '{"text": "tab\there"}',
  '{',
  '}',
  '[',
  '"',
  ':',
  ',',
  'nul',
  '{"a":1,,"b":2}',
);

/** JSON values that are valid JSON but not an object: the body must be a 400 naming `body`. */
export const nonObjectJsonArb = fc.constantFrom(
  '[]',
  '[{"text":"x"}]',
  '"text"',
  '5',
  '0',
  'true',
  'false',
  'null',
);

/** A JSON literal of every type but the one named, for wrong-type cases, with its type's name. */
export function wrongTypeArb(expected: 'string' | 'number' | 'object' | 'boolean' | 'array') {
  const all: Array<[JsonText, string]> = [
    ['"5"', 'string'],
    ['"true"', 'string'],
    ['""', 'string'],
    ['5', 'number'],
    ['-1.5', 'number'],
    ['true', 'boolean'],
    ['false', 'boolean'],
    ['null', 'null'],
    ['[]', 'array'],
    ['["x"]', 'array'],
    ['{}', 'object'],
    ['{"a":"b"}', 'object'],
  ];
  return fc.constantFrom(...all.filter(([, type]) => type !== expected));
}
