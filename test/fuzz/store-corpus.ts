import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-case';
import { augmentBody, nonEmptyQueryBody } from './success-bodies';

/** Documents the worker-on app indexes first, so queries meet a full-text index with content. */
export const STORE_CORPUS = [
  {
    id: 'runbook/on-call.md',
    body: {
      text: 'The on-call rotation: the on-call engineer answers pages within 15 minutes and escalates to the platform team.',
      title: 'On-call runbook',
      metadata: { team: 'platform', lang: 'en', year: 2024 },
    },
  },
  {
    id: 'guide/query-syntax.md',
    body: {
      text: 'Writing title:foo AND NOT bar is query syntax in some engines; here OR, AND and NOT are plain words, like foo and bar.',
      title: 'Query syntax',
      metadata: { team: 'search', lang: 'en', year: 2023 },
    },
  },
  {
    id: 'notes/injection.md',
    body: {
      text: 'The string \' OR 1=1 -- is an SQL injection attempt; "quoted phrases" and (parentheses) are just characters to us.',
      metadata: { team: 'security', lang: 'de', year: 2025 },
    },
  },
];

/**
 * Queries whose words are in the corpus, quoted or operator-laden, in every mode: a 200 with at
 * least one result (issue item 4: a user's text is text, never the store's query syntax).
 */
export const knownHitArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    query: fc.constantFrom(
      '"on-call"',
      'on-call',
      '"on-call" rotation',
      '"on-call rotation"',
      'title:foo AND NOT bar',
      "' OR 1=1 --",
      '"quoted phrases"',
      '(parentheses)',
      'platform*',
      'escalates~',
      '"unbalanced on-call',
    ),
    mode: fc.constantFrom(undefined, 'sparse', 'hybrid', 'dense'),
    route: fc.constantFrom('query', 'augment'),
    filter: fc.constantFrom(
      undefined,
      { metadata: { lang: { anyOf: ['en', 'de'] } } },
      { metadata: { year: { gte: 2020 } } },
    ),
  })
  .map(({ query, mode, route, filter }) => ({
    category: `store.known-hit.${route}.${mode ?? 'default'}`,
    method: 'POST',
    url: `/v1/${route}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, ...(mode && { mode }), ...(filter && { filter }) }),
    expect: {
      status: [200],
      body:
        route === 'query'
          ? nonEmptyQueryBody
          : (json: unknown) => augmentBody(json) ?? nonEmptyContexts(json),
    },
  }));

function nonEmptyContexts(json: unknown): string | undefined {
  const contexts = (json as { contexts?: unknown[] }).contexts;
  return Array.isArray(contexts) && contexts.length > 0 ? undefined : 'no contexts';
}
