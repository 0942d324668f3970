import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestEnv, type TestEnv } from '../support/test-env';
import {
  freePort,
  startService,
  waitReady,
  type ServiceProcess,
} from '../support/service-processes';
import { checkBadCredentials } from './isolation/credential-checks';
import { checkDefaultTenant, checkOwnData, type Suite } from './isolation/data-checks';
import { checkLibraryDeletion } from './isolation/deletion-checks';
import { Expectations } from './isolation/expectations';
import {
  IsolationClient,
  LeakGuard,
  Tally,
  httpTransport,
  type NamedKey,
} from './isolation/isolation-client';
import { PRIVATE_LIBRARY, TENANTS, WorldBuilder, otherTenant } from './isolation/isolation-world';
import {
  checkKeyRoutes,
  checkLibraryCreation,
  checkRestrictedAdmin,
  checkRootKeyListing,
} from './isolation/management-checks';
import { Reader } from './isolation/reads';
import { checkNonAdmin, checkRefusals } from './isolation/refusal-matrix';
import { checkRevocation } from './isolation/revocation';
import { checkSameIdWrites } from './isolation/write-checks';

/**
 * Issue 13's isolation suite, on the real stack (Redis, LanceDB, the app with its worker, and a
 * second API process): two tenants with libraries of the same names holding documents of the same
 * ids. For every route, one tenant's keys never read, change or learn of the other's data (every
 * answer is also scanned for the other tenant's nonces, key ids and event ids); scopes and library
 * lists give 403; missing and bad keys 401; a revoked key is refused within a second on every API
 * process; deleting a library frees its name only once it is gone.
 */
describe('isolation of tenants, libraries and keys (issue 13)', () => {
  const rootToken = randomBytes(32).toString('base64url');
  const tally = new Tally();
  const expectations = new Expectations(tally);
  const notes: string[] = [];
  let env: TestEnv;
  let t: TestApp;
  let suite: Suite;
  let second: ServiceProcess | undefined;

  beforeAll(async () => {
    env = await createTestEnv({ AUTH: 'required', RAGLINE_ADMIN_KEY: rootToken });
    t = await startTestApp({ testEnv: env });
    const guard = new LeakGuard();
    const client = new IsolationClient(t.request, guard);
    const root: NamedKey = {
      label: 'root',
      tenant: 'default',
      token: rootToken,
      scopes: ['admin'],
      root: true,
    };
    const builder = new WorldBuilder(client, expectations, guard, root);
    const reader = new Reader(client, expectations);
    suite = { client, expectations, reader, builder, guard, world: await builder.build() };
  });

  afterAll(async () => {
    await second?.stop();
    await t?.close();
    await env?.cleanup();
    console.log([tally.summary(TENANTS.length), ...notes].join('; '));
  });

  it("answers another tenant's library exactly like a missing one, on every library route, for every key", async () => {
    const { world } = suite;
    for (const tenant of TENANTS) {
      const mine = world.tenants[tenant];
      const theirs = world.tenants[otherTenant(tenant)];
      for (const key of Object.values(mine.keys)) {
        await checkRefusals(suite.client, expectations, {
          key,
          own: mine.libraries,
          foreign: [PRIVATE_LIBRARY[otherTenant(tenant)], 'default'],
          ids: { documentId: 'doc-1', eventId: theirs.docs.handbook['doc-1'].eventId },
        });
      }
    }
    await checkRefusals(suite.client, expectations, {
      key: world.root,
      own: ['default'],
      foreign: ['handbook', 'wiki', ...Object.values(PRIVATE_LIBRARY)],
      ids: { documentId: 'doc-1', eventId: world.tenants.acme.docs.handbook['doc-1'].eventId },
    });
  });

  it('refuses every key and library operation to keys without the admin scope (403)', async () => {
    for (const tenant of TENANTS) {
      const keys = Object.values(suite.world.tenants[tenant].keys);
      const ownKeyId = suite.world.tenants[tenant].keys.query.id ?? '';
      for (const key of keys.filter((k) => !k.scopes.includes('admin'))) {
        await checkNonAdmin(suite.client, expectations, key, ownKeyId);
      }
    }
  });

  it('answers a missing, malformed or unknown key with 401 on every route', async () => {
    const { refusals, challenges } = await checkBadCredentials(suite, rootToken);
    // The product's choice of challenge is reported, and held to the Bearer scheme if it sends one.
    notes.push(
      `${refusals} 401s, WWW-Authenticate: ${challenges.size === 0 ? 'none' : [...challenges].join(' | ')}`,
    );
    for (const challenge of challenges) expect(challenge).toMatch(/^Bearer\b/);
  });

  it('shows each tenant only its own libraries, documents, passages and events (same names, same ids)', async () => {
    for (const tenant of TENANTS) await checkOwnData(suite, tenant);
    await checkDefaultTenant(suite);
  });

  it("keeps one tenant's writes to a document id away from the other's document of that id", async () => {
    await checkSameIdWrites(suite);
  });

  it("lets each admin list, create and revoke its own tenant's keys only", async () => {
    for (const tenant of TENANTS) await checkKeyRoutes(suite, tenant);
    await checkRootKeyListing(suite);
  });

  it('lets an admin key restricted to one library manage that library only', async () => {
    for (const tenant of TENANTS) await checkRestrictedAdmin(suite, tenant);
  });

  it("keeps library names per tenant: the other tenant's name is a new, empty library", async () => {
    for (const tenant of TENANTS) await checkLibraryCreation(suite, tenant);
  });

  it('refuses a revoked key within a second, here and on a second API process', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    second = startService('api', { ...env.env, PORT: String(port), HOST: '127.0.0.1' });
    await waitReady(baseUrl, second);
    const remote = new IsolationClient(httpTransport(baseUrl), suite.guard);
    const { here, there } = await checkRevocation(suite, remote);
    notes.push(
      `revoked key refused after ${Math.round(here)} ms here, ${Math.round(there)} ms on a second API process`,
    );
  });

  it("deletes one tenant's library, leaves the other's of that name, and frees the name only when done", async () => {
    await checkLibraryDeletion(suite);
  });
});
