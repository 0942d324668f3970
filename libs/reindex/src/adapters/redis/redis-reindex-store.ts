import { libraryKey, type LibraryRef } from '@ragline/events';
import { LuaScript, redisOperation, type RedisClient } from '@ragline/redis';
import {
  ACTIVE_STATUSES,
  type Comparison,
  type RebuildOutcome,
  type ReindexRun,
  type ReindexStatus,
} from '../../reindex-run';
import type { ReindexStore, RunPatch, StartResult } from '../../reindex-store.port';

const RUNS_KEPT = 50;
const ERRORS_KEPT = 10;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const COUNT_FIELDS = ['scanned', 'indexed', 'unchanged', 'deleted', 'failed', 'embedded'] as const;

/** A new run, unless one is active (or the Idempotency-Key already started one). */
const createScript = new LuaScript<
  'active' | 'run' | 'runs' | 'idem',
  { id: string; spec: string; createdAt: number; hasKey: boolean; fingerprint: string }
>(
  ['active', 'run', 'runs', 'idem'],
  `
if A.hasKey then
  local prior = redis.call('GET', K.idem)
  if prior then
    local sep = string.find(prior, ' ', 1, true)
    local id = string.sub(prior, 1, sep - 1)
    if string.sub(prior, sep + 1) == A.fingerprint then return {'replayed', id} end
    return {'key-reused', id}
  end
end
local active = redis.call('GET', K.active)
if active then return {'busy', active} end
redis.call('SET', K.active, A.id)
redis.call('HSET', K.run, 'spec', A.spec, 'status', 'queued',
  'scanned', 0, 'indexed', 0, 'unchanged', 0, 'deleted', 0, 'failed', 0, 'embedded', 0)
redis.call('ZADD', K.runs, A.createdAt, A.id)
if A.hasKey then
  redis.call('SET', K.idem, A.id .. ' ' .. A.fingerprint, 'EX', ${IDEMPOTENCY_TTL_SECONDS})
end
return {'created', A.id}
`,
);

/** Status `A.to` if the current one is in `A.from`; a final status frees the build slot. */
const transitionScript = new LuaScript<
  'active' | 'run',
  { id: string; from: string[]; to: string; fields: string[]; final: boolean }
>(
  ['active', 'run'],
  `
local status = redis.call('HGET', K.run, 'status')
if not status then return {'missing'} end
local allowed = false
for _, s in ipairs(A.from) do if s == status then allowed = true end end
if not allowed then return {'refused', status} end
redis.call('HSET', K.run, 'status', A.to)
if #A.fields > 0 then redis.call('HSET', K.run, unpack(A.fields)) end
if A.final and redis.call('GET', K.active) == A.id then redis.call('DEL', K.active) end
return {'ok'}
`,
);

/** A document's outcome, counted once: a retried batch moves a count, never doubles it. */
const outcomeScript = new LuaScript<
  'run' | 'outcomes' | 'errors',
  { documentId: string; outcome: string; embedded: number; error: string }
>(
  ['run', 'outcomes', 'errors'],
  `
local old = redis.call('HGET', K.outcomes, A.documentId)
if old == A.outcome then return 0 end
redis.call('HSET', K.outcomes, A.documentId, A.outcome)
redis.call('HINCRBY', K.run, A.outcome, 1)
if old then redis.call('HINCRBY', K.run, old, -1)
else redis.call('HINCRBY', K.run, 'embedded', A.embedded) end
if A.outcome == 'failed' and redis.call('LLEN', K.errors) < ${ERRORS_KEPT} then
  redis.call('RPUSH', K.errors, A.error)
end
return 1
`,
);

type RunSpec = Omit<
  ReindexRun,
  | 'status'
  | 'counts'
  | 'errors'
  | 'comparison'
  | 'message'
  | 'startedAt'
  | 'finishedAt'
  | 'swappedAt'
>;

/** Runs on Redis, under the library's hash tag (a library's deletion sweeps them too). */
export class RedisReindexStore implements ReindexStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private base(library: LibraryRef): string {
    return `${this.prefix}:{${libraryKey(library)}}`;
  }
  private runKey(library: LibraryRef, id: string): string {
    return `${this.base(library)}:reindex:${id}`;
  }

  async create(
    run: ReindexRun,
    idempotency?: { key: string; fingerprint: string },
  ): Promise<StartResult> {
    const spec: RunSpec = {
      id: run.id,
      tenant: run.tenant,
      library: run.library,
      swap: run.swap,
      from: run.from,
      target: run.target,
      tolerance: run.tolerance,
      createdAt: run.createdAt,
      ...(run.evalSet ? { evalSet: run.evalSet } : {}),
      ...(run.sources ? { sources: run.sources } : {}),
    };
    const [kind, id] = (await redisOperation('create reindex run', () =>
      createScript.run(
        this.redis,
        {
          active: `${this.base(run)}:reindex-active`,
          run: this.runKey(run, run.id),
          runs: `${this.base(run)}:reindexes`,
          idem: `${this.base(run)}:reindex-idem:${idempotency?.key ?? ''}`,
        },
        {
          id: run.id,
          spec: JSON.stringify(spec),
          createdAt: run.createdAt,
          hasKey: idempotency !== undefined,
          fingerprint: idempotency?.fingerprint ?? '',
        },
      ),
    )) as [StartResult['kind'], string];
    if (kind === 'busy') return { kind, runningId: id };
    if (kind === 'key-reused') return { kind, firstRunId: id };
    if (kind === 'created') {
      await this.trim(run);
      return { kind, run };
    }
    const first = await this.get(run, id);
    // The first run was trimmed away: the key's promise cannot be kept, so it is not reused.
    if (!first) return { kind: 'key-reused', firstRunId: id };
    return { kind, run: first };
  }

  async get(library: LibraryRef, id: string): Promise<ReindexRun | undefined> {
    const key = this.runKey(library, id);
    const [fields, errors] = await redisOperation('read reindex run', () =>
      Promise.all([this.redis.hGetAll(key), this.redis.lRange(`${key}:errors`, 0, -1)]),
    );
    if (!fields.spec) return undefined;
    const spec = JSON.parse(fields.spec) as RunSpec;
    const counts = Object.fromEntries(
      COUNT_FIELDS.map((field) => [field, Number(fields[field] ?? 0)]),
    ) as unknown as ReindexRun['counts'];
    return {
      ...spec,
      status: fields.status as ReindexStatus,
      counts,
      errors: errors.map((raw) => JSON.parse(raw) as ReindexRun['errors'][number]),
      ...(fields.comparison ? { comparison: JSON.parse(fields.comparison) as Comparison } : {}),
      ...(fields.message ? { message: fields.message } : {}),
      ...optionalNumber('startedAt', fields.startedAt),
      ...optionalNumber('builtAt', fields.builtAt),
      ...optionalNumber('finishedAt', fields.finishedAt),
      ...optionalNumber('swappedAt', fields.swappedAt),
    };
  }

  async list(library: LibraryRef, limit: number): Promise<ReindexRun[]> {
    const ids = await redisOperation('list reindex runs', () =>
      this.redis.zRange(`${this.base(library)}:reindexes`, 0, limit - 1, { REV: true }),
    );
    const runs = await Promise.all(ids.map((id) => this.get(library, id)));
    return runs.filter((run): run is ReindexRun => run !== undefined);
  }

  async active(library: LibraryRef): Promise<string | undefined> {
    const id = await redisOperation('read active reindex', () =>
      this.redis.get(`${this.base(library)}:reindex-active`),
    );
    return id ?? undefined;
  }

  async transition(
    library: LibraryRef,
    id: string,
    from: readonly ReindexStatus[],
    to: ReindexStatus,
    patch: RunPatch = {},
  ): Promise<{ ok: true } | { ok: false; status: ReindexStatus | undefined }> {
    const fields: string[] = [];
    for (const [name, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      fields.push(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    const [result, status] = (await redisOperation('move reindex run', () =>
      transitionScript.run(
        this.redis,
        { active: `${this.base(library)}:reindex-active`, run: this.runKey(library, id) },
        { id, from: [...from], to, fields, final: !ACTIVE_STATUSES.includes(to) },
      ),
    )) as [string, string | undefined];
    if (result === 'ok') return { ok: true };
    return { ok: false, status: status as ReindexStatus | undefined };
  }

  async recordOutcome(
    library: LibraryRef,
    id: string,
    documentId: string,
    outcome: RebuildOutcome,
    detail: { embedded: number; message?: string },
  ): Promise<void> {
    const key = this.runKey(library, id);
    await redisOperation('record reindex outcome', () =>
      outcomeScript.run(
        this.redis,
        { run: key, outcomes: `${key}:outcomes`, errors: `${key}:errors` },
        {
          documentId,
          outcome,
          embedded: detail.embedded,
          error: JSON.stringify({ documentId, message: detail.message ?? '' }),
        },
      ),
    );
  }

  /** Keeps the newest RUNS_KEPT runs of a library. */
  private async trim(library: LibraryRef): Promise<void> {
    const runs = `${this.base(library)}:reindexes`;
    const old = await redisOperation('list old reindex runs', () =>
      this.redis.zRange(runs, 0, -(RUNS_KEPT + 1)),
    );
    for (const id of old) {
      const key = this.runKey(library, id);
      await redisOperation('drop old reindex run', () =>
        this.redis
          .multi()
          .del([key, `${key}:outcomes`, `${key}:errors`])
          .zRem(runs, id)
          .exec(),
      );
    }
  }
}

function optionalNumber(name: string, raw: string | undefined): Record<string, number> {
  return raw ? { [name]: Number(raw) } : {};
}
