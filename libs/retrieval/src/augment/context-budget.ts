import { countTokens } from '@ragline/chunking';
import { BLOCK_SEPARATOR, renderBlock, type BlockSource } from './context-blocks';
import type { ContextStyle } from './prompt-templates';
import { leadingSentencesThatFit } from './sentences';

export interface BudgetedBlock<T> {
  item: T;
  n: number;
  /** The text shown: whole, or cut at a sentence boundary when the block alone was over budget. */
  text: string;
  truncated: boolean;
  rendered: string;
}

export interface BudgetResult<T> {
  blocks: Array<BudgetedBlock<T>>;
  /** `{{context}}` as inserted into the template. */
  context: string;
  /** cl100k_base tokens of `context`. */
  contextTokens: number;
}

/**
 * Fills a budget of cl100k_base tokens best first. A block that does not fit the remaining
 * budget is skipped (a later, shorter one may fit), except a block bigger than the whole budget
 * on its own, which is cut after its last whole sentence that fits (or skipped if none does).
 * Numbers are given in the order blocks are taken, so [1] is the best source shown.
 */
export function fillContextBudget<T extends Omit<BlockSource, 'n'>>(
  items: T[],
  maxTokens: number,
  style: ContextStyle,
): BudgetResult<T> {
  const blocks: Array<BudgetedBlock<T>> = [];
  let used = 0;
  for (const item of items) {
    const n = blocks.length + 1;
    const separator = blocks.length === 0 ? 0 : countTokens(BLOCK_SEPARATOR);
    const remaining = maxTokens - used - separator;
    if (remaining <= 0) break;
    const render = (text: string) => renderBlock({ ...item, n, text }, style);
    const whole = render(item.text);
    const tokens = countTokens(whole);
    if (tokens <= remaining) {
      blocks.push({ item, n, text: item.text, truncated: false, rendered: whole });
      used += separator + tokens;
      continue;
    }
    if (tokens <= maxTokens) continue;
    const text = leadingSentencesThatFit(
      item.text,
      (candidate) => countTokens(render(candidate)) <= remaining,
    );
    if (text === '') continue;
    const rendered = render(text);
    blocks.push({ item, n, text, truncated: true, rendered });
    used += separator + countTokens(rendered);
  }
  // BPE counts are not exactly additive across a join: measure the whole, and drop from the end
  // in the rare case the joined text came out a token or two over.
  let context = blocks.map((block) => block.rendered).join(BLOCK_SEPARATOR);
  let contextTokens = countTokens(context);
  while (contextTokens > maxTokens && blocks.length > 0) {
    blocks.pop();
    context = blocks.map((block) => block.rendered).join(BLOCK_SEPARATOR);
    contextTokens = countTokens(context);
  }
  return { blocks, context, contextTokens };
}
