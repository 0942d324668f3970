import { capString, type FrontMatterData } from './front-matter-metadata';
import { parseFrontMatter, TITLE_MAX_CHARS } from './front-matter';
import { markdownTitle, splitMarkdownSections } from './markdown-sections';

import type { DocumentFormat } from '@ragline/events';

export type { DocumentFormat };

export interface ParseDocumentOptions {
  format: DocumentFormat;
}

export interface ParsedDocument {
  /** The text to chunk: without front matter for Markdown, the text unchanged for plain text. */
  body: string;
  /** Front matter as flat document metadata (schema-valid on its own); `{}` for plain text. */
  metadata: FrontMatterData;
  /** Front matter `title`, else the first H1, else the first heading; none for plain text. */
  title?: string;
  format: DocumentFormat;
  /** Why front matter was not read (see parseFrontMatter for what then stays in `body`). */
  warning?: string;
}

const MARKDOWN_EXTENSION = /\.(?:md|mdx|markdown)$/i;

/**
 * Reads a document's metadata and title. Plain text is taken as it is: a `.txt` file that starts
 * with `---` is not front matter. Markdown's body keeps `\n` line ends only.
 */
export function parseDocument(text: string, options: ParseDocumentOptions): ParsedDocument {
  if (options.format === 'text') return { body: text, metadata: {}, format: 'text' };
  const frontMatter = parseFrontMatter(text);
  const fromHeadings = frontMatter.title
    ? undefined
    : markdownTitle(splitMarkdownSections(frontMatter.body));
  const title = frontMatter.title ?? (fromHeadings && capString(fromHeadings, TITLE_MAX_CHARS));
  return {
    body: frontMatter.body,
    metadata: frontMatter.data,
    ...(title ? { title } : {}),
    format: 'markdown',
    ...(frontMatter.warning ? { warning: frontMatter.warning } : {}),
  };
}

/**
 * The format for a path or a document id (`<sourceId>:<path>`): Markdown for `.md`, `.mdx` and
 * `.markdown` in any case, else plain text. MDX is read as Markdown: its `import`/`export` lines
 * and JSX stay in the text, because nothing in the format says a file was MDX, and a line rule
 * guessing at ESM would also drop such lines from `.md` prose.
 */
export function inferFormat(pathOrId?: string): DocumentFormat {
  return pathOrId !== undefined && MARKDOWN_EXTENSION.test(pathOrId) ? 'markdown' : 'text';
}
