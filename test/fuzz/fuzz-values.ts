import fc from 'fast-check';
import { invalid, type Part } from './fuzz-case';

const ID_FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_REST = `${ID_FIRST}._:@/~+-`;

function charsOf(alphabet: string, min: number, max: number) {
  return fc
    .array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max })
    .map((chars) => chars.join(''));
}

/** Ids the README allows, short and up to the 512-character limit, salted so runs never collide. */
export function validIdArb(salt: string) {
  return fc
    .tuple(
      fc.constantFrom(...ID_FIRST),
      fc.oneof({ weight: 4, arbitrary: charsOf(ID_REST, 0, 24) }, charsOf(ID_REST, 400, 490)),
    )
    .map(([first, rest]) => `${first}${salt}${rest}`.slice(0, 512));
}

/** An id as a path segment: `/` must travel as %2F; the other allowed characters either way. */
export function idSegment(id: string, encodeAll: boolean): string {
  return encodeAll ? encodeURIComponent(id) : id.replaceAll('/', '%2F').replaceAll('+', '%2B');
}

/**
 * Path segments that are not a valid document id: outside the character set, too long, traversal,
 * bad percent-encoding, percent-encoded invalid UTF-8. Each names the `id` field or is a 400/404/414
 * with the JSON shape (a 2,049+ character parameter is over the router's limit).
 */
export const badIdSegmentArb: fc.Arbitrary<Part> = fc.oneof(
  fc
    .constantFrom('bad%20id%24', '.hidden', '-dash', '_under', '%E2%9C%93', 'a%00b', 'a%0Ab', 'a*b')
    .map((value) => ({ value, problem: invalid('id') })),
  fc
    .constantFrom('..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5C..%5Cwindows')
    .map((value) => ({ value, problem: invalid('id') })),
  fc
    .integer({ min: 513, max: 2000 })
    .map((n) => ({ value: 'x'.repeat(n), problem: invalid('id') })),
  fc.integer({ min: 2049, max: 5000 }).map((n) => ({
    value: 'y'.repeat(n),
    problem: { status: [400, 414], field: /^(id|url)$/ },
  })),
  fc
    .constantFrom('%ff', 'a%ffb', '%c3%28', '%ed%a0%80', '%zz', '%', 'a%2', '%%', '%g0', '%E2%82')
    .map((value) => ({ value, problem: { status: [400] } })),
);

/** Numbers as JSON text, with what each is for an integer field bounded by [min, max]. */
export function numberTextArb(min: number, max: number, field: string): fc.Arbitrary<Part> {
  const literals = [
    '1e308',
    '-0',
    '0',
    '1',
    '2',
    '5',
    '100',
    '101',
    '1000',
    '-1',
    '1.5',
    '1.0',
    '5e0',
    '1E2',
    '1e-400',
    '1e400',
    '-1e400',
    '9007199254740991',
    '9007199254740993',
    '18446744073709551616',
    '0.1e1',
    '"NaN"',
    '"Infinity"',
    '"-0"',
    '"1e3"',
  ];
  return fc
    .oneof(
      fc.constantFrom(...literals),
      fc.integer({ min: -5, max: max + 5 }).map(String),
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .map((value) => (Object.is(value, -0) ? '-0' : JSON.stringify(value))),
    )
    .map((value) => {
      const parsed = JSON.parse(value) as number;
      const ok = Number.isSafeInteger(parsed) && parsed >= min && parsed <= max;
      return ok ? { value } : { value, problem: invalid(field) };
    });
}

/**
 * Query texts that are operators, quotes and injection attempts for some search engine or
 * database: a user's text is text (issue item 4), so each is a valid query.
 */
export const operatorTextArb = fc.constantFrom(
  '"on-call"',
  '""',
  '" OR ""="',
  '"',
  '"unbalanced',
  'title:foo AND NOT bar',
  'foo OR bar',
  'NOT',
  'AND',
  '*',
  '?',
  '~',
  'foo~2',
  '\\',
  '(',
  ')',
  '[',
  '{',
  '^',
  ':',
  '+-&&||!(){}[]^"~*?:\\/',
  "' OR 1=1 --",
  "'; DROP TABLE chunks; --",
  "') OR (1=1",
  "documentId = 'x' OR 1=1",
  '`rm -rf /`',
  '$where',
  '.*',
  '%',
  '_',
  '<script>alert(1)</script>',
  'on-call rotation',
  'ünïcödé ✓ 日本語 🙂',
  'right\u202eleft',
  '\u0000',
  '\ud800',
  'a\nb\tc',
);

/** Any text with something in it: random, operator-laden, or both. */
export const queryTextArb = fc.oneof(
  operatorTextArb,
  fc.array(operatorTextArb, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' ')),
  fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim() !== ''),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ''),
);

/** Texts only of whitespace (or nothing): no query; but an empty document is valid (item 1). */
export const blankTextArb = fc.constantFrom('', ' ', '   ', '\n', '\t\r\n ', '\u00a0', '\u3000');

/** Prototype-pollution key names, at any level a generator puts them. */
export const protoKeyArb = fc.constantFrom('__proto__', 'constructor', 'prototype');
