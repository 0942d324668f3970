// Ragline question page: plain browser JavaScript, no build step, same-origin requests only.
'use strict';

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = 'ragline-api-key';
let generator = 'none';

function show(id, visible) {
  $(id).hidden = !visible;
}

/** fetch() with the tab's API key, when one was given. */
function api(path, options = {}) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const headers = { ...(options.headers || {}) };
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(path, { ...options, headers });
}

function library() {
  return $('library').value || 'default';
}

async function loadLibraries() {
  const response = await api('/v1/libraries');
  if (response.status === 401) {
    show('key-form', true);
    $('status-documents').textContent = 'an API key is needed';
    return false;
  }
  show('key-form', false);
  if (!response.ok) return false;
  const { libraries } = await response.json();
  const select = $('library');
  const current = select.value;
  select.replaceChildren(
    ...libraries.map((entry) => {
      const option = document.createElement('option');
      option.value = entry.name;
      option.textContent =
        entry.status === 'active' ? entry.name : `${entry.name} (${entry.status})`;
      return option;
    }),
  );
  const names = libraries.map((entry) => entry.name);
  select.value = names.includes(current)
    ? current
    : names.includes('default')
      ? 'default'
      : names[0] || '';
  show('library-row', libraries.length > 1);
  return true;
}

async function loadFeatures() {
  const response = await api('/v1/status');
  if (!response.ok) return;
  generator = (await response.json()).features.generator;
  $('status-generator').textContent = generator === 'none' ? 'prompt only' : generator;
}

async function loadStatus() {
  try {
    const response = await api(`/v1/libraries/${encodeURIComponent(library())}`);
    if (!response.ok) throw new Error(`status ${response.status}`);
    const status = await response.json();
    $('status-documents').textContent =
      `${status.documents.indexed} indexed (${status.chunks} chunks)`;
    $('status-last-sync').textContent = status.lastSyncAt
      ? new Date(status.lastSyncAt).toLocaleString()
      : 'never';
    const q = status.queue;
    $('status-queue').textContent =
      `${q.waiting + q.active + q.delayed} pending, ${q.failed} failed`;
    await showReindex(status.reindexing);
  } catch (error) {
    $('status-documents').textContent = 'unavailable';
  }
}

let reindexTimer;

/** A running reindex of the library: its progress bar, refreshed until the run stops. */
async function showReindex(reindexId) {
  clearTimeout(reindexTimer);
  if (!reindexId) {
    show('reindex', false);
    return;
  }
  const response = await api(
    `/v1/libraries/${encodeURIComponent(library())}/reindex/${encodeURIComponent(reindexId)}`,
  );
  if (!response.ok) {
    show('reindex', false);
    return;
  }
  const run = await response.json();
  $('reindex-label').textContent = `Reindex to version ${run.target.version}: ${run.status}`;
  $('reindex-progress').value = run.percent;
  const eta = run.etaSeconds === null ? '' : `, about ${run.etaSeconds} s left`;
  $('reindex-detail').textContent =
    `${run.percent}% of ${run.counts.scanned} documents${eta}` +
    (run.counts.failed > 0 ? `, ${run.counts.failed} failed` : '');
  show('reindex', true);
  reindexTimer = setTimeout(loadStatus, 2000);
}

function renderSources(contexts) {
  const list = $('sources');
  list.replaceChildren();
  for (const context of contexts) {
    const item = document.createElement('li');
    item.id = `source-${context.n}`;
    item.value = context.n;
    const title = document.createElement(context.url ? 'a' : 'span');
    title.className = 'source-title';
    title.textContent = context.title || context.documentId;
    if (context.url) {
      title.href = context.url;
      title.rel = 'noopener noreferrer';
    }
    const meta = document.createElement('div');
    meta.className = 'source-meta';
    const section = context.section ? ` · ${context.section}` : '';
    meta.textContent = `${context.documentId}${section} · score ${context.score.toFixed(4)}`;
    const text = document.createElement('p');
    text.className = 'source-text';
    text.textContent = context.text.length > 400 ? `${context.text.slice(0, 400)}…` : context.text;
    item.append(title, meta, text);
    list.append(item);
  }
  show('sources-section', contexts.length > 0);
}

/** The answer as text nodes, with each [n] turned into a link to its source. */
function renderAnswer(text) {
  const target = $('answer');
  target.replaceChildren();
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    target.append(text.slice(last, match.index));
    const link = document.createElement('a');
    link.href = `#source-${match[1]}`;
    link.textContent = match[0];
    target.append(link);
    last = match.index + match[0].length;
  }
  target.append(text.slice(last));
}

async function ask(event) {
  event.preventDefault();
  const query = $('question').value.trim();
  if (!query) return;
  $('submit').disabled = true;
  show('error', false);
  try {
    const response = await api(`/v1/libraries/${encodeURIComponent(library())}/augment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, generate: generator !== 'none' }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
    if (body.answer) renderAnswer(body.answer.text);
    show('answer-section', Boolean(body.answer));
    $('prompt').textContent = body.prompt;
    $('usage').textContent =
      `(${body.usage.contextTokens} context tokens, ${body.usage.promptTokens} in all)`;
    // Without a generator the prompt is the result; with one it is there for the curious.
    $('prompt-details').open = !body.answer;
    show('prompt-section', true);
    renderSources(body.contexts);
    if (body.contexts.length === 0) throw new Error('No passage in the library matches.');
  } catch (error) {
    $('error').textContent = error.message;
    show('error', true);
  } finally {
    $('submit').disabled = false;
  }
}

async function refresh() {
  if (await loadLibraries()) {
    await loadFeatures();
    await loadStatus();
  }
}

$('ask').addEventListener('submit', ask);
$('library').addEventListener('change', loadStatus);
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY_STORAGE, $('api-key').value.trim());
  $('api-key').value = '';
  refresh();
});
refresh();
setInterval(refresh, 10000);
