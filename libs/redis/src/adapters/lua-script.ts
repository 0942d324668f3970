import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connections';

/** What a script argument may be: it travels as one JSON document. */
export type LuaValue = string | number | boolean | readonly string[] | undefined;

/** Helpers every script may call. */
const LUA_HELPERS = `
local function fmt(n) return string.format('%.0f', n) end
`;

/**
 * A Lua script with named keys and named, typed arguments. Keys are declared once (`K.doc`,
 * `K.pending` inside the script, in the order given); arguments arrive as one JSON object
 * (`A.eventId`, `A.version` …) decoded with cjson, so no script reads a 14th positional ARGV and
 * a caller cannot pass them out of order. Runs by SHA, loading the source on first use or after a
 * Redis restart (NOSCRIPT).
 */
export class LuaScript<K extends string, A extends Record<string, LuaValue>> {
  private readonly source: string;
  private readonly sha: string;

  constructor(
    private readonly keyNames: readonly K[],
    body: string,
  ) {
    const bindings = keyNames.map((name, i) => `${name} = KEYS[${i + 1}]`).join(', ');
    this.source = `local K = {${bindings}}\nlocal A = cjson.decode(ARGV[1])\n${LUA_HELPERS}\n${body}`;
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  async run(client: RedisClient, keys: Readonly<Record<K, string>>, args: A): Promise<unknown> {
    const keyList = this.keyNames.map((name) => keys[name]);
    const argv = JSON.stringify(args);
    try {
      return await client.sendCommand([
        'EVALSHA',
        this.sha,
        String(keyList.length),
        ...keyList,
        argv,
      ]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.sendCommand(['EVAL', this.source, String(keyList.length), ...keyList, argv]);
    }
  }
}
