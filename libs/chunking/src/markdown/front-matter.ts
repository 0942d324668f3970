import matter from 'gray-matter';
import { capString, flattenFrontMatter, type FrontMatterData } from './front-matter-metadata';

/** Characters of a document title (`LIMITS.titleChars` in libs/events). */
export const TITLE_MAX_CHARS = 1024;

export interface FrontMatter {
  /** The text after the front matter block (all of it when there is none), with `\n` line ends. */
  body: string;
  /** Front matter as flat, schema-valid document metadata; `{}` when there is none. */
  data: FrontMatterData;
  /** The front matter's `title`, when it is a non-empty string. */
  title?: string;
  /** Why a block that looked like front matter was not read (see parseFrontMatter). */
  warning?: string;
}

/** An opening `---` line: exactly three dashes, then an optional language (`---yaml`, `---js`). */
const OPENING = /^---(?!-)([^\n]*)(?:\n|$)/;
const CLOSING_LINE = /^---[ \t]*$/;

function refuse(): never {
  throw new Error('only YAML front matter is read');
}

/**
 * Every engine but YAML is replaced: gray-matter's own `javascript` engine `eval`s the block.
 * parseFrontMatter refuses other languages before gray-matter runs; this is the second lock.
 */
const ENGINES = {
  javascript: refuse,
  js: refuse,
  coffee: refuse,
  coffeescript: refuse,
  cson: refuse,
  json: refuse,
  toml: refuse,
};

/**
 * Splits YAML front matter off a document. gray-matter (js-yaml `safeLoad`: no `!!js/*` types)
 * parses the block, always with options, because called without any it keeps every text it has
 * seen in a module-level cache for ever.
 *
 * Nothing here throws on document content. What is not read gives no data and a `warning`:
 * - a block in another language (`---js`, `---javascript`, `---coffee`, `---json`, `---toml`,
 *   ...) is never evaluated or parsed, and is left out of `body`: it is unambiguously front
 *   matter (metadata for a site generator, not text for a reader), and code embedded as prose
 *   would only add noise to retrieval;
 * - YAML that does not parse, or parses to something other than a mapping, stays in `body` as
 *   text: such a block may not be front matter at all (a Markdown file can open with a `---`
 *   rule);
 * - so does an opening `---` with no closing `---` line (gray-matter would take the whole file).
 */
export function parseFrontMatter(text: string): FrontMatter {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const open = OPENING.exec(source);
  if (!open) return { body: source, data: {} };
  const close = source.indexOf('\n---', 3 + open[1].length);
  const lineEnd = close < 0 ? -1 : source.indexOf('\n', close + 1);
  const closingLine = close < 0 ? '' : source.slice(close + 1, lineEnd < 0 ? undefined : lineEnd);
  if (!CLOSING_LINE.test(closingLine))
    return notRead(source, 'front matter has no closing --- line');
  const language = open[1].trim().toLowerCase();
  if (language !== '' && language !== 'yaml' && language !== 'yml')
    return notRead(
      lineEnd < 0 ? '' : source.slice(lineEnd + 1),
      'front matter that is not YAML is not read',
    );

  let file: matter.GrayMatterFile<string>;
  try {
    file = matter(source, { language: 'yaml', excerpt: false, engines: ENGINES });
  } catch (error) {
    return notRead(source, `front matter is not valid YAML${yamlPosition(error)}`);
  }
  const data: unknown = file.data;
  if (!isPlainObject(data)) return notRead(source, 'front matter is not a YAML mapping');
  const title = typeof data.title === 'string' ? data.title.trim() : '';
  return {
    body: file.content,
    data: flattenFrontMatter(data),
    ...(title ? { title: capString(title, TITLE_MAX_CHARS) } : {}),
  };
}

function notRead(body: string, warning: string): FrontMatter {
  return { body, data: {}, warning };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** " (line 3, column 1)" from a js-yaml error: where, without quoting the document's text. */
function yamlPosition(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('mark' in error)) return '';
  const mark: unknown = error.mark;
  if (typeof mark !== 'object' || mark === null || !('line' in mark) || !('column' in mark))
    return '';
  const { line, column } = mark;
  if (typeof line !== 'number' || typeof column !== 'number') return '';
  // The mark counts from the block's first line; the document's line 1 is the opening ---.
  return ` (line ${line + 1}, column ${column + 1})`;
}
