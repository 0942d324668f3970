import { randomBytes } from 'node:crypto';
import { waitFor } from '../../support/test-env';
import type { Expectations } from './expectations';
import type { IsolationClient, LeakGuard, NamedKey, Scope } from './isolation-client';

export const TENANTS = ['acme', 'globex'] as const;
export type Tenant = (typeof TENANTS)[number];

/** Libraries both tenants have, by the same names, and one each that the other lacks. */
export const SHARED_LIBRARIES = ['handbook', 'wiki'] as const;
export const PRIVATE_LIBRARY: Record<Tenant, string> = { acme: 'roadmap', globex: 'ledger' };
export const MISSING_LIBRARY = 'no-such-library';
/** The group that may read the `doc-3` documents (an ACL'd document beside public ones). */
export const ENG = 'group:eng';

export interface Doc {
  text: string;
  title: string;
  acl?: { read: string[] };
  eventId: string;
}

/** The keys each tenant holds: one per scope, and some restricted to libraries. */
export type KeyRole =
  'admin' | 'ingest' | 'query' | 'onBehalf' | 'handbookOnly' | 'handbookWiki' | 'handbookAdmin';

export interface TenantWorld {
  name: string;
  nonce: string;
  keys: Record<KeyRole, NamedKey>;
  /** library → document id → what it holds now. */
  docs: Record<string, Record<string, Doc>>;
  libraries: string[];
}

export interface World {
  root: NamedKey;
  tenants: Record<Tenant, TenantWorld>;
  /** The `default` tenant's `default` library (root key, unscoped routes). */
  defaultDocs: Record<string, Doc>;
  defaultNonce: string;
  /** Ids of every key made for each tenant, revoked ones too (what its admin must list). */
  keyIds: Map<string, string[]>;
}

export const otherTenant = (tenant: Tenant): Tenant => (tenant === 'acme' ? 'globex' : 'acme');

/** Document ids per library: the same ids in both tenants, and one or two only one tenant has. */
function documentIds(tenant: Tenant, library: string): string[] {
  if (library === 'handbook') {
    return tenant === 'acme'
      ? ['doc-1', 'doc-2', 'doc-3', 'only-acme']
      : ['doc-1', 'doc-2', 'doc-3', 'only-globex-1', 'only-globex-2'];
  }
  return library === 'wiki' ? ['doc-1', 'doc-2'] : ['doc-1'];
}

/** Every text shares the query's words (so a query ranks them all) and carries its tenant's nonce. */
export function docText(tenant: string, nonce: string, library: string, id: string, edit = 0) {
  return `${tenant} ${library} ${id} ${nonce} edit${edit}: the travel policy covers vacation days and expense reports.`;
}

export class WorldBuilder {
  readonly keyIds = new Map<string, string[]>();

  constructor(
    private readonly client: IsolationClient,
    private readonly expectations: Expectations,
    private readonly guard: LeakGuard,
    private readonly root: NamedKey,
  ) {}

  async build(): Promise<World> {
    const tenants = {} as Record<Tenant, TenantWorld>;
    for (const tenant of TENANTS) tenants[tenant] = await this.tenant(tenant);
    const defaultNonce = `n${randomBytes(6).toString('hex')}`;
    this.guard.own('default', defaultNonce);
    const defaultDocs: Record<string, Doc> = {};
    defaultDocs['doc-1'] = await this.put(
      this.root,
      'default',
      'default',
      defaultNonce,
      'doc-1',
      true,
    );
    await this.settle(this.root, 'default', defaultDocs, true);
    for (const tenant of TENANTS) {
      const world = tenants[tenant];
      for (const library of world.libraries)
        await this.settle(world.keys.admin, library, world.docs[library]);
    }
    return { root: this.root, tenants, defaultDocs, defaultNonce, keyIds: this.keyIds };
  }

  /** A key made by `creator` (the root key for a tenant's first admin key). */
  async key(
    creator: NamedKey,
    label: string,
    body: { tenant?: string; scopes: Scope[]; libraries?: string[] },
  ): Promise<NamedKey> {
    const sent = await this.client.send(creator, 'POST', '/v1/keys', { name: label, ...body });
    const created = this.expectations.ok<{ id: string; key: string; tenant: string }>(sent, 201);
    const tenant = body.tenant ?? creator.tenant;
    expect(created).toMatchObject({ tenant, scopes: body.scopes });
    expect(created).not.toHaveProperty('secretHash');
    this.guard.own(tenant, created.id);
    this.keyIds.set(tenant, [...(this.keyIds.get(tenant) ?? []), created.id]);
    return {
      label,
      tenant,
      token: created.key,
      id: created.id,
      scopes: body.scopes,
      ...(body.libraries ? { libraries: body.libraries } : {}),
    };
  }

  async waitApplied(key: NamedKey, library: string, eventId: string, unscoped = false) {
    const url = unscoped ? `/v1/events/${eventId}` : `/v1/libraries/${library}/events/${eventId}`;
    const event = await waitFor(
      async () => {
        const sent = await this.client.send(key, 'GET', url);
        const body = sent.json<{ status?: string }>();
        return ['completed', 'failed', 'superseded'].includes(String(body.status))
          ? body
          : undefined;
      },
      20_000,
      `event ${eventId} in ${library}`,
    );
    expect({ eventId, status: event.status }).toEqual({ eventId, status: 'completed' });
  }

  private async tenant(tenant: Tenant): Promise<TenantWorld> {
    const nonce = `n${randomBytes(6).toString('hex')}`;
    this.guard.own(tenant, nonce);
    const admin = await this.key(this.root, `${tenant}.admin`, { tenant, scopes: ['admin'] });
    const libraries = [...SHARED_LIBRARIES, PRIVATE_LIBRARY[tenant]];
    for (const name of libraries) {
      const sent = await this.client.send(admin, 'POST', '/v1/libraries', { name });
      expect(this.expectations.ok(sent, 201)).toMatchObject({ name, tenant, status: 'active' });
    }
    const keys: TenantWorld['keys'] = {
      admin,
      ingest: await this.key(admin, `${tenant}.ingest`, { scopes: ['ingest'] }),
      query: await this.key(admin, `${tenant}.query`, { scopes: ['query'] }),
      onBehalf: await this.key(admin, `${tenant}.on-behalf`, {
        scopes: ['query', 'query:on-behalf'],
      }),
      handbookOnly: await this.key(admin, `${tenant}.handbook-only`, {
        scopes: ['ingest', 'query'],
        libraries: ['handbook'],
      }),
      handbookWiki: await this.key(admin, `${tenant}.handbook+wiki`, {
        scopes: ['ingest', 'query'],
        libraries: ['handbook', 'wiki'],
      }),
      handbookAdmin: await this.key(admin, `${tenant}.handbook-admin`, {
        scopes: ['admin'],
        libraries: ['handbook'],
      }),
    };
    const docs: TenantWorld['docs'] = {};
    for (const library of libraries) {
      docs[library] = {};
      for (const id of documentIds(tenant, library)) {
        docs[library][id] = await this.put(keys.ingest, tenant, library, nonce, id);
      }
    }
    return { name: tenant, nonce, keys, docs, libraries };
  }

  private async put(
    key: NamedKey,
    tenant: string,
    library: string,
    nonce: string,
    id: string,
    unscoped = false,
  ): Promise<Doc> {
    const text = docText(tenant, nonce, library, id);
    const title = `${tenant} ${id} ${nonce}`;
    const acl = library === 'handbook' && id === 'doc-3' ? { read: [ENG] } : undefined;
    const url = unscoped ? `/v1/documents/${id}` : `/v1/libraries/${library}/documents/${id}`;
    const sent = await this.client.send(key, 'PUT', url, { text, title, ...(acl ? { acl } : {}) });
    const accepted = this.expectations.ok<{ eventId: string; status: string }>(sent, 202);
    expect(accepted.status).toBe('queued');
    this.guard.own(tenant, accepted.eventId);
    return { text, title, ...(acl ? { acl } : {}), eventId: accepted.eventId };
  }

  private async settle(
    key: NamedKey,
    library: string,
    docs: Record<string, Doc>,
    unscoped = false,
  ) {
    for (const doc of Object.values(docs))
      await this.waitApplied(key, library, doc.eventId, unscoped);
  }
}
