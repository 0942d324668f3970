import matter from 'gray-matter';
import { metadataSchema } from '@ragline/events';
import { parseFrontMatter } from './front-matter';
import { flattenFrontMatter, sanitiseKey } from './front-matter-metadata';

/** gray-matter's module-level cache, which its typings do not declare. */
function cache(): { size: number; forget(text: string): void } {
  const entries: unknown = Reflect.get(matter, 'cache');
  if (typeof entries !== 'object' || entries === null) throw new Error('gray-matter has no cache');
  return {
    size: Object.keys(entries).length,
    forget: (text) => Reflect.deleteProperty(entries, text),
  };
}

const pwned = (): unknown => (globalThis as Record<string, unknown>).__raglinePwned;

describe('parseFrontMatter', () => {
  it('returns the text as body and no data when there is no front matter', () => {
    expect(parseFrontMatter('# Guide\n\nText.\n')).toEqual({
      body: '# Guide\n\nText.\n',
      data: {},
    });
    expect(parseFrontMatter('')).toEqual({ body: '', data: {} });
    // A rule that is not three dashes alone does not open front matter.
    expect(parseFrontMatter('----\ntitle: A\n----\nx').data).toEqual({});
  });

  it('reads YAML front matter into data, the title and the body after it', () => {
    const parsed = parseFrontMatter(
      '---\ntitle: Tracing\ndraft: false\nweight: 3\n---\n# Tracing\n',
    );
    expect(parsed).toEqual({
      body: '# Tracing\n',
      data: { title: 'Tracing', draft: false, weight: 3 },
      title: 'Tracing',
    });
    expect(parseFrontMatter('---yaml\ntitle: A\n---\nx')).toMatchObject({ title: 'A', body: 'x' });
    expect(parseFrontMatter('--- yml\ntitle: A\n---\nx')).toMatchObject({ title: 'A', body: 'x' });
  });

  it('reads CRLF and BOM input, returning the body with \\n line ends', () => {
    const parsed = parseFrontMatter('\uFEFF---\r\ntitle: A\r\n---\r\nline 1\r\nline 2\r\n');
    expect(parsed).toEqual({ body: 'line 1\nline 2\n', data: { title: 'A' }, title: 'A' });
  });

  it('accepts an empty block, and comments only', () => {
    expect(parseFrontMatter('---\n---\nbody')).toEqual({ body: 'body', data: {} });
    expect(parseFrontMatter('---\n# a comment\n---\nbody')).toEqual({ body: 'body', data: {} });
  });

  it('keeps malformed YAML as body text with a warning that names the line, not the text', () => {
    const text = '---\ntitle: [unclosed\nsecret: hunter2\n---\n# Body\n';
    const parsed = parseFrontMatter(text);
    expect(parsed.body).toBe(text);
    expect(parsed.data).toEqual({});
    expect(parsed.title).toBeUndefined();
    expect(parsed.warning).toMatch(/^front matter is not valid YAML \(line \d+, column \d+\)$/);
    expect(parsed.warning).not.toContain('hunter2');
    // Lines count from the document's first line, the opening ---.
    expect(parseFrontMatter('---\na: 1\nb: x\n  c: bad\n---\nbody').warning).toBe(
      'front matter is not valid YAML (line 4, column 4)',
    );
  });

  it('refuses YAML tags that build code (js-yaml safe schema)', () => {
    const parsed = parseFrontMatter('---\nf: !!js/function "function () { return 1 }"\n---\nx');
    expect(parsed.data).toEqual({});
    expect(parsed.warning).toMatch(/not valid YAML/);
  });

  it.each([
    ['---js', '{ title: (globalThis.__raglinePwned = true, "js") }'],
    ['---javascript', '(() => { globalThis.__raglinePwned = true; throw new Error("ran"); })()'],
    ['--- js', '{ title: (globalThis.__raglinePwned = true, "js") }'],
    ['---JS', '{ title: (globalThis.__raglinePwned = true, "js") }'],
    ['---coffee', 'title: "coffee"'],
    ['---json', '{ "title": "json" }'],
    ['---toml', 'title = "toml"'],
  ])('never evaluates or parses %s front matter: it is left out', (opening, block) => {
    const parsed = parseFrontMatter(`${opening}\n${block}\n---\n# Heading\n`);
    expect(pwned()).toBeUndefined();
    expect(parsed).toEqual({
      body: '# Heading\n',
      data: {},
      warning: 'front matter that is not YAML is not read',
    });
  });

  it('uses blocks that gray-matter’s defaults would run (so the cases above mean something)', () => {
    const text = '---js\n{ title: (globalThis.__raglinePwned = true, "js") }\n---\nx';
    try {
      expect(matter(text, { excerpt: false }).data).toEqual({ title: 'js' });
      expect(pwned()).toBe(true);
    } finally {
      delete (globalThis as Record<string, unknown>).__raglinePwned;
    }
  });

  it('does not take a whole file for front matter when the block is not closed', () => {
    const text = '---\nSome text after a rule.\n\nMore text.\n';
    expect(parseFrontMatter(text)).toEqual({
      body: text,
      data: {},
      warning: 'front matter has no closing --- line',
    });
    // The first line starting with --- must be the closing one (gray-matter would cut at "----").
    const dashes = '---\na: 1\n----\nbody\n---\n';
    expect(parseFrontMatter(dashes)).toMatchObject({ body: dashes, data: {} });
  });

  it('keeps a block that is YAML but not a mapping (a rule, a list, a string) as body', () => {
    for (const text of ['---\nJust a sentence.\n---\nx', '---\n- a\n- b\n---\nx']) {
      expect(parseFrontMatter(text)).toEqual({
        body: text,
        data: {},
        warning: 'front matter is not a YAML mapping',
      });
    }
  });

  it('takes the title only from a non-empty string', () => {
    expect(parseFrontMatter('---\ntitle: 2024\n---\nx').title).toBeUndefined();
    expect(parseFrontMatter('---\ntitle: "  "\n---\nx').title).toBeUndefined();
    expect(parseFrontMatter('---\ntitle: [a, b]\n---\nx').title).toBeUndefined();
    expect(parseFrontMatter('---\ntitle: "  Spaced  "\n---\nx').title).toBe('Spaced');
    expect(parseFrontMatter(`---\ntitle: ${'t'.repeat(5000)}\n---\nx`).title).toHaveLength(1024);
  });

  it('leaves gray-matter’s content cache as it was (it would keep every document)', () => {
    const probe = '---\ntitle: probe\n---\nprobe body';
    const before = cache().size;
    for (let i = 0; i < 20; i += 1) parseFrontMatter(`---\ntitle: T${i}\n---\nbody ${i}`);
    parseFrontMatter(probe);
    expect(cache().size).toBe(before);
    // Without options gray-matter does cache: the measure above can see a cached text.
    matter(probe);
    expect(cache().size).toBe(before + 1);
    cache().forget(probe);
  });
});

describe('front matter metadata', () => {
  it('flattens values to scalars', () => {
    const parsed = parseFrontMatter(
      [
        '---',
        'title: Guide',
        'count: 3',
        'ratio: 0.5',
        'draft: true',
        'date: 2024-05-01',
        'stamp: 2024-05-01T10:20:30Z',
        'tags: [tracing, logs, 2]',
        'mixed: [a, {b: 1}]',
        'empty: []',
        'nested: {a: 1}',
        'nothing: null',
        'nan: .nan',
        'inf: -.inf',
        'blob: !!binary aGVsbG8=',
        '---',
        'x',
      ].join('\n'),
    );
    expect(parsed.data).toEqual({
      title: 'Guide',
      count: 3,
      ratio: 0.5,
      draft: true,
      date: '2024-05-01T00:00:00.000Z',
      stamp: '2024-05-01T10:20:30.000Z',
      tags: 'tracing, logs, 2',
    });
  });

  it('sanitises keys to the metadata key pattern', () => {
    expect(sanitiseKey('last-updated')).toBe('last_updated');
    expect(sanitiseKey('2fa')).toBe('_2fa');
    expect(sanitiseKey('é t.a')).toBe('__t_a');
    expect(sanitiseKey('')).toBe('_');
    expect(sanitiseKey('k'.repeat(100))).toBe('k'.repeat(64));
    expect(sanitiseKey('9'.repeat(100))).toBe(`_${'9'.repeat(63)}`);
  });

  it('keeps the first of two keys that sanitise alike, and a __proto__ key as data', () => {
    const data = flattenFrontMatter(JSON.parse('{"a-b":1,"a_b":2,"a.b":3,"__proto__":"x"}'));
    expect(data).toEqual(JSON.parse('{"a_b":1,"__proto__":"x"}'));
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('caps a string at 2,048 characters without splitting a surrogate pair', () => {
    const data = flattenFrontMatter({
      a: 'x'.repeat(3000),
      b: `${'x'.repeat(2047)}😀`,
      c: ['y'.repeat(3000)],
    });
    expect(data.a).toHaveLength(2048);
    expect(data.b).toBe('x'.repeat(2047));
    expect(data.c).toHaveLength(2048);
  });

  it('stays within the document metadata schema however large the front matter', () => {
    const yaml = Array.from({ length: 200 }, (_, i) => `${i}-key: ${'v'.repeat(3000)}`).join('\n');
    const parsed = parseFrontMatter(`---\n${yaml}\n---\nx`);
    const keys = Object.keys(parsed.data);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(64);
    expect(metadataSchema.safeParse(parsed.data).success).toBe(true);

    const many = Array.from({ length: 100 }, (_, i) => `k${i}: ${i}`).join('\n');
    const small = parseFrontMatter(`---\n${many}\n---\nx`).data;
    expect(Object.keys(small)).toEqual(Array.from({ length: 64 }, (_, i) => `k${i}`));
    expect(metadataSchema.safeParse(small).success).toBe(true);
  });
});
