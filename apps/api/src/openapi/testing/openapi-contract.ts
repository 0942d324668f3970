import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import OpenAPIBackend, { SetMatchType, type Document, type Operation } from 'openapi-backend';

/** One request the API answered, as a test saw it. */
export interface Exchange {
  method: string;
  /** Path and query string, as sent (`/v1/documents/a%2Fb.md?version=2`). */
  url: string;
  requestHeaders: Record<string, string>;
  /** The parsed JSON body, a raw string (non-JSON bodies), or undefined. */
  requestBody?: unknown;
  status: number;
  responseHeaders: Record<string, unknown>;
  responseBody: string;
}

type SchemaLike = Record<string, unknown>;

/**
 * Checks real exchanges against the served OpenAPI document (openapi-backend, with Ajv in JSON
 * Schema 2020-12 mode, OpenAPI 3.1's dialect). A problem is: a route or status the document does
 * not list, an answer whose body or headers do not match it, or a request the API accepted that
 * the document would reject. It also records which operations and statuses were exercised.
 */
export class OpenApiContract {
  /** `operationId` → statuses seen. */
  readonly seen = new Map<string, Set<number>>();
  private readonly ajv = withFormats(new Ajv2020({ strict: false, allErrors: true }));

  private constructor(private readonly api: OpenAPIBackend) {}

  static async load(document: Document): Promise<OpenApiContract> {
    // quick: skips openapi-backend's own definition check, which knows OpenAPI 3.0 only.
    const api = new OpenAPIBackend({
      definition: document,
      quick: true,
      strict: true,
      customizeAjv: (_ajv, options) => withFormats(new Ajv2020({ ...options, strict: false })),
    });
    await api.init();
    return new OpenApiContract(api);
  }

  operationIds(): string[] {
    return this.api.getOperations().map((operation) => operation.operationId ?? '');
  }

  /** What is wrong with this exchange, in words (empty: it matches the document). */
  check(exchange: Exchange): string[] {
    const name = `${exchange.method} ${exchange.url} → ${exchange.status}`;
    const request = toRequest(exchange);
    const operation = this.api.matchOperation(request);
    if (!operation?.operationId) return [`${name}: no documented operation`];
    const statuses = this.seen.get(operation.operationId) ?? new Set<number>();
    this.seen.set(operation.operationId, statuses.add(exchange.status));
    const response = operation.responses?.[String(exchange.status)] as SchemaLike | undefined;
    if (!response) return [`${name}: status ${exchange.status} is not documented`];
    const problems = this.checkResponse(operation, exchange, response);
    if (exchange.status < 300) {
      const validation = this.api.validateRequest(request, operation);
      if (!validation.valid) {
        problems.push(
          `request accepted by the API, rejected by the document: ${json(validation.errors)}`,
        );
      }
    }
    return problems.map((problem) => `${name}: ${problem}`);
  }

  /** Whether the document accepts this request (for requests the API refused). */
  accepts(exchange: Pick<Exchange, 'method' | 'url' | 'requestHeaders' | 'requestBody'>): boolean {
    const request = toRequest(exchange);
    const operation = this.api.matchOperation(request);
    return operation !== undefined && this.api.validateRequest(request, operation).valid;
  }

  private checkResponse(operation: Operation, exchange: Exchange, response: SchemaLike): string[] {
    const content = (response.content ?? {}) as Record<string, SchemaLike>;
    const type = String(exchange.responseHeaders['content-type'] ?? '')
      .split(';')[0]
      .trim();
    // A documented `text/plain; version=0.0.4` matches an answer of `text/plain; …`.
    const media = Object.entries(content).find(([key]) => key.split(';')[0].trim() === type)?.[1];
    if (!media) return [`content-type "${type}" is not documented (${Object.keys(content)})`];
    const problems: string[] = [];
    const headers = this.api.validator.validateResponseHeaders(
      exchange.responseHeaders,
      operation,
      {
        statusCode: exchange.status,
        setMatchType: SetMatchType.Superset,
      },
    );
    if (!headers.valid) problems.push(`headers: ${json(headers.errors)}`);
    if (type === 'application/json') {
      const body = this.api.validateResponse(
        JSON.parse(exchange.responseBody),
        operation,
        exchange.status,
      );
      if (!body.valid) problems.push(`body: ${json(body.errors)}`);
    } else if (type === 'text/event-stream') {
      problems.push(
        ...this.checkEvents(exchange.responseBody, media['x-sse-events'] as SchemaLike),
      );
    }
    return problems;
  }

  /** Each `event:`/`data:` block against the schema of its event name (`x-sse-events`). */
  private checkEvents(stream: string, schemas: SchemaLike | undefined): string[] {
    if (!schemas) return ['text/event-stream without x-sse-events'];
    const problems: string[] = [];
    for (const block of stream.split('\n\n').filter((part) => part.trim() !== '')) {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.+)$/m.exec(block)?.[1];
      const schema = schemas[event] as SchemaLike | undefined;
      if (!schema || data === undefined) {
        problems.push(`undocumented event "${event}"`);
        continue;
      }
      const validate = this.ajv.compile(schema);
      if (!validate(JSON.parse(data))) problems.push(`event ${event}: ${json(validate.errors)}`);
    }
    return problems;
  }
}

function toRequest(exchange: Pick<Exchange, 'method' | 'url' | 'requestHeaders' | 'requestBody'>) {
  const [path, search = ''] = exchange.url.split('?');
  const body = exchange.requestBody;
  return {
    method: exchange.method,
    path,
    query: Object.fromEntries(new URLSearchParams(search)),
    headers: exchange.requestHeaders,
    body: typeof body === 'object' || typeof body === 'string' ? (body ?? undefined) : undefined,
  };
}

function withFormats(ajv: Ajv2020): Ajv2020 {
  addFormats(ajv);
  return ajv;
}

function json(value: unknown): string {
  return JSON.stringify(value).slice(0, 600);
}
