import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/test-app';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

/** `npm run ragline -- keys …` against the same Redis the API reads its keys from. */
describe('the ragline CLI manages API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH: 'required' }, withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...t.testEnv.env },
    });

  it('creates a key that works, lists it without its secret, and revokes it', async () => {
    const created = await cli(
      'keys',
      'create',
      '--tenant',
      'default',
      '--scopes',
      'query',
      '--name',
      'ci',
    );
    const [key, note] = created.stdout.trim().split('\n');
    expect(key).toMatch(/^rl_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(note).toMatch(/shown once/);
    const id = key.split('_')[1];

    const auth = { authorization: `Bearer ${key}` };
    expect((await t.request('GET', '/v1/libraries', undefined, auth)).statusCode).toBe(200);
    expect((await t.request('GET', '/v1/libraries')).statusCode).toBe(401);
    // A query key may not ingest.
    expect((await t.request('PUT', '/v1/documents/x', { text: 'x' }, auth)).statusCode).toBe(403);

    const listed = await cli('keys', 'list', '--tenant', 'default');
    expect(listed.stdout).toContain(`${id}\tdefault\tquery\t*\tactive\tci`);
    expect(listed.stdout).not.toContain(key.split('_')[2]);

    await cli('keys', 'revoke', id);
    const started = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - started < 2000) {
      status = (await t.request('GET', '/v1/libraries', undefined, auth)).statusCode;
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses bad arguments with a usage line and exit code 2', async () => {
    await expect(
      cli('keys', 'create', '--tenant', 'Bad Tenant', '--scopes', 'query'),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--tenant: "Bad Tenant" is not valid/),
    });
    await expect(
      cli('keys', 'create', '--tenant', 'acme', '--scopes', 'root'),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown scope "root"/),
    });
  });
});
