import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Chunker, embeddingText, hashText, type Chunk } from '../chunker';
import { countTokens, forgetTokenCounts } from '../token-counter';
import { chunkContext } from './chunk-context';
import { parseFrontMatter } from './front-matter';
import { splitMarkdownSections } from './markdown-sections';

const FINAL_JSONL = resolve(
  __dirname,
  '../../../../../shared/datasets/docs-history/rustc-dev-guide/final.jsonl',
);

const paragraph = (topic: string, n: number): string =>
  `${topic} paragraph ${n} explains how the worker keeps documents in sync with their source, ` +
  `re-embedding only what changed and deleting chunks that no longer exist. `.repeat(2);

const section = (heading: string, topic: string, paragraphs: number[]): string =>
  `${heading}\n\n${paragraphs.map((n) => paragraph(topic, n)).join('\n\n')}\n`;

/** A guide with nested sections, several paragraphs each. */
const guide = (edits: { tracingParagraphs?: number[]; filtersHeading?: string } = {}): string =>
  [
    '---\ntitle: Guide\ntags: [sync]\n---',
    'Preface before any heading.',
    section('# Guide', 'Guide', [1, 2]),
    section('## Tracing', 'Tracing', edits.tracingParagraphs ?? [1, 2, 3, 4]),
    section(`### ${edits.filtersHeading ?? 'Filters'}`, 'Filters', [1, 2, 3]),
    '```sh\n# a comment, not a heading\nRUST_LOG=debug cargo run\n```\n',
    section('## Logging', 'Logging', [1, 2, 3]),
  ].join('\n');

/** Each chunk's text lies inside one section, in order, whose path gives the chunk's context. */
function expectWithinSections(text: string, chunks: Chunk[], chunkSizeTokens: number): void {
  const sections = splitMarkdownSections(parseFrontMatter(text).body);
  let at = 0;
  for (const chunk of chunks) {
    const fits = (i: number): boolean =>
      chunkContext(sections[i].headingPath, chunkSizeTokens) === chunk.context &&
      sections[i].text.includes(chunk.text);
    while (at < sections.length && !fits(at)) at += 1;
    expect(at).toBeLessThan(sections.length);
  }
}

const byContext = (chunks: Chunk[]): Map<string, string[]> => {
  const groups = new Map<string, string[]>();
  for (const chunk of chunks) {
    const key = chunk.context ?? '';
    groups.set(key, [...(groups.get(key) ?? []), chunk.contentHash]);
  }
  return groups;
};

describe('Chunker with format markdown', () => {
  const chunker = new Chunker({ chunkSizeTokens: 64, chunkOverlapTokens: 8 });
  const split = (text: string): Promise<Chunk[]> => chunker.split(text, { format: 'markdown' });

  it('gives every chunk its section’s heading path, within the token limit', async () => {
    const text = guide();
    const chunks = await split(text);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect([...new Set(chunks.map((c) => c.context))]).toEqual([
      undefined,
      'Guide',
      'Guide > Tracing',
      'Guide > Tracing > Filters',
      'Guide > Logging',
    ]);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBe(countTokens(embeddingText(chunk)));
      expect(chunk.tokens).toBeLessThanOrEqual(64);
      expect(chunk.text).not.toMatch(/^#{1,6} (Guide|Tracing|Filters|Logging)$/m);
    }
    expect(chunks.filter((c) => c.text.includes('# a comment'))[0]?.context).toBe(
      'Guide > Tracing > Filters',
    );
    expectWithinSections(text, chunks, 64);
  });

  it('cuts a long section at paragraph borders', async () => {
    const chunks = await split(guide());
    const tracing = chunks.filter((c) => c.context === 'Guide > Tracing');
    expect(tracing.length).toBeGreaterThan(1);
    expect(tracing.every((c) => c.text.startsWith('Tracing paragraph'))).toBe(true);
  });

  it('leaves front matter out of the chunks and text before any heading without context', async () => {
    const chunks = await split(guide());
    expect(chunks.some((c) => c.text.includes('title: Guide'))).toBe(false);
    expect(chunks[0]).toEqual({
      index: 0,
      text: 'Preface before any heading.',
      contentHash: hashText('Preface before any heading.'),
      tokens: countTokens('Preface before any heading.'),
    });
    expect('context' in chunks[0]).toBe(false);
    const script = await split(
      '---js\n{ title: (globalThis.__raglinePwned = true, "x") }\n---\n# A\n\nText.',
    );
    expect(script).toEqual([expect.objectContaining({ text: 'Text.', context: 'A' })]);
    expect((globalThis as Record<string, unknown>).__raglinePwned).toBeUndefined();
  });

  it('hashes the context with the text: a renamed heading re-embeds only its own chunks', async () => {
    const before = await split(guide());
    const after = await split(guide({ filtersHeading: 'Span filters' }));
    const old = byContext(before);
    const renamed = byContext(after);
    const oldFilters = before.filter((c) => c.context === 'Guide > Tracing > Filters');
    const newFilters = after.filter((c) => c.context === 'Guide > Tracing > Span filters');
    expect(newFilters.map((c) => c.text)).toEqual(oldFilters.map((c) => c.text));
    for (let i = 0; i < oldFilters.length; i += 1)
      expect(newFilters[i].contentHash).not.toBe(oldFilters[i].contentHash);
    for (const context of ['', 'Guide', 'Guide > Tracing', 'Guide > Logging'])
      expect(renamed.get(context)).toEqual(old.get(context));
    expect(oldFilters[0].contentHash).not.toBe(hashText(oldFilters[0].text));
    expect(oldFilters[0].contentHash).toBe(
      hashText(JSON.stringify([oldFilters[0].context, oldFilters[0].text])),
    );
  });

  it('changes only the chunks of the edited section', async () => {
    const before = await split(guide());
    const after = await split(guide({ tracingParagraphs: [1, 2, 9, 4] }));
    const old = new Set(before.map((c) => c.contentHash));
    const changed = after.filter((c) => !old.has(c.contentHash));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((c) => c.context === 'Guide > Tracing')).toBe(true);
    const [oldGroups, newGroups] = [byContext(before), byContext(after)];
    for (const [context, hashes] of oldGroups)
      if (context !== 'Guide > Tracing') expect(newGroups.get(context)).toEqual(hashes);
  });

  it('is deterministic, and CRLF input gives the same chunks', async () => {
    const text = guide();
    const a = await split(text);
    forgetTokenCounts();
    expect(await split(text)).toEqual(a);
    expect(await split(text.replace(/\n/g, '\r\n'))).toEqual(a);
  });

  it('yields no chunks for empty, blank, front-matter-only or heading-only text', async () => {
    for (const text of ['', '  \n\t\n', '\r\n\r\n', '---\ntitle: x\n---\n', '# A\n\n## B\n'])
      expect(await split(text)).toEqual([]);
  });

  it('keeps a huge heading path to a quarter of the budget, and every chunk in the limit', async () => {
    const heading = `# ${'An extremely long heading '.repeat(60)}`;
    const chunks = await split(`${heading}\n\n${paragraph('Long', 1)}\n\n${paragraph('Long', 2)}`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.context?.endsWith('…')).toBe(true);
      expect(countTokens(chunk.context ?? '')).toBeLessThanOrEqual(16);
      expect(chunk.tokens).toBeLessThanOrEqual(64);
    }
  });

  it('stays within the limit at small chunk sizes too', async () => {
    for (const size of [8, 12, 20, 33]) {
      const small = new Chunker({ chunkSizeTokens: size, chunkOverlapTokens: 2 });
      const chunks = await small.split(guide(), { format: 'markdown' });
      expect(chunks.length).toBeGreaterThan(10);
      for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(size);
    }
  });

  it('splits a 1 MB document', async () => {
    const text = guide().repeat(Math.ceil(1_000_000 / guide().length));
    expect(text.length).toBeGreaterThan(1_000_000);
    const large = new Chunker({ chunkSizeTokens: 256, chunkOverlapTokens: 32 });
    const chunks = await large.split(text, { format: 'markdown' });
    expect(chunks.length).toBeGreaterThan(1000);
    expect(chunks.every((c) => c.tokens <= 256)).toBe(true);
    expect(chunks.filter((c) => c.context === undefined)).toHaveLength(1);
  });

  it('splits real Markdown (rustc-dev-guide) without crossing a heading', async () => {
    const files = readFileSync(FINAL_JSONL, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line): unknown => JSON.parse(line))
      .filter(isFile)
      .filter((file) => file.path.endsWith('.md'))
      // Every third file: about 80 pages of real Markdown, in about a second.
      .filter((_, i) => i % 3 === 0);
    expect(files.length).toBeGreaterThan(70);
    const large = new Chunker({ chunkSizeTokens: 256, chunkOverlapTokens: 32 });
    let chunked = 0;
    for (const file of files) {
      const chunks = await large.split(file.text, { format: 'markdown' });
      const sections = splitMarkdownSections(parseFrontMatter(file.text).body);
      const hasHeadings = sections.some((s) => s.headingPath.length > 0);
      const preamble = sections[0].headingPath.length === 0 ? sections[0].text.trim() : '';
      for (const chunk of chunks) {
        expect(chunk.tokens).toBeLessThanOrEqual(256);
        // Only text before the first heading goes without a context.
        if (hasHeadings && !chunk.context) expect(preamble).toContain(chunk.text);
      }
      if (hasHeadings && preamble === '')
        expect(chunks.every((c) => (c.context ?? '').length > 0)).toBe(true);
      expectWithinSections(file.text, chunks, 256);
      chunked += chunks.length;
    }
    expect(chunked).toBeGreaterThan(files.length);
  });
});

function isFile(value: unknown): value is { path: string; text: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'path' in value &&
    typeof value.path === 'string' &&
    'text' in value &&
    typeof value.text === 'string'
  );
}
