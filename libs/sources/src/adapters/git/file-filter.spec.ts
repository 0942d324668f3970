import { createFileFilter, MAX_GLOB_LENGTH, MAX_GLOBS } from './file-filter';
import { InvalidFileFilterError } from './git.errors';

describe('createFileFilter', () => {
  it('takes Markdown, MDX and text at any depth by default, top level included', () => {
    const accept = createFileFilter();
    expect(
      ['README.md', 'docs/guide.mdx', 'a/b/c/notes.txt', 'docs/with space/ü.md'].map(accept),
    ).toEqual([true, true, true, true]);
    expect(['src/index.ts', 'image.png', 'README', 'docs/md'].map(accept)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('leaves dot folders out unless a glob names them', () => {
    expect(createFileFilter()('.github/CONTRIBUTING.md')).toBe(false);
    expect(createFileFilter({ include: ['.github/**/*.md'] })('.github/CONTRIBUTING.md')).toBe(
      true,
    );
  });

  it('applies exclude after include', () => {
    const accept = createFileFilter({
      include: ['docs/**/*.{md,mdx}', 'CHANGELOG.md'],
      exclude: ['docs/drafts/**', '**/_*.md'],
    });
    expect(accept('docs/guide/intro.md')).toBe(true);
    expect(accept('docs/a.mdx')).toBe(true);
    expect(accept('CHANGELOG.md')).toBe(true);
    expect(accept('docs/drafts/wip.md')).toBe(false);
    expect(accept('docs/guide/_partial.md')).toBe(false);
    expect(accept('README.md')).toBe(false);
  });

  it.each([
    [{ include: [] }, 'include needs at least one glob'],
    [{ include: [''] }, 'include[0] is empty'],
    [{ include: ['docs/[abc'] }, 'include[0] is not a valid glob'],
    [{ exclude: ['**/*.md', '{a,b'] }, 'exclude[1] is not a valid glob'],
    [{ include: ['/abs/*.md'] }, 'must be relative to the repository root'],
    [{ include: ['../up/*.md'] }, 'must not contain ".."'],
    [{ include: ['a\nb'] }, 'contains control characters'],
    [{ include: ['x'.repeat(MAX_GLOB_LENGTH + 1)] }, `longer than ${MAX_GLOB_LENGTH}`],
    [{ exclude: Array.from({ length: MAX_GLOBS + 1 }, (_, i) => `${i}.md`) }, 'more than 100'],
  ])('rejects %j', (options, message) => {
    const build = () => createFileFilter(options);
    expect(build).toThrow(InvalidFileFilterError);
    expect(build).toThrow(message);
  });

  it('names the faulty field', () => {
    try {
      createFileFilter({ exclude: ['('] });
      throw new Error('no error');
    } catch (error) {
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'exclude' });
    }
  });
});
