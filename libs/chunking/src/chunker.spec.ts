import { Chunker, embeddingText, hashText } from './chunker';
import { countTokens, forgetTokenCounts } from './token-counter';

const paragraph = (n: number): string =>
  `Paragraph ${n} explains how the worker keeps document ${n} in sync with its source, ` +
  `re-embedding only what changed and deleting chunks that no longer exist. `.repeat(3);

const document = (paragraphs: number[]): string =>
  `# Handbook\n\n${paragraphs.map((n) => paragraph(n)).join('\n\n')}\n`;

describe('countTokens (cl100k_base)', () => {
  it('counts like OpenAI’s tokenizer', () => {
    // Reference counts from OpenAI's cl100k_base (tiktoken).
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('tiktoken is great!')).toBe(6);
    expect(countTokens('')).toBe(0);
  });

  it('returns the same count from memory as when computed afresh', () => {
    const text = document([1, 2, 3]);
    const first = countTokens(text.slice(0, 500));
    expect(countTokens(text.slice(0, 500))).toBe(first);
    forgetTokenCounts();
    expect(countTokens(text.slice(0, 500))).toBe(first);
  });
});

describe('Chunker', () => {
  const chunker = new Chunker({ chunkSizeTokens: 64, chunkOverlapTokens: 8 });

  it('keeps every chunk within the token limit and covers the text', async () => {
    const text = document([1, 2, 3, 4, 5, 6]);
    const chunks = await chunker.split(text);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(64);
      expect(chunk.tokens).toBe(countTokens(chunk.text));
    }
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    for (const n of [1, 6])
      expect(chunks.some((c) => c.text.includes(`Paragraph ${n} `))).toBe(true);
  });

  it('is deterministic, and line endings do not change the chunks', async () => {
    const text = document([1, 2, 3, 4]);
    const a = await chunker.split(text);
    forgetTokenCounts();
    const b = await chunker.split(text.replace(/\n/g, '\r\n'));
    expect(b.map((c) => c.contentHash)).toEqual(a.map((c) => c.contentHash));
  });

  it('changes only the chunks around an edited paragraph', async () => {
    const before = await chunker.split(document([1, 2, 3, 4, 5, 6, 7, 8]));
    const after = await chunker.split(document([1, 2, 3, 4, 9, 6, 7, 8]));
    const old = new Set(before.map((c) => c.contentHash));
    const changed = after.filter((c) => !old.has(c.contentHash));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(after.length / 2);
    expect(changed.every((c) => c.text.includes('Paragraph 9') || c.text.length < 120)).toBe(true);
  });
});

describe('Chunker formats', () => {
  const chunker = new Chunker({ chunkSizeTokens: 64, chunkOverlapTokens: 8 });
  const text = `---\ntitle: x\n---\n${document([1, 2, 3])}## Section\n\n${paragraph(4)}\n`;

  it('splits plain text by default, as format text: no front matter handling, no context', async () => {
    const chunks = await chunker.split(text);
    expect(await chunker.split(text, { format: 'text' })).toEqual(chunks);
    expect(chunks[0].text.startsWith('---\ntitle: x')).toBe(true);
    expect(chunks.every((c) => !('context' in c) && c.contentHash === hashText(c.text))).toBe(true);
  });

  it('splits Markdown per section, with the heading path as context', async () => {
    const chunks = await chunker.split(text, { format: 'markdown' });
    expect(chunks.some((c) => c.text.includes('title: x'))).toBe(false);
    expect([...new Set(chunks.map((c) => c.context))]).toEqual(['Handbook', 'Handbook > Section']);
  });

  it('embeds the context, a blank line and the text; the text alone without a context', () => {
    expect(embeddingText({ text: 'Body.', context: 'Guide > Tracing' })).toBe(
      'Guide > Tracing\n\nBody.',
    );
    expect(embeddingText({ text: 'Body.' })).toBe('Body.');
  });
});
