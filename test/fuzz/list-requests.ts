import fc from 'fast-check';
import { OK, expectationOf, invalid, type FuzzRequest, type Part } from './fuzz-case';
import { bodylessContentTypeArb, withTwin } from './document-requests';
import { harmlessHeadersArb } from './header-values';
import { listBody } from './success-bodies';

/** Query parameters of `GET /v1/documents`: each valid, out of range, malformed or unknown. */
const listParamArb: fc.Arbitrary<Part> = fc.oneof(
  fc
    .constantFrom('queued', 'indexing', 'indexed', 'failed', 'deleted')
    .map((s) => ({ value: `status=${s}` })),
  fc
    .constantFrom('bogus', '', 'QUEUED', 'queued%00')
    .map((s) => ({ value: `status=${s}`, problem: invalid('status') })),
  fc.constantFrom('api', 'github', 'x'.repeat(128)).map((s) => ({ value: `source=${s}` })),
  fc
    .constantFrom('', 'x'.repeat(129))
    .map((s) => ({ value: `source=${s}`, problem: invalid('source') })),
  // Mostly small pages: a page of 1,000 costs ~20 ms once the registry has filled up.
  fc
    .oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 50 }) }, fc.constant(1000))
    .map((n) => ({ value: `limit=${n}` })),
  fc
    .constantFrom('0', '1001', 'abc', '-1', '1.5', '', '1e308', 'NaN', 'Infinity')
    .map((n) => ({ value: `limit=${n}`, problem: invalid('limit') })),
  fc
    .constantFrom('1e3', '%205', '0x10', '+5', '5%20')
    .map((n) => ({ value: `limit=${n}`, problem: { status: [OK, 400] } })),
  fc.constantFrom('doc-a', 'docs%2Fintro.md').map((c) => ({ value: `cursor=${c}` })),
  fc
    .constantFrom('.bad', '%zz', 'x'.repeat(600), '..%2F..%2Fetc%2Fpasswd')
    .map((c) => ({ value: `cursor=${c}`, problem: { status: [400], field: /^(cursor|url)$/ } })),
  fc
    .constantFrom(
      'foo=bar',
      '__proto__=x',
      'constructor=x',
      '__proto__[polluted]=yes',
      'constructor[prototype][polluted]=yes',
      'limit=1&limit=2',
      'status[]=queued',
      '%ff=1',
      '&&&',
      '=',
      'a'.repeat(5000),
    )
    .map((value) => ({ value, problem: { status: [OK, 400, 414] } })),
);

export const listRequestArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    params: fc.uniqueArray(listParamArb, {
      maxLength: 4,
      selector: (param) => param.value.split('=')[0],
    }),
    extra: harmlessHeadersArb,
    contentType: bodylessContentTypeArb,
  })
  .map(({ params, extra, contentType }) => {
    const problems = params.map((param) => param.problem);
    const query = params.length === 0 ? '' : `?${params.map((param) => param.value).join('&')}`;
    return withTwin({
      category: problems.some((problem) => problem !== undefined)
        ? 'list.bad-params'
        : 'list.valid',
      method: 'GET',
      url: `/v1/documents${query}`,
      headers: { ...extra, ...(contentType !== undefined && { 'content-type': contentType }) },
      expect: expectationOf(200, problems, listBody),
    });
  });
