import { plainHeadingText } from './heading-text';

/** A heading and the text under it, up to the next heading of any level. */
export interface MarkdownSection {
  /** Ancestor headings and this one, as plain text; `[]` for the text before the first heading. */
  headingPath: string[];
  /** 1-6 for `#`..`######` (setext: `===` is 1, `---` is 2); 0 for the text before any heading. */
  level: number;
  /** This section's own heading as plain text (absent before the first heading; may be ''). */
  heading?: string;
  /** The lines under the heading, without the heading line(s); blank lines at both ends trimmed. */
  text: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const BLANK = /^[ \t]*$/;
/** List items, block quotes and HTML: their lines go on lazily, and `---` under them is a rule. */
const CONTAINER = /^ {0,3}(?:[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>|<)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** What the previous line leaves open, which decides how the next one reads. */
type Block = 'none' | 'paragraph' | 'other' | 'fence' | 'comment';

/**
 * Splits a Markdown body (front matter already removed, `\n` line ends) into sections at its ATX
 * (`# Title`) and setext (`Title` over `===` or `---`) headings, following CommonMark's block
 * rules where they decide what is a heading: nothing inside fenced code (``` or ~~~, closed by
 * a fence of the same character at least as long, or open to the end), indented code (4 spaces
 * or a tab) or a multi-line HTML comment is one; an ATX heading needs a space after its `#`s and
 * at most 3 spaces before; a setext underline turns the paragraph above it into the heading, and
 * under a list item, quote, HTML line or after a blank line `---` is a thematic break instead.
 *
 * The heading path is a stack: a heading pops every heading of its level or deeper, then pushes
 * itself. An empty heading (`#`) still starts a section but adds nothing to the path.
 */
export function splitMarkdownSections(body: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  let current: { level: number; heading?: string; path: string[]; lines: string[] } = {
    level: 0,
    path: [],
    lines: [],
  };
  let block: Block = 'none';
  let fence = '';
  let paragraphStart = 0;

  const flush = (): void => {
    sections.push({
      headingPath: current.path,
      level: current.level,
      ...(current.heading === undefined ? {} : { heading: current.heading }),
      text: trimBlankLines(current.lines),
    });
  };
  const startSection = (level: number, heading: string): void => {
    flush();
    while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, text: heading });
    const path = stack.map((entry) => entry.text).filter((text) => text !== '');
    current = { level, heading, path, lines: [] };
    block = 'none';
  };

  for (const line of body.split('\n')) {
    if (block === 'fence') {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) block = 'none';
      current.lines.push(line);
      continue;
    }
    if (block === 'comment') {
      if (line.includes('-->')) block = 'none';
      current.lines.push(line);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = open[1];
      block = 'fence';
      current.lines.push(line);
      continue;
    }
    if (BLANK.test(line)) {
      block = 'none';
      current.lines.push(line);
      continue;
    }
    if (indentWidth(line) >= 4) {
      // A paragraph's lazy continuation, or indented code: neither can be a heading.
      current.lines.push(line);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      startSection(atx[1].length, plainHeadingText(stripClosingHashes(atx[2] ?? '')));
      continue;
    }
    const underline = SETEXT.exec(line);
    if (underline && block === 'paragraph') {
      const heading = current.lines.splice(paragraphStart).join(' ');
      startSection(underline[1][0] === '=' ? 1 : 2, plainHeadingText(heading));
      continue;
    }
    if (/^ {0,3}<!--/.test(line) && !line.includes('-->', line.indexOf('<!--') + 4)) {
      block = 'comment';
    } else if (THEMATIC_BREAK.test(line)) {
      block = 'none';
    } else if (CONTAINER.test(line)) {
      block = 'other';
    } else if (block === 'none') {
      block = 'paragraph';
      paragraphStart = current.lines.length;
    }
    current.lines.push(line);
  }
  flush();
  return sections;
}

/**
 * The document's title from its headings: the first H1, else the first heading of any level
 * (empty headings do not count). Front matter's `title`, when there is one, comes before this.
 */
export function markdownTitle(sections: readonly MarkdownSection[]): string | undefined {
  const named = sections.filter((section) => section.heading);
  return (named.find((section) => section.level === 1) ?? named[0])?.heading;
}

/** `Title ##` → `Title`; `Title#` keeps its `#` (the closing run needs a space before it). */
function stripClosingHashes(content: string): string {
  return content.replace(/(?:^|[ \t]+)#+[ \t]*$/, '');
}

/** Leading whitespace in columns, a tab advancing to the next multiple of 4. */
function indentWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 4 - (width % 4);
    else break;
    if (width >= 4) break;
  }
  return width;
}

function trimBlankLines(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && BLANK.test(lines[start])) start += 1;
  while (end > start && BLANK.test(lines[end - 1])) end -= 1;
  return lines.slice(start, end).join('\n');
}
