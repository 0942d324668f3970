/**
 * What Ragline checks of its Redis at start. A field is `undefined` when it could not be read
 * (CONFIG renamed or denied, as on many managed services): unknown, never a reason to warn.
 */
export interface RedisSettings {
  /** `redis_version` of INFO server. */
  version?: string;
  /** `maxmemory-policy`, e.g. `noeviction`, `allkeys-lru`. */
  maxmemoryPolicy?: string;
  /** `aof_enabled` of INFO persistence. */
  aofEnabled?: boolean;
  /** The RDB `save` points, e.g. `3600 1 300 100`; `''` when snapshots are off. */
  rdbSavePoints?: string;
}

/** Which setting a warning is about. */
export type RedisSettingName = 'maxmemory-policy' | 'persistence' | 'version';

/** One start-up warning: the setting, and a line saying what Ragline loses and how to fix it. */
export interface RedisSettingsWarning {
  setting: RedisSettingName;
  message: string;
}

/**
 * The oldest Redis BullMQ 6 supports fully ("full Redis compliant with version 6.2.0 or newer",
 * docs.bullmq.io/guide/redis-tm-compatibility; BullMQ itself refuses below 5.0 and only prints a
 * raw console line below 6.2).
 */
export const BULLMQ_MIN_REDIS_VERSION = '6.2.0';

/**
 * Decides the start-up warnings about a Redis: eviction allowed, no persistence, a version older
 * than BullMQ supports. Unknown settings give no warning (see `uncheckedRedisSettings`).
 */
export function redisSettingsWarnings(settings: RedisSettings): RedisSettingsWarning[] {
  const warnings: RedisSettingsWarning[] = [];
  const policy = settings.maxmemoryPolicy;
  if (policy !== undefined && policy !== 'noeviction') {
    warnings.push({
      setting: 'maxmemory-policy',
      message:
        `Redis maxmemory-policy is "${policy}", not "noeviction": once Redis is full it evicts keys, and Ragline silently loses queued jobs, accepted changes not yet applied, event states, libraries and API keys. ` +
        'Set `maxmemory-policy noeviction` (a full Redis then refuses writes, which Ragline answers with 503, and drops nothing).',
    });
  }
  if (settings.aofEnabled === false && settings.rdbSavePoints?.trim() === '') {
    warnings.push({
      setting: 'persistence',
      message:
        'Redis persistence is off (no AOF, no RDB save points): a Redis restart loses every queued job, every accepted change not yet applied, event states, libraries and API keys. ' +
        'Set `appendonly yes` with `appendfsync everysec` (a crash then loses at most about a second of writes), and run a replica.',
    });
  }
  const version = parseVersion(settings.version);
  if (version && compareVersions(version, parseVersion(BULLMQ_MIN_REDIS_VERSION) ?? []) < 0) {
    warnings.push({
      setting: 'version',
      message:
        `Redis ${settings.version} is older than ${BULLMQ_MIN_REDIS_VERSION}, the oldest BullMQ 6 supports: queue commands may fail or misbehave, leaving jobs stuck or lost. ` +
        `Upgrade Redis to ${BULLMQ_MIN_REDIS_VERSION} or newer (7.x recommended).`,
    });
  }
  return warnings;
}

/** The settings that could not be read, so the check of them was skipped. */
export function uncheckedRedisSettings(settings: RedisSettings): RedisSettingName[] {
  const unchecked: RedisSettingName[] = [];
  if (settings.maxmemoryPolicy === undefined) unchecked.push('maxmemory-policy');
  // Either persistence mode on is enough to know; off needs both read.
  const persistenceKnown =
    settings.aofEnabled === true ||
    (settings.rdbSavePoints !== undefined && settings.rdbSavePoints.trim() !== '') ||
    (settings.aofEnabled === false && settings.rdbSavePoints !== undefined);
  if (!persistenceKnown) unchecked.push('persistence');
  if (parseVersion(settings.version) === undefined) unchecked.push('version');
  return unchecked;
}

/** `field:value` lines of an INFO reply (section headers and blank lines skipped). */
export function parseRedisInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

function parseVersion(version: string | undefined): number[] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
