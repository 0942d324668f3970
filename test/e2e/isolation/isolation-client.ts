import type { InjectResponse } from '../../support/test-app';

/** One way to reach an API: the test app's inject(), or HTTP to another process. */
export type Transport = (
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<InjectResponse>;

export type Scope = 'ingest' | 'query' | 'query:on-behalf' | 'metrics' | 'admin';

/** A key the suite holds, by a label that is safe to print (the token never is). */
export interface NamedKey {
  label: string;
  tenant: string;
  /** The plain key, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Undefined for the bootstrap root key, which is not stored. */
  id?: string;
  scopes: readonly Scope[];
  libraries?: readonly string[];
  root?: boolean;
}

/** A request made as a key, with its answer: what every assertion of the suite looks at. */
export interface Sent {
  /** `METHOD /v1/libraries/:library/...`: the route, whatever the parameters were. */
  route: string;
  key: string;
  status: number;
  text: string;
  headers: Record<string, unknown>;
  json<T = unknown>(): T;
}

/** Counts what the suite checked, for the one-line summary the closing note quotes. */
export class Tally {
  readonly routes = new Set<string>();
  readonly keys = new Set<string>();
  readonly pairs = new Set<string>();
  checks = 0;

  record(sent: Sent): void {
    this.checks += 1;
    this.routes.add(sent.route);
    if (sent.key !== 'no key' && !sent.key.startsWith('bad:')) this.keys.add(sent.key);
    this.pairs.add(`${sent.route} × ${sent.key}`);
  }

  summary(tenants: number): string {
    return `isolation: ${tenants} tenants, ${this.routes.size} routes, ${this.keys.size} keys, ${this.pairs.size} route×key pairs, ${this.checks} checks`;
  }
}

/**
 * Strings one tenant's answers must never contain unless the request itself did (a caller may
 * echo what it typed): other tenants' document nonces, key ids and event ids.
 */
export class LeakGuard {
  private readonly secrets = new Map<string, Set<string>>();

  own(tenant: string, ...values: string[]): void {
    const set = this.secrets.get(tenant) ?? new Set<string>();
    values.forEach((value) => set.add(value));
    this.secrets.set(tenant, set);
  }

  /** What of other tenants' data `text` holds that `request` did not name. */
  leaks(tenant: string, text: string, request: string): string[] {
    const found: string[] = [];
    for (const [owner, values] of this.secrets) {
      if (owner === tenant) continue;
      for (const value of values) {
        if (text.includes(value) && !request.includes(value)) found.push(`${owner}:${value}`);
      }
    }
    return found;
  }
}

/** Replaces `:library`, `:id`, `:eventId` segments so that one route is counted once. */
export function routeOf(method: string, url: string): string {
  const segments = url.split('?')[0].split('/').filter(Boolean);
  const names: Record<string, string> = {
    libraries: ':library',
    documents: ':id',
    events: ':eventId',
    keys: ':id',
  };
  const pattern = segments.map((segment, i) => names[segments[i - 1]] ?? segment);
  return `${method} /${pattern.join('/')}`;
}

/** Sends requests as keys, checks every answer for other tenants' data, and counts. */
export class IsolationClient {
  constructor(
    private readonly transport: Transport,
    private readonly guard: LeakGuard,
  ) {}

  /** As `key` (a NamedKey, or a raw Authorization header under a label, or none). */
  async send(
    key: NamedKey | { label: string; authorization?: string },
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Sent> {
    const authorization = 'token' in key ? `Bearer ${key.token}` : key.authorization;
    const response = await this.transport(method, url, payload, {
      ...(authorization === undefined ? {} : { authorization }),
      ...headers,
    });
    const sent: Sent = {
      route: routeOf(method, url),
      key: key.label,
      status: response.statusCode,
      text: response.body,
      headers: response.headers,
      json: <T>() => JSON.parse(response.body) as T,
    };
    if ('tenant' in key && !key.root) {
      const request = `${url} ${JSON.stringify(payload ?? null)}`;
      expect({
        route: sent.route,
        key: sent.key,
        leaks: this.guard.leaks(key.tenant, sent.text, request),
      }).toEqual({ route: sent.route, key: sent.key, leaks: [] });
    }
    return sent;
  }
}

/** The Transport of an API process listening at `baseUrl`. */
export function httpTransport(baseUrl: string): Transport {
  return async (method, url, payload, headers = {}) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const body = await response.text();
    return {
      statusCode: response.status,
      body,
      headers: Object.fromEntries(response.headers.entries()),
      json: <T>() => JSON.parse(body) as T,
    };
  };
}
