import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { FakeOpenAiCompatibleServer } from '../../libs/generators/src/testing/fake-openai-compatible-server';
import { startTestApp, type TestApp } from '../support/test-app';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('web page at / in headless Chromium (real app on a real port)', () => {
  let t: TestApp;
  let llm: FakeOpenAiCompatibleServer;
  let browser: BrowserContext;
  let profile: string;
  let baseUrl: string;

  beforeAll(async () => {
    llm = new FakeOpenAiCompatibleServer();
    const llmUrl = await llm.start();
    t = await startTestApp({ env: { GENERATOR: 'openai-compatible', GENERATOR_URL: llmUrl } });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    for (const [id, body] of Object.entries({
      'handbook/sync.md': {
        text: 'Ragline keeps the library in sync: every change to a source becomes an event, and a worker re-embeds only the chunks that changed.',
        title: 'How sync works',
        metadata: { url: 'https://docs.example.org/sync' },
      },
      'handbook/query.md': {
        text: 'Queries run hybrid search, dense vectors plus BM25, fused by reciprocal rank.',
        title: 'How queries work',
      },
    })) {
      const response = await t.request('PUT', `/v1/documents/${encodeURIComponent(id)}`, body);
      await t.waitForEvent(response.json<{ eventId: string }>().eventId);
    }
    profile = await mkdtemp(join(tmpdir(), 'ragline-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 800 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await llm?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('shows library status, then the answer and its sources for a typed question', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl)) foreign.push(request.url());
    });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto(baseUrl);
    await page.locator('#status-documents').filter({ hasText: '2 indexed' }).waitFor();
    expect(await page.locator('#status-generator').textContent()).toBe('openai-compatible');
    expect(await page.locator('#status-last-sync').textContent()).not.toBe('never');

    await page.fill('#question', 'How does Ragline keep the library in sync?');
    await page.click('#submit');
    await page.locator('#answer').filter({ hasText: 'According to the sources' }).waitFor();

    const answer = await page.locator('#answer').textContent();
    expect(answer).toContain('every change to a source becomes an event');
    expect(await page.locator('#answer a').first().getAttribute('href')).toBe('#source-1');
    const sources = page.locator('#sources li');
    expect(await sources.count()).toBe(2);
    expect(await sources.nth(0).locator('.source-title').textContent()).toBe('How sync works');
    expect(await sources.nth(0).locator('a').getAttribute('href')).toBe(
      'https://docs.example.org/sync',
    );
    expect(await page.locator('#prompt').textContent()).toContain('<context n="1"');

    const screenshot = join(tmpdir(), 'ragline-web-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);

    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('serves only its own assets, under a same-origin content security policy', async () => {
    const index = await t.request('GET', '/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await t.request('GET', '/assets/app.js')).headers['content-type']).toMatch(
      /javascript/,
    );
    expect((await t.request('GET', '/assets/..%2Fweb.controller.ts')).statusCode).toBe(404);
  });

  it('reports status as JSON at GET /v1/status', async () => {
    const response = await t.request('GET', '/v1/status');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      library: 'default',
      documents: { indexed: 2, total: 2 },
      chunks: 2,
      lastSyncAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      queue: { waiting: 0, active: 0, failed: 0 },
      features: {
        generator: 'openai-compatible',
        rerank: false,
        templates: ['default', 'jumpstart'],
      },
    });
  });

  it('shows a reindex of the library with its progress bar until it stops', async () => {
    const started = await t.request('POST', '/v1/libraries/default/reindex', { swap: 'manual' });
    expect(started.statusCode).toBe(202);
    const { reindexId } = started.json<{ reindexId: string }>();
    const page = await browser.newPage();
    await page.goto(baseUrl);
    // A manual run stops at `ready` (built, waiting for a person): the bar stays until then.
    await page.locator('#reindex-label').filter({ hasText: 'ready' }).waitFor();
    expect(
      await page.$eval('#reindex-progress', (bar) => (bar as unknown as { value: number }).value),
    ).toBe(100);
    expect(await page.locator('#reindex-detail').textContent()).toContain('100% of 2 documents');
    const cancelled = await t.request('POST', `/v1/libraries/default/reindex/${reindexId}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    await page.locator('#reindex').waitFor({ state: 'hidden' });
  });
});

describe('web page with authentication on: asks for a key, then answers from the chosen library', () => {
  const root = `root-${'p'.repeat(30)}`;
  let t: TestApp;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH: 'required', RAGLINE_ADMIN_KEY: root } });
    await t.app.listen(0, '127.0.0.1');
    const auth = { authorization: `Bearer ${root}` };
    expect((await t.request('POST', '/v1/libraries', { name: 'wiki' }, auth)).statusCode).toBe(201);
    const put = await t.request(
      'PUT',
      '/v1/libraries/wiki/documents/tea.md',
      { text: '# Tea\n\n## Brewing\n\nGreen tea brews at eighty degrees for two minutes.' },
      auth,
    );
    expect(put.statusCode).toBe(202);
    profile = await mkdtemp(join(tmpdir(), 'ragline-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('shows the key form, lists the libraries once a key is given, and cites the section', async () => {
    const page = await browser.newPage();
    await page.goto(await t.app.getUrl());
    await page.locator('#key-form').waitFor({ state: 'visible' });
    await page.fill('#api-key', root);
    await page.click('#key-form button');
    await page.locator('#key-form').waitFor({ state: 'hidden' });
    await page.locator('#library option[value="wiki"]').waitFor({ state: 'attached' });
    await page.selectOption('#library', 'wiki');
    await page.locator('#status-documents').filter({ hasText: '1 indexed' }).waitFor();
    await page.fill('#question', 'how hot should green tea be');
    await page.click('#submit');
    const meta = page.locator('#sources .source-meta').first();
    await meta.waitFor();
    expect(await meta.textContent()).toContain('tea.md · Tea > Brewing');
  });
});
