import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExpectedFile } from './library-check';
import { ScratchRepo, type Edits } from './scratch-repo';
import type { SourceApi, SourceView, SyncRunView } from './source-api';
import { gitHubPush, type WebhookSender } from './webhook-sender';

/** The default include globs' extensions (`**\/*.md`, `**\/*.mdx`, `**\/*.txt`). */
export const DEFAULT_INCLUDED = (path: string): boolean => /\.(md|mdx|txt)$/.test(path);

/** A library with one git source on a scratch repository, synced once. */
export interface SourceFixture {
  library: string;
  repo: ScratchRepo;
  source: SourceView;
  secret: string;
  /** The first sync (trigger `created`), finished. */
  initial: SyncRunView;
}

/** `count` Markdown files of distinct, searchable text under `dir`. */
export function markdownFiles(count: number, dir = 'docs', tag = 'alpha'): Edits {
  const files: Edits = {};
  for (let i = 0; i < count; i++) {
    files[`${dir}/page-${String(i).padStart(2, '0')}.md`] = page(`${tag} page ${i}`);
  }
  return files;
}

/** A small Markdown page: a heading and two paragraphs naming `label`. */
export function page(label: string): string {
  return (
    `# ${label}\n\nThis paragraph describes ${label} in enough words to be a chunk of its own.\n\n` +
    `## Details\n\nThe ${label} details section explains what operators need to know about it.\n`
  );
}

/**
 * Creates a library, a repository holding `files` (one commit on `branch`) and a source on it
 * (`body` adds to or overrides the defaults), and waits for the first sync and its indexing.
 */
export async function syncedSource(
  api: SourceApi,
  name: string,
  files: Edits,
  body: Record<string, unknown> = {},
  branch = 'main',
): Promise<SourceFixture> {
  const library = `${name}-${randomBytes(3).toString('hex')}`;
  await api.createLibrary(library);
  const repo = await ScratchRepo.create(branch);
  await repo.commit(files, { message: 'initial docs' });
  const secret = `whsec-${randomBytes(12).toString('hex')}`;
  const source = await api.addSource(library, {
    url: repo.url,
    branch,
    webhookSecret: secret,
    reconcileMinutes: 0,
    ...body,
  });
  if (!source.lastSync) throw new Error('a new source has no sync');
  const initial = await api.waitRun(library, source.id, source.lastSync.id);
  await api.waitIdle(library);
  return { library, repo, source, secret, initial };
}

/** Delivers a signed GitHub push of `before..after` and waits for its sync to finish. */
export async function pushAndSync(
  api: SourceApi,
  hooks: WebhookSender,
  fixture: SourceFixture,
  push: { before: string; after: string; forced?: boolean; ref?: string },
): Promise<SyncRunView> {
  const answer = await hooks.github(fixture.source.id, 'push', gitHubPush(push), {
    secret: fixture.secret,
  });
  if (answer.statusCode !== 202 || answer.body.status !== 'queued') {
    throw new Error(`push answered ${answer.statusCode} ${JSON.stringify(answer.body)}`);
  }
  const run = await api.waitRun(fixture.library, fixture.source.id, String(answer.body.syncId));
  await api.waitIdle(fixture.library);
  return run;
}

/**
 * What the library must hold for the repository's head: every included file of the tree with its
 * text (read from the work tree, which matches the last commit) and the commit that last changed
 * it on the first-parent history.
 */
export async function headExpectation(
  repo: ScratchRepo,
  included: (path: string) => boolean = DEFAULT_INCLUDED,
): Promise<Map<string, ExpectedFile>> {
  const commits = await repo.lastCommits();
  const expected = new Map<string, ExpectedFile>();
  for (const path of (await repo.listFiles()).filter(included)) {
    const text = await readFile(join(repo.dir, path), 'utf8');
    expected.set(path, { text, commit: commits.get(path) ?? '' });
  }
  return expected;
}
