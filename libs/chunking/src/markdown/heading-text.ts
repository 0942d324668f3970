import { capString } from './front-matter-metadata';

/**
 * Characters of a heading that are read: a heading path shows at most a quarter of a chunk, and
 * the inline rules below stay cheap on a paragraph-long setext heading.
 */
const HEADING_MAX_CHARS = 2048;
/** A code span: a run of backticks, content, the same run (CommonMark 6.1). */
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
// NUL marks parked literals: CommonMark replaces NUL in input with U+FFFD, as done below.
// eslint-disable-next-line no-control-regex
const PLACEHOLDER = /\u0000(\d+)\u0000/g;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * A heading's text as a reader sees it, for heading paths: code spans keep their content without
 * backticks, links and images keep their text, emphasis and strikethrough marks, inline HTML
 * tags and a trailing `{#id .class}` attribute block go, escapes and common entities are
 * decoded, and whitespace collapses. Not a full inline parser: enough for headings, which are
 * short and rarely nest markup. Only the first 2,048 characters are read.
 */
export function plainHeadingText(raw: string): string {
  // Code spans and escaped characters are literal: park them where no markup rule can see them.
  const literals: string[] = [];
  const park = (literal: string): string => `\u0000${literals.push(literal) - 1}\u0000`;
  let text = capString(raw, HEADING_MAX_CHARS)
    // eslint-disable-next-line no-control-regex
    .replace(/\u0000/g, '\uFFFD')
    .replace(CODE_SPAN, (_span, _ticks: string, content: string) => park(stripOneSpace(content)))
    .replace(ESCAPE, (_escape, char: string) => park(char));

  text = text
    .replace(/\s*\{[#.][^{}]*\}\s*$/, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    // `[`Step`]` (a shortcut reference to code, as mdBook and rustdoc write it); other brackets
    // may be literal text, and without the document's link definitions that cannot be told.
    // eslint-disable-next-line no-control-regex
    .replace(/\[(\u0000\d+\u0000)\]/g, '$1')
    .replace(/<((?:https?|mailto):[^<>\s]+)>/gi, '$1')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '')
    .replace(/(\*{1,3})(?=\S)([^*]*?\S)\1/g, '$2')
    .replace(/(?<![A-Za-z0-9_])(_{1,3})(?=\S)([^_]*?\S)\1(?![A-Za-z0-9_])/g, '$2')
    .replace(/~~(?=\S)([^~]*?\S)~~/g, '$1')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, decodeEntity);

  return text
    .replace(PLACEHOLDER, (_placeholder, index: string) => literals[Number(index)] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** CommonMark strips one space from each side of a code span that has both. */
function stripOneSpace(content: string): string {
  return /^ [\s\S]* $/.test(content) && content.trim() !== '' ? content.slice(1, -1) : content;
}

function decodeEntity(entity: string, name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith('#')) {
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  }
  return ENTITIES[lower] ?? entity;
}
