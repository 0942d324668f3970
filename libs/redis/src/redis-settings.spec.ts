import {
  parseRedisInfo,
  redisSettingsWarnings,
  uncheckedRedisSettings,
  type RedisSettings,
} from './redis-settings';

/** The production settings: AOF on, no eviction, a recent version. */
const safe: RedisSettings = {
  version: '7.2.4',
  maxmemoryPolicy: 'noeviction',
  aofEnabled: true,
  rdbSavePoints: '',
};
const settingsOf = (settings: RedisSettings) =>
  redisSettingsWarnings(settings).map((w) => w.setting);

describe('redisSettingsWarnings', () => {
  it('says nothing about the production settings', () => {
    expect(redisSettingsWarnings(safe)).toEqual([]);
    expect(uncheckedRedisSettings(safe)).toEqual([]);
  });

  it('warns when keys may be evicted, naming the policy, the loss and the fix', () => {
    const [warning] = redisSettingsWarnings({ ...safe, maxmemoryPolicy: 'allkeys-lru' });
    expect(warning.setting).toBe('maxmemory-policy');
    expect(warning.message).toMatch(/"allkeys-lru"/);
    expect(warning.message).toMatch(/loses queued jobs/);
    expect(warning.message).toMatch(/maxmemory-policy noeviction/);
  });

  it('warns about persistence only when both AOF and RDB are off', () => {
    expect(settingsOf({ ...safe, aofEnabled: false, rdbSavePoints: '' })).toEqual(['persistence']);
    expect(settingsOf({ ...safe, aofEnabled: false, rdbSavePoints: ' ' })).toEqual(['persistence']);
    expect(settingsOf({ ...safe, aofEnabled: false, rdbSavePoints: '3600 1 300 100' })).toEqual([]);
    expect(settingsOf({ ...safe, aofEnabled: true, rdbSavePoints: '' })).toEqual([]);
    const [warning] = redisSettingsWarnings({ ...safe, aofEnabled: false });
    expect(warning.message).toMatch(/restart loses every queued job/);
    expect(warning.message).toMatch(/appendonly yes.*appendfsync everysec/);
  });

  it('warns about a Redis older than 6.2.0 and accepts 6.2.0 and newer', () => {
    expect(settingsOf({ ...safe, version: '6.0.16' })).toEqual(['version']);
    expect(settingsOf({ ...safe, version: '5.0.14' })).toEqual(['version']);
    expect(settingsOf({ ...safe, version: '6.2.0' })).toEqual([]);
    expect(settingsOf({ ...safe, version: '6.10.1' })).toEqual([]);
    expect(settingsOf({ ...safe, version: '10.0' })).toEqual([]);
    expect(redisSettingsWarnings({ ...safe, version: '6.0.16' })[0].message).toMatch(
      /Redis 6\.0\.16 is older than 6\.2\.0.*Upgrade Redis/,
    );
  });

  it('gives one line per problem when everything is wrong', () => {
    expect(
      settingsOf({
        version: '5.0.7',
        maxmemoryPolicy: 'volatile-ttl',
        aofEnabled: false,
        rdbSavePoints: '',
      }),
    ).toEqual(['maxmemory-policy', 'persistence', 'version']);
  });

  it('treats settings it could not read (CONFIG disabled) as unknown: no warning, listed as unchecked', () => {
    const noConfig: RedisSettings = { version: '7.0.15', aofEnabled: false };
    expect(redisSettingsWarnings(noConfig)).toEqual([]);
    expect(uncheckedRedisSettings(noConfig)).toEqual(['maxmemory-policy', 'persistence']);
    // AOF on settles persistence without CONFIG.
    expect(uncheckedRedisSettings({ ...noConfig, aofEnabled: true })).toEqual(['maxmemory-policy']);
    expect(uncheckedRedisSettings({})).toEqual(['maxmemory-policy', 'persistence', 'version']);
    expect(redisSettingsWarnings({ version: 'unknown' })).toEqual([]);
  });
});

describe('parseRedisInfo', () => {
  it('reads field:value lines and skips section headers', () => {
    const text =
      '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n# Persistence\r\naof_enabled:0\r\n';
    expect(parseRedisInfo(text)).toEqual({
      redis_version: '7.0.15',
      redis_mode: 'standalone',
      aof_enabled: '0',
    });
  });

  it('keeps colons inside values', () => {
    expect(parseRedisInfo('executable:/usr/bin/redis-server\nconfig_file:C:\\redis.conf')).toEqual({
      executable: '/usr/bin/redis-server',
      config_file: 'C:\\redis.conf',
    });
  });
});
