/** Reads many blobs through one `git cat-file --batch` process: one spawn for hundreds of files. */
import { GitCommandError } from './git.errors';
import { runGit } from './git-cli';
import { assertObjectId, type GitRepo, repoOptions } from './git-repo';

/** Default ceiling on the bytes one call may return; callers batch large trees below it. */
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The contents of `blobShas` (duplicates read once), keyed by id. Throws `GitCommandError` when one
 * is missing from the mirror or is not a blob: a sync must not index a hole as an empty file.
 */
export async function readBlobs(
  repo: GitRepo,
  blobShas: readonly string[],
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(blobShas.map((sha) => sha.toLowerCase()))];
  wanted.forEach((sha) => assertObjectId(sha, 'blobShas'));
  if (wanted.length === 0) return new Map();
  const output = await runGit(
    ['cat-file', '--batch'],
    // Headers and newlines on top of the contents: a little headroom over maxBytes.
    repoOptions(repo, {
      input: `${wanted.join('\n')}\n`,
      maxBuffer: maxBytes + wanted.length * 100,
    }),
  );
  return parseBatch(output, wanted.length);
}

/** Parses `<id> <type> <size>\n<contents>\n` records (or `<id> missing\n`). */
export function parseBatch(output: Buffer, expected: number): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let offset = 0;
  for (let record = 0; record < expected; record += 1) {
    const newline = output.indexOf(0x0a, offset);
    if (newline === -1) throw batchError('git cat-file --batch output ended early');
    const header = output.toString('utf8', offset, newline);
    const [id, type, size] = header.split(' ');
    if (type !== 'blob' || size === undefined) {
      throw batchError(
        `object ${id} is ${type === 'missing' ? 'missing from the mirror' : `a ${type}`}`,
      );
    }
    const start = newline + 1;
    const end = start + Number(size);
    if (end > output.length) throw batchError('git cat-file --batch output ended early');
    blobs.set(id, output.subarray(start, end));
    offset = end + 1;
  }
  return blobs;
}

function batchError(message: string): GitCommandError {
  return new GitCommandError(`git cat-file failed: ${message}`, {
    command: 'git cat-file',
    kind: 'other',
  });
}
