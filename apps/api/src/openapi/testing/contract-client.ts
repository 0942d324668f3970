import type { OpenApiContract } from './openapi-contract';

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/** What the e2e harness's TestApp offers: requests through Fastify's inject(). */
export interface InjectingApp<A extends Answer = Answer> {
  request(
    method: Method,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<A>;
}

export interface SendOptions {
  /** The API key to send; `null`: none. Defaults to the client's key. */
  key?: string | null;
  headers?: Record<string, string>;
}

/**
 * Sends requests as a client would (a Bearer key, JSON bodies) and checks every exchange against
 * the document, collecting the problems for one assertion at the end.
 */
export class ContractClient {
  readonly problems: string[] = [];

  constructor(
    private readonly contract: OpenApiContract,
    private readonly key: string,
  ) {}

  async send<A extends Answer>(
    app: InjectingApp<A>,
    method: Method,
    url: string,
    body?: unknown,
    options: SendOptions = {},
  ): Promise<A> {
    const requestHeaders = this.headers(body, options);
    const response = await app.request(method, url, body, requestHeaders);
    this.problems.push(
      ...this.contract.check({
        method,
        url,
        requestHeaders,
        requestBody: body,
        status: response.statusCode,
        responseHeaders: response.headers,
        responseBody: response.body,
      }),
    );
    return response;
  }

  /** Whether the document accepts the request this client would send. */
  accepts(method: Method, url: string, body?: unknown, options: SendOptions = {}): boolean {
    const requestHeaders = this.headers(body, options);
    return this.contract.accepts({ method, url, requestHeaders, requestBody: body });
  }

  /** The headers as sent: the harness adds `content-type: application/json` to a body. */
  private headers(body: unknown, options: SendOptions): Record<string, string> {
    const key = options.key === undefined ? this.key : options.key;
    return {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(key !== null && { authorization: `Bearer ${key}` }),
      ...options.headers,
    };
  }
}
