import { markdownTitle, splitMarkdownSections, type MarkdownSection } from './markdown-sections';

const paths = (body: string): string[] =>
  splitMarkdownSections(body).map((section) => section.headingPath.join(' > '));
const headings = (body: string): Array<[number, string | undefined]> =>
  splitMarkdownSections(body)
    .filter((section) => section.level > 0)
    .map((section) => [section.level, section.heading]);

describe('splitMarkdownSections', () => {
  it('gives nested headings their path, and pops back on a shallower heading', () => {
    const body = [
      'Preface text.',
      '# Guide',
      'About the guide.',
      '## Tracing',
      'How tracing works.',
      '### Filters',
      'Filter syntax.',
      '#### Targets',
      'Per target.',
      '## Logging',
      'Logs.',
      '#### Deep',
      'Skipped a level.',
      '# Appendix',
      'End.',
    ].join('\n\n');
    const sections = splitMarkdownSections(body);
    expect(sections.map((s) => [s.headingPath.join(' > '), s.level, s.text])).toEqual([
      ['', 0, 'Preface text.'],
      ['Guide', 1, 'About the guide.'],
      ['Guide > Tracing', 2, 'How tracing works.'],
      ['Guide > Tracing > Filters', 3, 'Filter syntax.'],
      ['Guide > Tracing > Filters > Targets', 4, 'Per target.'],
      ['Guide > Logging', 2, 'Logs.'],
      ['Guide > Logging > Deep', 4, 'Skipped a level.'],
      ['Appendix', 1, 'End.'],
    ]);
    expect(sections[0].heading).toBeUndefined();
  });

  it('reads ATX headings as CommonMark does', () => {
    const body = [
      '# Closing hashes ##',
      '## Hash without space#',
      '###   Padded   ',
      '   #### Three spaces in',
      '    # four spaces in: indented code',
      '#NoSpace',
      '####### seven',
      '##### Escaped \\#',
      '###### Six\t#\t',
    ].join('\n\n');
    expect(headings(body)).toEqual([
      [1, 'Closing hashes'],
      [2, 'Hash without space#'],
      [3, 'Padded'],
      [4, 'Three spaces in'],
      [5, 'Escaped #'],
      [6, 'Six'],
    ]);
  });

  it('ignores # lines inside ``` and ~~~ fences, indented code and HTML comments', () => {
    const body = [
      '# Real',
      '```sh',
      '# a shell comment',
      '~~~',
      '# still code: a ~~~ line does not close a ``` fence',
      '```',
      '~~~~ text',
      '# code',
      '~~~',
      '# code: the closing fence must be at least as long',
      '~~~~~',
      '``` `not a fence` (backticks in the info string)',
      '## Second',
      '',
      '    # indented code',
      '\t# tab-indented code',
      '',
      '<!--',
      '## commented out',
      '-->',
      '<!-- one line --> text',
      '### Third',
      '````markdown',
      '# unclosed fence runs to the end',
    ].join('\n');
    expect(headings(body)).toEqual([
      [1, 'Real'],
      [2, 'Second'],
      [3, 'Third'],
    ]);
    expect(splitMarkdownSections(body)[1].text).toContain('# a shell comment');
  });

  it('reads setext headings, and tells a --- underline from a thematic break', () => {
    const body = [
      'Title',
      '=====',
      '',
      'Intro.',
      '',
      'Two line',
      'heading',
      '---',
      'Under it.',
      '',
      '---',
      'after a rule: text',
      '',
      '- a list item',
      '---',
      '> a quote',
      '---',
      '    indented code',
      '---',
      'Short underline',
      '  -',
      'Body.',
    ].join('\n');
    const sections = splitMarkdownSections(body);
    expect(sections.map((s) => [s.level, s.heading])).toEqual([
      [0, undefined],
      [1, 'Title'],
      [2, 'Two line heading'],
      [2, 'Short underline'],
    ]);
    expect(sections[1].text).toBe('Intro.');
    expect(sections[2].text).toContain('after a rule: text');
    expect(sections[2].text).toContain('- a list item\n---');
    expect(sections[3].text).toBe('Body.');
  });

  it('does not take --- or === inside fences for underlines', () => {
    const body = '# Top\n\n```rust\nVec<String>\n---\nObligations\n===\n```\n';
    expect(headings(body)).toEqual([[1, 'Top']]);
  });

  it('gives text before the first heading the path [], and keeps empty sections', () => {
    const sections = splitMarkdownSections('Lead.\n\n# A\n## B\n\nText.');
    expect(sections.map((s) => [s.headingPath, s.text])).toEqual([
      [[], 'Lead.'],
      [['A'], ''],
      [['A', 'B'], 'Text.'],
    ]);
    expect(splitMarkdownSections('')).toEqual([{ headingPath: [], level: 0, text: '' }]);
  });

  it('lets an empty heading cut a section without adding to the path', () => {
    const sections = splitMarkdownSections('# A\n\none\n\n##\n\ntwo\n\n## B\n\nthree');
    expect(sections.map((s) => s.headingPath)).toEqual([[], ['A'], ['A'], ['A', 'B']]);
    expect(sections.map((s) => [s.level, s.heading])).toEqual([
      [0, undefined],
      [1, 'A'],
      [2, ''],
      [2, 'B'],
    ]);
    expect(sections.map((s) => s.text)).toEqual(['', 'one', 'two', 'three']);
  });

  it('keeps heading text plain: no backticks, emphasis or link syntax', () => {
    expect(
      paths('# Building `rustc`\n## Papers *about* **Rust**\n### See [the docs](https://x.y)'),
    ).toEqual([
      '',
      'Building rustc',
      'Building rustc > Papers about Rust',
      'Building rustc > Papers about Rust > See the docs',
    ]);
  });

  it('reads every line of a large body once (1 MB in well under a second)', () => {
    const part = '## Part\n\nSome text with `code`.\n\n```\n# not a heading\n```\n\n';
    const body = `# Big\n\n${part.repeat(Math.ceil(1_000_000 / part.length))}`;
    const sections: MarkdownSection[] = splitMarkdownSections(body);
    expect(sections.length).toBe(Math.ceil(1_000_000 / part.length) + 2);
    expect(sections.every((s) => !s.text.includes('## Part'))).toBe(true);
  });
});

describe('markdownTitle', () => {
  const title = (body: string): string | undefined => markdownTitle(splitMarkdownSections(body));

  it('takes the first H1, else the first heading of any level', () => {
    expect(title('## Overview\n\n# The Title\n\n# Second H1')).toBe('The Title');
    expect(title('Intro\n\n### Deep first\n\n## Then')).toBe('Deep first');
    expect(title('Setext\n===\n\n# Later')).toBe('Setext');
    expect(title('#\n\n## Named')).toBe('Named');
    expect(title('No headings at all.')).toBeUndefined();
    expect(title('```\n# in code\n```')).toBeUndefined();
  });
});
