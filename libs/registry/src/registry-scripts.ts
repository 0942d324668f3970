/**
 * Lua scripts: each state transition of a document and its events happens in one atomic step,
 * so racing API instances and workers cannot interleave half-updates. Versions are formatted with
 * %.0f because Lua's tostring() would print large integers in exponent notation.
 *
 * Scripts build event keys from a prefix passed in ARGV, so they need a single Redis (or Sentinel),
 * not Redis Cluster.
 */

/** Accept a change: assign or check its version, store it as the document's pending change. */
export const INTAKE_SCRIPT = `
local docKey, pendingKey, eventKey, docEventsKey, docsKey, pendingDocsKey, idemKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local eventId, documentId, kind, versionArg, source, now, retention, useIdem, idemTtl,
  text, title, metadata, channel, fingerprint =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9],
  ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14]
local function fmt(n) return string.format('%.0f', n) end

if useIdem == '1' then
  local first = redis.call('HMGET', idemKey, 'eventId', 'fingerprint', 'documentId')
  if first[1] then
    if first[2] ~= fingerprint then return {first[1], 'key-reused', first[3] or ''} end
    return {first[1], 'duplicate', ''}
  end
end

local latest = tonumber(redis.call('HGET', docKey, 'latestVersion') or '-1')
local version
if versionArg == '' then
  version = math.max(latest + 1, 1)
else
  version = tonumber(versionArg)
end

local status = 'queued'
if version <= latest then
  -- An older (or equal) version than one already accepted: it can never win.
  status = 'superseded'
else
  if redis.call('EXISTS', docKey) == 0 then
    redis.call('HSET', docKey, 'documentId', documentId, 'createdAt', now, 'indexedVersion', '-1', 'chunks', '0')
    redis.call('ZADD', docsKey, 0, documentId)
  end
  redis.call('HSET', docKey, 'latestVersion', fmt(version), 'status', 'queued', 'source', source, 'updatedAt', now)
  redis.call('DEL', pendingKey)
  redis.call('HSET', pendingKey, 'version', fmt(version), 'kind', kind, 'eventId', eventId,
    'source', source, 'text', text, 'title', title, 'metadata', metadata, 'receivedAt', now)
  redis.call('ZADD', docEventsKey, version, eventId)
  redis.call('ZADD', pendingDocsKey, 0, documentId)
end

redis.call('HSET', eventKey, 'eventId', eventId, 'documentId', documentId, 'kind', kind,
  'version', fmt(version), 'source', source, 'status', status, 'receivedAt', now, 'updatedAt', now)
redis.call('EXPIRE', eventKey, retention)
if useIdem == '1' then
  redis.call('HSET', idemKey, 'eventId', eventId, 'fingerprint', fingerprint, 'documentId', documentId)
  redis.call('EXPIRE', idemKey, idemTtl)
end
if status == 'superseded' then redis.call('PUBLISH', channel, eventId .. ' superseded') end
return {eventId, status, fmt(version)}
`;

/** A worker starts on a document: read its pending change and mark the events it covers active. */
export const ACTIVATE_SCRIPT = `
local docKey, pendingKey, docEventsKey = KEYS[1], KEYS[2], KEYS[3]
local now, eventPrefix = ARGV[1], ARGV[2]
local pending = redis.call('HGETALL', pendingKey)
if #pending == 0 then return pending end
local version = tonumber(redis.call('HGET', pendingKey, 'version'))
redis.call('HSET', docKey, 'status', 'indexing', 'updatedAt', now)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', docEventsKey, '-inf', version)) do
  redis.call('HSET', eventPrefix .. ':' .. id, 'status', 'active', 'updatedAt', now)
end
return pending
`;

/**
 * Record the outcome of applying version ARGV[1]. Completed: only if it is newer than what is
 * indexed (else 'stale'). Events up to that version end: the applied one with the outcome, older
 * coalesced ones as superseded. The pending change is dropped if it is the one just applied.
 */
export const COMMIT_SCRIPT = `
local docKey, pendingKey, docEventsKey, pendingDocsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local version, outcome, docStatus, contentHash, chunks, chunkHashes, title, err, unchanged,
  embedded, reused, deleted, now, eventPrefix, channel, documentId, retention =
  tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9],
  ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16], ARGV[17]
local function fmt(n) return string.format('%.0f', n) end

local indexed = tonumber(redis.call('HGET', docKey, 'indexedVersion') or '-1')
local latest = tonumber(redis.call('HGET', docKey, 'latestVersion') or '-1')
local result = outcome
if outcome == 'completed' and version <= indexed then
  result = 'stale'
  outcome = 'superseded'
elseif outcome == 'completed' then
  local status = docStatus
  if latest > version then status = 'queued' end
  redis.call('HSET', docKey, 'indexedVersion', fmt(version), 'contentHash', contentHash,
    'chunks', chunks, 'chunkHashes', chunkHashes, 'title', title, 'error', '', 'status', status, 'updatedAt', now,
    'syncedAt', now)
else
  local status = 'failed'
  if latest > version then status = 'queued' end
  redis.call('HSET', docKey, 'error', err, 'status', status, 'updatedAt', now)
end

local ids = redis.call('ZRANGEBYSCORE', docEventsKey, '-inf', version, 'WITHSCORES')
for i = 1, #ids, 2 do
  local id, score = ids[i], tonumber(ids[i + 1])
  local key = eventPrefix .. ':' .. id
  local status = 'superseded'
  if score == version then
    status = outcome
    redis.call('HSET', key, 'unchanged', unchanged, 'chunksEmbedded', embedded, 'chunksReused', reused,
      'chunksDeleted', deleted, 'error', err)
  end
  redis.call('HSET', key, 'status', status, 'updatedAt', now)
  redis.call('EXPIRE', key, retention)
  redis.call('PUBLISH', channel, id .. ' ' .. status)
end
redis.call('ZREMRANGEBYSCORE', docEventsKey, '-inf', version)

local pendingVersion = tonumber(redis.call('HGET', pendingKey, 'version') or '-1')
if pendingVersion <= version then
  redis.call('DEL', pendingKey)
  redis.call('ZREM', pendingDocsKey, documentId)
end
return result
`;
