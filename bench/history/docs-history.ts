import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** rustc-dev-guide's docs history (MIT OR Apache-2.0), see shared/datasets/README.md §2. */
export const DOCS_HISTORY_DIR = '/work/shared/datasets/docs-history/rustc-dev-guide';

const fileSchema = z.object({ path: z.string().min(1), text: z.string() });
const changeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: z.string().min(1), text: z.string() }),
  z.object({ op: z.literal('modify'), path: z.string().min(1), text: z.string() }),
  z.object({ op: z.literal('delete'), path: z.string().min(1) }),
  z.object({
    op: z.literal('rename'),
    path: z.string().min(1),
    from: z.string().min(1),
    text: z.string(),
  }),
]);
const commitSchema = z.object({
  sha: z.string(),
  parent: z.string(),
  time: z.string(),
  message: z.string(),
  changes: z.array(changeSchema),
});

/** One documentation file at some commit. */
export type HistoryFile = z.infer<typeof fileSchema>;
/** One change of a commit; `text` is always the file's full new content. */
export type HistoryChange = z.infer<typeof changeSchema>;
/** One exported commit of the history, oldest first in `commits.jsonl`. */
export type HistoryCommit = z.infer<typeof commitSchema>;

export interface DocsHistory {
  /** Every documentation file at the base commit, by path. */
  base: HistoryFile[];
  commits: HistoryCommit[];
  /** Every documentation file at the last commit (taken from its tree, not replayed). */
  final: HistoryFile[];
}

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Reads base.jsonl, commits.jsonl and final.jsonl (about 15 MB) and checks every line's shape. */
export function loadDocsHistory(dir = DOCS_HISTORY_DIR): DocsHistory {
  return {
    base: readJsonl(join(dir, 'base.jsonl'), fileSchema),
    commits: readJsonl(join(dir, 'commits.jsonl'), commitSchema),
    final: readJsonl(join(dir, 'final.jsonl'), fileSchema),
  };
}
