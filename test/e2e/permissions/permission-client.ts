import { z } from 'zod';
import type { TestApp } from '../../support/test-app';

/** `acl` as a document carries it; undefined: no ACL (everyone who may query). */
export type Acl = { read: string[] } | undefined;

const acceptedSchema = z.object({
  eventId: z.string(),
  status: z.enum(['queued', 'superseded']),
  version: z.number(),
});
export type Accepted = z.infer<typeof acceptedSchema>;

const hitSchema = z.object({
  documentId: z.string(),
  text: z.string(),
  chunkIds: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
});
export type Hit = z.infer<typeof hitSchema>;
const queryAnswerSchema = z.object({ results: z.array(hitSchema) });
const augmentAnswerSchema = z.object({
  contexts: z.array(z.object({ documentId: z.string() })),
});
const createdKeySchema = z.object({ key: z.string() });

export const eventSchema = z.object({
  status: z.string(),
  version: z.number(),
  chunksEmbedded: z.number().optional(),
  chunksReused: z.number().optional(),
  unchanged: z.boolean().optional(),
});

const documentSchema = z.object({
  version: z.number().nullable(),
  chunks: z.number(),
  acl: z.object({ read: z.array(z.string()) }).nullable(),
});

/** A refused or failed request: the test prints the route and status, never a key or a text. */
export class UnexpectedAnswerError extends Error {
  constructor(route: string, status: number, body: string) {
    super(`${route} answered ${status}: ${body.slice(0, 300)}`);
  }
}

/**
 * The HTTP calls of the permission suite, each with an explicit API key: the root key
 * (RAGLINE_ADMIN_KEY) or a key this client created. Answers are parsed, not trusted.
 */
export class PermissionClient {
  constructor(
    private readonly app: TestApp,
    readonly rootKey: string,
  ) {}

  async createLibrary(name: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.expect(201, 'POST', '/v1/libraries', this.rootKey, { name, ...extra });
  }

  /** A key of tenant `default`; `principals` are the ones it reads as. */
  async createKey(scopes: string[], principals?: readonly string[]): Promise<string> {
    const body = { scopes, ...(principals === undefined ? {} : { principals }) };
    const answer = await this.expect(201, 'POST', '/v1/keys', this.rootKey, body);
    return createdKeySchema.parse(answer).key;
  }

  async put(library: string, id: string, body: Record<string, unknown>): Promise<Accepted> {
    const url = `/v1/libraries/${library}/documents/${encodeURIComponent(id)}`;
    return acceptedSchema.parse(await this.expect(202, 'PUT', url, this.rootKey, body));
  }

  async getDocument(library: string, id: string): Promise<z.infer<typeof documentSchema>> {
    const url = `/v1/libraries/${library}/documents/${encodeURIComponent(id)}`;
    return documentSchema.parse(await this.expect(200, 'GET', url, this.rootKey));
  }

  async getEvent(library: string, eventId: string): Promise<z.infer<typeof eventSchema>> {
    const url = `/v1/libraries/${library}/events/${eventId}`;
    return eventSchema.parse(await this.expect(200, 'GET', url, this.rootKey));
  }

  /** Read-your-writes as the root key: returns once every event is final. */
  async settle(library: string, eventIds: readonly string[]): Promise<void> {
    for (let start = 0; start < eventIds.length; start += 100) {
      await this.query(library, this.rootKey, {
        query: 'settle',
        topK: 1,
        consistency: { afterEvents: eventIds.slice(start, start + 100), timeoutMs: 30_000 },
      });
    }
  }

  async query(library: string, key: string, body: Record<string, unknown>): Promise<Hit[]> {
    const answer = await this.expect(200, 'POST', `/v1/libraries/${library}/query`, key, body);
    return queryAnswerSchema.parse(answer).results;
  }

  /** The documents of the augmented prompt's contexts. */
  async augment(library: string, key: string, body: Record<string, unknown>): Promise<string[]> {
    const answer = await this.expect(200, 'POST', `/v1/libraries/${library}/augment`, key, body);
    return augmentAnswerSchema.parse(answer).contexts.map((context) => context.documentId);
  }

  /** The status of a request, for the refusals (403) the suite expects. */
  async status(method: 'POST', url: string, key: string, body: unknown): Promise<number> {
    const response = await this.app.request(method, url, body, auth(key));
    return response.statusCode;
  }

  private async expect(
    status: number,
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    key: string,
    body?: unknown,
  ): Promise<unknown> {
    const response = await this.app.request(method, url, body, auth(key));
    if (response.statusCode !== status) {
      throw new UnexpectedAnswerError(`${method} ${url}`, response.statusCode, response.body);
    }
    return response.json<unknown>();
  }
}

function auth(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
