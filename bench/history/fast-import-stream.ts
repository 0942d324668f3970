import type { HistoryCommit, HistoryFile } from './docs-history';

const IDENTITY = 'bench <bench@example.com>';

/** `<epoch seconds> <+hhmm>` (git's raw date format) from an ISO 8601 time with an offset. */
export function rawGitDate(iso: string): string {
  const epoch = Date.parse(iso);
  if (Number.isNaN(epoch)) throw new Error(`not an ISO 8601 time: ${iso}`);
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  const zone = offset ? `${offset[1]}${offset[2]}${offset[3]}` : '+0000';
  return `${Math.floor(epoch / 1000)} ${zone}`;
}

/** A path in fast-import's C-style quotes (always quoted: any character is then safe). */
function quotePath(path: string): string {
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function data(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  return [Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n')];
}

/**
 * The `git fast-import` input that writes the history on `refs/heads/history`: a first commit
 * holding the base tree, then one commit per history commit whose changes are applied in order
 * (delete → `D`, rename → `D from` + `M path`, add/modify → `M path`). Commit times are the
 * history's (the base commit takes the first commit's); messages are its first lines.
 */
export function fastImportStream(
  base: readonly HistoryFile[],
  commits: readonly HistoryCommit[],
): Buffer {
  const parts: Buffer[] = [];
  const commit = (message: string, time: string) =>
    parts.push(
      Buffer.from(`commit refs/heads/history\ncommitter ${IDENTITY} ${rawGitDate(time)}\n`),
      ...data(message || 'change'),
    );
  const write = (path: string, text: string) =>
    parts.push(Buffer.from(`M 100644 inline ${quotePath(path)}\n`), ...data(text));
  const remove = (path: string) => parts.push(Buffer.from(`D ${quotePath(path)}\n`));

  commit('base tree', commits[0]?.time ?? '1970-01-01T00:00:00Z');
  for (const file of base) write(file.path, file.text);
  for (const next of commits) {
    commit(next.message, next.time);
    for (const change of next.changes) {
      if (change.op === 'delete') remove(change.path);
      else if (change.op === 'rename') remove(change.from);
      if (change.op !== 'delete') write(change.path, change.text);
    }
  }
  parts.push(Buffer.from('done\n'));
  return Buffer.concat(parts);
}
