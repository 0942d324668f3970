import { setTimeout as sleep } from 'node:timers/promises';
import type { BeirDocument } from './beir-dataset';
import type { RaglineClient } from './ragline-client';

export interface IngestResult {
  documents: number;
  indexed: number;
  failed: number;
  /** Chunks (passages) in the library once indexed: what the embedder embedded. */
  chunks: number;
  /** From the first PUT to the last document indexed. */
  seconds: number;
  /** Time the PUTs alone took (the API only queues). */
  putSeconds: number;
  passagesPerSecond: number;
}

/**
 * Sends every document through the public API (title and text together, as the published
 * anchors index them, plus the `title` field), with at most `concurrency` PUTs in flight, then
 * polls the listing until every document is indexed or failed.
 */
export async function ingestCorpus(
  client: RaglineClient,
  corpus: readonly BeirDocument[],
  options: { concurrency: number; pollMs?: number; timeoutMs?: number },
): Promise<IngestResult> {
  const started = performance.now();
  let next = 0;
  const putOne = async (): Promise<void> => {
    while (next < corpus.length) {
      const document = corpus[next++];
      const text = document.title ? `${document.title}\n\n${document.text}` : document.text;
      await client.putDocument(document.id, {
        text,
        ...(document.title ? { title: document.title } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, putOne));
  const putSeconds = (performance.now() - started) / 1000;

  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let lastLog = 0;
  for (;;) {
    const [indexed, failed] = await Promise.all([
      client.listAll('indexed'),
      client.listAll('failed'),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const chunks = indexed.reduce((sum, document) => sum + document.chunks, 0);
    const done = indexed.length + failed.length >= corpus.length;
    if (done || seconds - lastLog >= 15) {
      lastLog = seconds;
      console.log(
        `  indexed ${indexed.length}/${corpus.length} documents (${chunks} chunks, ` +
          `${(chunks / seconds).toFixed(1)}/s), failed ${failed.length}, ${seconds.toFixed(0)} s`,
      );
      if (failed.length > 0) {
        console.warn(`  first failure: ${failed[0].id}: ${failed[0].error ?? '?'}`);
      }
    }
    if (done) {
      return {
        documents: corpus.length,
        indexed: indexed.length,
        failed: failed.length,
        chunks,
        seconds,
        putSeconds,
        passagesPerSecond: chunks / seconds,
      };
    }
    if (Date.now() > deadline) throw new Error('documents were still not indexed at the deadline');
    // Polling is cheap (a few listing pages); every few seconds keeps the ingest time accurate.
    await sleep(options.pollMs ?? 3000);
  }
}
