/**
 * Which paths of a repository a source indexes: include/exclude globs (picomatch, POSIX paths).
 * Globs are validated up front so a bad one is a clear 400, not a sync that silently matches nothing.
 */
import picomatch from 'picomatch/posix';
import { InvalidFileFilterError } from './git.errors';
import { hasControlCharacter } from './control-characters';

/** What a source indexes when it names no globs: Markdown, MDX and plain text. */
export const DEFAULT_INCLUDE: readonly string[] = ['**/*.md', '**/*.mdx', '**/*.txt'];
export const MAX_GLOBS = 100;
export const MAX_GLOB_LENGTH = 512;

export interface FileFilterOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * A predicate over repository paths (`docs/intro.md`, no leading `/`): true when a path matches an
 * include glob and no exclude glob. `**` spans any number of folders, none included, so `**\/*.md`
 * matches a top-level `README.md`. Dot folders and files (`.github/`) match only globs that name
 * them. Throws `InvalidFileFilterError` for a glob list that is empty, too long, or malformed.
 */
export function createFileFilter(options: FileFilterOptions = {}): (path: string) => boolean {
  const include = options.include ?? DEFAULT_INCLUDE;
  const exclude = options.exclude ?? [];
  validateGlobs(include, 'include');
  validateGlobs(exclude, 'exclude');
  const included = picomatch([...include]);
  const excluded = exclude.length > 0 ? picomatch([...exclude]) : () => false;
  return (path) => included(path) && !excluded(path);
}

/** Throws `InvalidFileFilterError` unless every glob is one picomatch compiles and is sane. */
export function validateGlobs(globs: readonly string[], field: 'include' | 'exclude'): void {
  if (field === 'include' && globs.length === 0) {
    throw new InvalidFileFilterError('include needs at least one glob', field);
  }
  if (globs.length > MAX_GLOBS) {
    throw new InvalidFileFilterError(`${field} has more than ${MAX_GLOBS} globs`, field);
  }
  globs.forEach((glob, index) => {
    const problem = globProblem(glob);
    if (problem) throw new InvalidFileFilterError(`${field}[${index}] ${problem}`, field);
  });
}

function globProblem(glob: string): string | undefined {
  if (typeof glob !== 'string' || glob.trim().length === 0) return 'is empty';
  if (glob.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  if (hasControlCharacter(glob)) return 'contains control characters';
  // Repository paths are relative: a leading "/" or "./" would never match anything.
  if (glob.startsWith('/') || glob.startsWith('./'))
    return 'must be relative to the repository root';
  if (glob.split('/').includes('..')) return 'must not contain ".."';
  try {
    // strictBrackets makes unbalanced [ ] { } ( ) an error instead of a literal character.
    picomatch.makeRe(glob, { strictBrackets: true });
  } catch (error) {
    return `is not a valid glob (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}
