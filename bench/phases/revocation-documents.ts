import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import type { RaglineClient } from '../service/ragline-client';
import { mapBounded } from '../support/bounded-pool';
import { REVOCATION_PRINCIPALS, type Revocation } from './revocation-plan';
import { waitForEvents } from './wait-for-events';

/** A document of the revocation phase: its text never changes, only its ACL. */
export interface AclDocument {
  slot: number;
  id: string;
  title: string;
  text: string;
  /** A word only this document holds: the query that finds it whenever the reader may see it. */
  token: string;
  /** Changes sent to it so far (the next one's ordinal). */
  changes: number;
  /** Its newest change, for the check at the end. */
  last?: Revocation;
}

const CLIENTS = 16;

/**
 * `count` documents `bench/acl-<n>` (texts from the corpus plus a marker token) PUT readable by
 * both principals, and applied. Their own ids keep the corpus the other phases verify untouched.
 */
export async function createAclDocuments(
  client: RaglineClient,
  corpus: readonly BenchDocument[],
  count: number,
  deadline: number,
): Promise<AclDocument[]> {
  const run = Date.now().toString(36);
  const documents = Array.from({ length: count }, (_, slot): AclDocument => {
    const source = corpus[slot % corpus.length];
    const token = `acl${run}x${slot}`;
    return {
      slot,
      id: `bench/acl-${slot}`,
      title: source.title,
      text: `${renderDocument(source)}\nAccess marker ${token} for this document.\n`,
      token,
      changes: 0,
    };
  });
  const accepted = await mapBounded(documents, CLIENTS, (document) =>
    client.put(document.id, {
      text: document.text,
      title: document.title,
      acl: { read: [...REVOCATION_PRINCIPALS] },
    }),
  );
  await waitForEvents(
    client,
    accepted.map((a) => a.eventId),
    deadline,
  );
  return documents;
}

/** Whether a query for the document's token, as `principal`, returns the document. */
export async function readableBy(
  client: RaglineClient,
  document: AclDocument,
  principal: string,
  consistency?: { afterEvents: string[]; timeoutMs: number },
): Promise<boolean> {
  const hits = await client.query({
    query: document.token,
    topK: 3,
    filter: { documentId: document.id },
    principals: [principal],
    consistency,
  });
  return hits.some((hit) => hit.documentId === document.id);
}

/**
 * Documents whose final ACL the queries do not reflect: the principal its newest change kept
 * must read it, the one it removed must not (a document never changed must be read by both).
 */
export async function countWrongAcls(
  client: RaglineClient,
  documents: readonly AclDocument[],
): Promise<number> {
  const wrong = await mapBounded(documents, CLIENTS, async (document) => {
    const readers = document.last ? [document.last.kept] : [...REVOCATION_PRINCIPALS];
    const denied = document.last ? [document.last.removed] : [];
    for (const principal of readers) {
      if (!(await readableBy(client, document, principal))) return true;
    }
    for (const principal of denied) {
      if (await readableBy(client, document, principal)) return true;
    }
    return false;
  });
  return wrong.filter(Boolean).length;
}

/** Deletes the phase's documents and waits, so the query test's library is the size it reports. */
export async function deleteAclDocuments(
  client: RaglineClient,
  documents: readonly AclDocument[],
  deadline: number,
): Promise<void> {
  const accepted = await mapBounded(documents, CLIENTS, (document) => client.delete(document.id));
  await waitForEvents(
    client,
    accepted.map((a) => a.eventId),
    deadline,
  );
}
