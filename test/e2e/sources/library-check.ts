import { createHash } from 'node:crypto';
import { sourceDocumentId } from '@ragline/sources';
import { forEachLimited } from './run-limited';
import type { DocumentView, QueryHit, SourceApi } from './source-api';

/** What a source's file must look like in the library: its text and the commit it cites. */
export interface ExpectedFile {
  text: string;
  commit: string;
}

export interface LibraryCheck {
  /** Final documents checked. */
  documents: number;
  /** Distinctive lines of the final texts looked for in the indexed chunks. */
  lines: number;
  /** Paths that are gone (deleted or renamed away) and were checked to hold nothing. */
  gone: number;
  /** One line per problem: path and what is wrong (never document text). */
  mismatches: string[];
}

/** Lines this long and not headings (the chunker moves headings into the chunk's context). */
const MIN_LINE = 30;
const MAX_LINE = 300;

/**
 * Checks that the library holds exactly `expected` for `sourceId`:
 * - the set: every expected path is an indexed document `<sourceId>:<path>`, and every other
 *   document of the source is a tombstone (status deleted, 0 chunks) of a path in `gone`;
 * - the text: each document's indexed contentHash is the one document-sync computes for exactly
 *   the expected text and citation metadata, and every distinctive line of the expected text is in
 *   its chunks as read back by a query (all of them: a dense query filtered to the document);
 * - no stale chunk: the chunks read back are as many as the registry counts, none of their lines is
 *   foreign to the expected text, gone paths answer no query, and the store holds exactly the
 *   registry's chunk total for the library;
 * - the citation: every chunk's `metadata.commit` (and path, branch) is the expected one.
 */
export async function checkLibrary(
  api: SourceApi,
  library: string,
  sourceId: string,
  expected: ReadonlyMap<string, ExpectedFile>,
  gone: Iterable<string>,
  branch = 'main',
): Promise<LibraryCheck> {
  const mismatches: string[] = [];
  const listed = await api.documents(library, sourceId);
  const wanted = new Map<string, string>();
  for (const path of expected.keys()) wanted.set(documentIdOf(sourceId, path), path);
  const goneIds = new Map<string, string>();
  for (const path of gone) if (!expected.has(path)) goneIds.set(documentIdOf(sourceId, path), path);

  let chunkTotal = 0;
  for (const [id, path] of wanted) {
    const document = listed.get(id);
    if (!document) {
      mismatches.push(`${path}: missing from the library`);
      continue;
    }
    if (document.status !== 'indexed') mismatches.push(`${path}: status ${document.status}`);
    chunkTotal += document.chunks;
  }
  for (const [id, document] of listed) {
    if (wanted.has(id)) continue;
    const path = goneIds.get(id);
    if (path === undefined) mismatches.push(`${id}: a document no file of the head explains`);
    if (document.status !== 'deleted' || document.chunks !== 0) {
      mismatches.push(
        `${path ?? id}: gone from the repository but ${document.status}, ${document.chunks} chunks`,
      );
    }
  }

  const detail = await api.library(library);
  if (detail.chunks !== chunkTotal) {
    mismatches.push(
      `library: the store holds ${detail.chunks} chunks, the documents ${chunkTotal}`,
    );
  }
  if ((detail.documents.indexed ?? 0) !== expected.size) {
    mismatches.push(
      `library: ${detail.documents.indexed} indexed documents, expected ${expected.size}`,
    );
  }

  let lines = 0;
  await forEachLimited([...wanted], 8, async ([id, path]) => {
    const document = listed.get(id);
    if (!document) return;
    const file = expected.get(path) as ExpectedFile;
    const hits = await api.chunksOf(library, id);
    lines += compareChunks(path, file, document, hits, sourceId, branch, mismatches);
  });
  await forEachLimited([...goneIds], 8, async ([id, path]) => {
    const hits = await api.chunksOf(library, id);
    if (hits.length > 0)
      mismatches.push(`${path}: gone, yet ${hits.length} passages answer a query`);
  });
  return { documents: wanted.size, lines, gone: goneIds.size, mismatches };
}

/** The document id a source gives a path (the product's own encoding, see source-document-id.ts). */
export function documentIdOf(sourceId: string, path: string): string {
  const id = sourceDocumentId(sourceId, path);
  if (id === undefined) throw new Error(`no document id for ${path}`);
  return id;
}

/**
 * What document-sync records as contentHash for a source's file (libs/ingestion/src/
 * document-sync.service.ts): sha256 of `[text, title, metadata, acl, format]` as JSON, first 32
 * hex digits. A source sets no title and no ACL; its metadata is source, path, commit, branch (and
 * a web URL, which a `file://` remote has none of), in that order.
 */
export function contentHashOf(
  text: string,
  citation: { source: string; path: string; commit: string; branch: string },
): string {
  const format = /\.(md|mdx|markdown)$/i.test(citation.path) ? 'markdown' : 'text';
  const metadata = {
    source: citation.source,
    path: citation.path,
    commit: citation.commit,
    branch: citation.branch,
  };
  const json = JSON.stringify([text, '', metadata, null, format]);
  return createHash('sha256').update(json).digest('hex').slice(0, 32);
}

/** Returns the number of distinctive lines looked for. */
function compareChunks(
  path: string,
  file: ExpectedFile,
  document: DocumentView,
  hits: QueryHit[],
  sourceId: string,
  branch: string,
  mismatches: string[],
): number {
  const hash = contentHashOf(file.text, { source: sourceId, path, commit: file.commit, branch });
  if (document.contentHash !== hash) {
    // Told apart for the report: the text is right but the citation is not, or the text is wrong.
    const cited = hits.map((hit) => String(hit.metadata.commit));
    const textRight = cited.some(
      (commit) =>
        contentHashOf(file.text, { source: sourceId, path, commit, branch }) ===
        document.contentHash,
    );
    mismatches.push(
      textRight
        ? `${path}: indexed text is right, its citation is not`
        : `${path}: indexed contentHash is not that of the expected text`,
    );
  }
  const chunkCount = hits.reduce((sum, hit) => sum + hit.chunkIds.length, 0);
  if (chunkCount !== document.chunks) {
    mismatches.push(
      `${path}: ${chunkCount} chunks answer a query, the registry counts ${document.chunks}`,
    );
  }
  for (const hit of hits) {
    const { commit, path: cited, branch: citedBranch, source } = hit.metadata;
    if (commit !== file.commit)
      mismatches.push(`${path}: a chunk cites commit ${String(commit)}, expected ${file.commit}`);
    if (cited !== path || citedBranch !== branch || source !== sourceId) {
      mismatches.push(
        `${path}: a chunk cites ${String(source)}:${String(cited)}@${String(citedBranch)}`,
      );
    }
  }
  const indexed = normalise(hits.map((hit) => hit.text).join('\n'));
  const final = normalise(file.text);
  const distinctive = file.text
    .split('\n')
    .map(normalise)
    .filter((line) => line.length >= MIN_LINE && line.length <= MAX_LINE && !/^#{1,6} /.test(line));
  const missing = distinctive.filter((line) => !indexed.includes(line)).length;
  if (missing > 0)
    mismatches.push(`${path}: ${missing} of ${distinctive.length} lines not in its chunks`);
  const foreign = hits
    .flatMap((hit) => hit.text.split('\n'))
    .map(normalise)
    .filter(
      (line) => line.length >= MIN_LINE && !final.includes(line) && !isJoinOf(line, final),
    ).length;
  if (foreign > 0) mismatches.push(`${path}: ${foreign} indexed lines are not in the file's text`);
  return distinctive.length;
}

/**
 * Whether `line` is two pieces of `final` put together: the query joins neighbouring chunks into
 * one passage and, where the right one starts with punctuation (`.`, `!` of an image), without the
 * line break between them (libs/retrieval/src/merge-adjacent-chunks.ts). Not stale text.
 */
function isJoinOf(line: string, final: string): boolean {
  for (let cut = 8; cut <= line.length - 8; cut++) {
    if (final.includes(line.slice(0, cut).trim()) && final.includes(line.slice(cut).trim())) {
      return true;
    }
  }
  return false;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
