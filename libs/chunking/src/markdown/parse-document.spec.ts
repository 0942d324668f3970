import { inferFormat, parseDocument } from './parse-document';

describe('parseDocument', () => {
  it('reads Markdown front matter into metadata and the title, and returns the body', () => {
    const text =
      '---\r\ntitle: From front matter\r\nlast-updated: 2024-01-02\r\n---\r\n# From heading\r\n';
    expect(parseDocument(text, { format: 'markdown' })).toEqual({
      body: '# From heading\n',
      metadata: { title: 'From front matter', last_updated: '2024-01-02T00:00:00.000Z' },
      title: 'From front matter',
      format: 'markdown',
    });
  });

  it('falls back to the first H1, then the first heading, then no title', () => {
    const title = (text: string) => parseDocument(text, { format: 'markdown' }).title;
    expect(title('---\ntags: [a]\n---\n## Overview\n\n# Main\n')).toBe('Main');
    expect(title('Intro.\n\n## Overview `x`\n')).toBe('Overview x');
    expect(title('No heading.')).toBeUndefined();
    expect(title(`# ${'long '.repeat(400)}`)?.length).toBeLessThanOrEqual(1024);
  });

  it('passes the warning on when front matter is not read', () => {
    const parsed = parseDocument('---js\n{ title: "x" }\n---\n# Real title\n', {
      format: 'markdown',
    });
    expect(parsed).toMatchObject({ body: '# Real title\n', metadata: {}, title: 'Real title' });
    expect(parsed.warning).toBe('front matter that is not YAML is not read');
    const malformed = '---\ntitle: [\n---\n# Kept\n';
    expect(parseDocument(malformed, { format: 'markdown' })).toMatchObject({
      body: malformed,
      title: 'Kept',
    });
  });

  it('takes plain text as it is: no front matter, no title', () => {
    const text = '---\ntitle: Not metadata\n---\n# Not a title\r\n';
    expect(parseDocument(text, { format: 'text' })).toEqual({
      body: text,
      metadata: {},
      format: 'text',
    });
  });

  it('reads MDX as Markdown, keeping import/export and JSX lines as text', () => {
    const text =
      "---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\n\n# Tabs\n\n<Tabs>x</Tabs>\n";
    const parsed = parseDocument(text, { format: inferFormat('docs/tabs.mdx') });
    expect(parsed.format).toBe('markdown');
    expect(parsed.body).toContain("import Tabs from '@theme/Tabs';");
    expect(parsed.body).toContain('<Tabs>x</Tabs>');
  });
});

describe('inferFormat', () => {
  it.each([
    ['README.md', 'markdown'],
    ['docs/Guide.MD', 'markdown'],
    ['src:docs/page.mdx', 'markdown'],
    ['notes.Markdown', 'markdown'],
    ['notes.txt', 'text'],
    ['md', 'text'],
    ['archive.md.gz', 'text'],
    ['docs/md/readme', 'text'],
    ['', 'text'],
    [undefined, 'text'],
  ])('%j is %s', (path, format) => {
    expect(inferFormat(path)).toBe(format);
  });
});
