import type { ContextStyle } from './prompt-templates';

export interface BlockSource {
  n: number;
  title?: string;
  documentId: string;
  /** The heading path the text sits under ("Guide > Tracing"), shown to the model. */
  context?: string;
  text: string;
}

/** Separator between blocks in `{{context}}`. */
export const BLOCK_SEPARATOR = '\n\n';

/**
 * Anything in document text that could open or close a fence (`<context`, `</context`, with
 * stray spaces or any case) gets its `<` escaped, so a document cannot end its block early and
 * speak outside it.
 */
export function escapeFences(text: string): string {
  return text.replace(/<(\s*\/?\s*context)/gi, '&lt;$1');
}

function attribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/\n/g, ' ');
}

/** One context block as the prompt shows it. */
export function renderBlock(block: BlockSource, style: ContextStyle): string {
  if (style === 'plain') return block.text;
  const title = block.title ? ` title="${attribute(block.title)}"` : '';
  const section = block.context ? ` section="${attribute(block.context)}"` : '';
  return `<context n="${block.n}"${title}${section} document="${attribute(block.documentId)}">\n${escapeFences(block.text)}\n</context>`;
}
