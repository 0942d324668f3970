import type { Expectations } from './expectations';
import type { IsolationClient, NamedKey } from './isolation-client';
import type { Doc } from './isolation-world';

/** What a reader sees of a library, as sorted `documentId|text` lines (order-free comparison). */
export type Seen = string[];

/** The lines a reader should see: every document, or those without an ACL (`public` only). */
export function expectedSeen(docs: Record<string, Doc>, publicOnly = false): Seen {
  return Object.entries(docs)
    .filter(([, doc]) => !publicOnly || doc.acl === undefined)
    .map(([id, doc]) => `${id}|${doc.text}`)
    .sort();
}

/** Reads libraries, documents and passages as one key, asserting each answer's status. */
export class Reader {
  constructor(
    private readonly client: IsolationClient,
    private readonly expectations: Expectations,
  ) {}

  /** POST /v1/libraries/:library/query (unscoped when library is undefined). */
  async query(key: NamedKey, library: string | undefined, principals?: string[]): Promise<Seen> {
    const sent = await this.client.send(key, 'POST', scoped(library, '/query'), {
      query: 'travel policy vacation',
      topK: 50,
      ...(principals ? { principals } : {}),
    });
    const body = this.expectations.ok<{ results: Array<{ documentId: string; text: string }> }>(
      sent,
      200,
    );
    return body.results.map((hit) => `${hit.documentId}|${hit.text}`).sort();
  }

  /** POST /v1/libraries/:library/augment: its numbered contexts. */
  async augment(key: NamedKey, library: string | undefined): Promise<Seen> {
    const sent = await this.client.send(key, 'POST', scoped(library, '/augment'), {
      query: 'travel policy vacation',
      topK: 50,
      maxContextTokens: 100_000,
    });
    const body = this.expectations.ok<{ contexts: Array<{ documentId: string; text: string }> }>(
      sent,
      200,
    );
    return body.contexts.map((context) => `${context.documentId}|${context.text}`).sort();
  }

  /** GET /v1/libraries/:library/documents: `id|title|status` lines. */
  async documents(key: NamedKey, library: string | undefined): Promise<string[]> {
    const sent = await this.client.send(key, 'GET', scoped(library, '/documents'));
    const body = this.expectations.ok<{
      documents: Array<{ id: string; title: string | null; status: string }>;
    }>(sent, 200);
    return body.documents.map((doc) => `${doc.id}|${doc.title}|${doc.status}`).sort();
  }

  /** GET /v1/libraries: the names the key sees, each checked to be of its tenant. */
  async libraries(key: NamedKey): Promise<string[]> {
    const sent = await this.client.send(key, 'GET', '/v1/libraries');
    const body = this.expectations.ok<{ libraries: Array<{ name: string; tenant: string }> }>(
      sent,
      200,
    );
    expect(body.libraries.filter((library) => library.tenant !== key.tenant)).toEqual([]);
    return body.libraries.map((library) => library.name).sort();
  }

  /** GET /v1/libraries/:library with its counts. */
  async library(key: NamedKey, library: string) {
    const sent = await this.client.send(key, 'GET', `/v1/libraries/${library}`);
    return this.expectations.ok<{
      name: string;
      tenant: string;
      status: string;
      documents?: { total: number };
      chunks?: number;
    }>(sent, 200);
  }
}

/** `id|title|indexed` lines of the documents a library should list. */
export function expectedDocuments(docs: Record<string, Doc>): string[] {
  return Object.entries(docs)
    .map(([id, doc]) => `${id}|${doc.title}|indexed`)
    .sort();
}

function scoped(library: string | undefined, rest: string): string {
  return library === undefined ? `/v1${rest}` : `/v1/libraries/${library}${rest}`;
}
