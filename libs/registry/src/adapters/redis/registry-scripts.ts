import { LuaScript } from '@ragline/redis';

/**
 * The registry's state transitions, each one atomic Lua script over one library's keys (all in
 * the library's hash slot; event keys are built from `A.eventPrefix`, which carries the same tag).
 * Versions are formatted with fmt() (%.0f): Lua's tostring() would print large integers in
 * exponent notation.
 *
 * Documents' status changes go through setStatus(), which keeps the library's counts by status
 * in the stats hash: listing the library's counts is one HGETALL, not a walk.
 */
const SET_STATUS = `
local function setStatus(docKey, statsKey, status)
  local old = redis.call('HGET', docKey, 'status')
  if old == status then return end
  if old then redis.call('HINCRBY', statsKey, old, -1) end
  redis.call('HINCRBY', statsKey, status, 1)
  redis.call('HSET', docKey, 'status', status)
end
`;

/** Accept a change: assign or check its version, store it as the document's pending change. */
export const intakeScript = new LuaScript<
  'doc' | 'pending' | 'event' | 'docEvents' | 'docs' | 'pendingDocs' | 'idem' | 'stats',
  {
    eventId: string;
    documentId: string;
    kind: 'upsert' | 'delete';
    version: number | undefined;
    source: string;
    now: number;
    retention: number;
    useIdem: boolean;
    idemTtl: number;
    fingerprint: string;
    text: string;
    title: string;
    metadata: string;
    acl: string;
    format: string;
    channel: string;
    maxPending: number;
  }
>(
  ['doc', 'pending', 'event', 'docEvents', 'docs', 'pendingDocs', 'idem', 'stats'],
  `${SET_STATUS}
if A.useIdem then
  local first = redis.call('HMGET', K.idem, 'eventId', 'fingerprint', 'documentId')
  if first[1] then
    if first[2] ~= A.fingerprint then return {first[1], 'key-reused', first[3] or ''} end
    return {first[1], 'duplicate', ''}
  end
end

if A.maxPending > 0 and not redis.call('ZSCORE', K.pendingDocs, A.documentId) then
  local backlog = redis.call('ZCARD', K.pendingDocs)
  if backlog >= A.maxPending then return {'', 'backpressure', tostring(backlog)} end
end

local latest = tonumber(redis.call('HGET', K.doc, 'latestVersion') or '-1')
local version = A.version
if version == nil then version = math.max(latest + 1, 1) end

local status = 'queued'
if version <= latest then
  -- An older (or equal) version than one already accepted: it can never win.
  status = 'superseded'
else
  if redis.call('EXISTS', K.doc) == 0 then
    redis.call('HSET', K.doc, 'documentId', A.documentId, 'createdAt', A.now, 'indexedVersion', '-1', 'chunks', '0')
    redis.call('ZADD', K.docs, 0, A.documentId)
  end
  setStatus(K.doc, K.stats, 'queued')
  redis.call('HSET', K.doc, 'latestVersion', fmt(version), 'source', A.source, 'updatedAt', A.now)
  redis.call('HSET', K.stats, 'lastChangeAt', A.now)
  redis.call('DEL', K.pending)
  redis.call('HSET', K.pending, 'version', fmt(version), 'kind', A.kind, 'eventId', A.eventId,
    'source', A.source, 'text', A.text, 'title', A.title, 'metadata', A.metadata, 'acl', A.acl,
    'format', A.format, 'receivedAt', A.now)
  redis.call('ZADD', K.docEvents, version, A.eventId)
  redis.call('ZADD', K.pendingDocs, 0, A.documentId)
end

redis.call('HSET', K.event, 'eventId', A.eventId, 'documentId', A.documentId, 'kind', A.kind,
  'version', fmt(version), 'source', A.source, 'status', status, 'receivedAt', A.now, 'updatedAt', A.now)
redis.call('EXPIRE', K.event, A.retention)
if A.useIdem then
  redis.call('HSET', K.idem, 'eventId', A.eventId, 'fingerprint', A.fingerprint, 'documentId', A.documentId)
  redis.call('EXPIRE', K.idem, A.idemTtl)
end
if status == 'superseded' then redis.call('PUBLISH', A.channel, A.eventId .. ' superseded') end
return {A.eventId, status, fmt(version)}
`,
);

/** A worker starts on a document: read its pending change and mark the events it covers active. */
export const activateScript = new LuaScript<
  'doc' | 'pending' | 'docEvents' | 'stats',
  { now: number; eventPrefix: string }
>(
  ['doc', 'pending', 'docEvents', 'stats'],
  `${SET_STATUS}
local pending = redis.call('HGETALL', K.pending)
if #pending == 0 then return pending end
local version = tonumber(redis.call('HGET', K.pending, 'version'))
setStatus(K.doc, K.stats, 'indexing')
redis.call('HSET', K.doc, 'updatedAt', A.now)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.docEvents, '-inf', version)) do
  redis.call('HSET', A.eventPrefix .. ':' .. id, 'status', 'active', 'updatedAt', A.now)
end
return pending
`,
);

/**
 * Record the outcome of applying `A.version`. 'retarget' when the writer wrote to other collection
 * versions than the library's current ones (a reindex started or ended meanwhile): it writes again.
 * The applied change is kept as the document's content (text, title, metadata, ACL, format,
 * version): a reindex rebuilds from it. Completed: only if it is newer than what is
 * indexed (else 'stale'). Events up to that version end: the applied one with the outcome, older
 * coalesced ones as superseded. The pending change is dropped if it is the one just applied.
 */
export const commitScript = new LuaScript<
  'doc' | 'pending' | 'docEvents' | 'pendingDocs' | 'stats' | 'content' | 'targets',
  {
    /** The versions the writer wrote to ('' skips the check: a failure is recorded as is). */
    targets: string;
    version: number;
    outcome: 'completed' | 'failed';
    docStatus: 'indexed' | 'deleted';
    contentHash: string;
    chunks: number;
    chunkHashes: string;
    title: string;
    acl: string;
    error: string;
    unchanged: boolean;
    embedded: number;
    reused: number;
    deleted: number;
    now: number;
    eventPrefix: string;
    channel: string;
    documentId: string;
    retention: number;
  }
>(
  ['doc', 'pending', 'docEvents', 'pendingDocs', 'stats', 'content', 'targets'],
  `${SET_STATUS}
if A.targets ~= '' and (redis.call('GET', K.targets) or '1') ~= A.targets then
  return 'retarget'
end
local indexed = tonumber(redis.call('HGET', K.doc, 'indexedVersion') or '-1')
local latest = tonumber(redis.call('HGET', K.doc, 'latestVersion') or '-1')
local outcome = A.outcome
local result = outcome
if outcome == 'completed' and A.version <= indexed then
  -- A newer version was applied meanwhile (a replayed job): the document keeps that state.
  result = 'stale'
  outcome = 'superseded'
  if latest > indexed then setStatus(K.doc, K.stats, 'queued')
  else setStatus(K.doc, K.stats, redis.call('HGET', K.doc, 'appliedStatus') or 'indexed') end
elseif outcome == 'completed' then
  local status = A.docStatus
  if latest > A.version then status = 'queued' end
  redis.call('HSET', K.doc, 'indexedVersion', fmt(A.version), 'contentHash', A.contentHash,
    'chunks', A.chunks, 'chunkHashes', A.chunkHashes, 'title', A.title, 'acl', A.acl, 'error', '',
    'appliedStatus', A.docStatus, 'updatedAt', A.now, 'syncedAt', A.now)
  setStatus(K.doc, K.stats, status)
  redis.call('HSET', K.stats, 'lastSyncAt', A.now)
else
  local status = 'failed'
  if latest > A.version then status = 'queued' end
  redis.call('HSET', K.doc, 'error', A.error, 'updatedAt', A.now)
  setStatus(K.doc, K.stats, status)
end

local ids = redis.call('ZRANGEBYSCORE', K.docEvents, '-inf', A.version, 'WITHSCORES')
for i = 1, #ids, 2 do
  local id, score = ids[i], tonumber(ids[i + 1])
  local key = A.eventPrefix .. ':' .. id
  local status = 'superseded'
  if score == A.version then
    status = outcome
    redis.call('HSET', key, 'unchanged', A.unchanged and '1' or '0', 'chunksEmbedded', A.embedded,
      'chunksReused', A.reused, 'chunksDeleted', A.deleted, 'error', A.error)
  end
  redis.call('HSET', key, 'status', status, 'updatedAt', A.now)
  redis.call('EXPIRE', key, A.retention)
  redis.call('PUBLISH', A.channel, id .. ' ' .. status)
end
redis.call('ZREMRANGEBYSCORE', K.docEvents, '-inf', A.version)

local pendingVersion = tonumber(redis.call('HGET', K.pending, 'version') or '-1')
if pendingVersion <= A.version then
  -- The applied change becomes the document's content (what a reindex rebuilds from).
  if result == 'completed' and pendingVersion == A.version then
    if A.docStatus == 'deleted' then redis.call('DEL', K.content)
    else redis.call('RENAME', K.pending, K.content) end
  end
  redis.call('DEL', K.pending)
  redis.call('ZREM', K.pendingDocs, A.documentId)
end
return result
`,
);
