import { z } from 'zod';
import { RaglineError, ErrorCode } from '@ragline/errors';
import { configVariables } from './config-variables';

type Variables = typeof configVariables;
export type Config = Readonly<{ [K in keyof Variables]: z.output<Variables[K]['schema']> }>;

export const CONFIG = Symbol('RAGLINE_CONFIG');

export class ConfigError extends RaglineError {
  constructor(readonly problems: string[]) {
    const listed = problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`;
    super(ErrorCode.ConfigInvalid, `Invalid configuration:${listed}`, {
      field: problems[0]?.split(':')[0],
    });
  }
}

/**
 * Reads the environment once, checks every variable, and returns a frozen Config.
 * Throws a ConfigError listing every bad variable, not just the first.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  /** Defaults of one entry point that differ from the table's (`npm run start:api`: AUTH=required). */
  roleDefaults: Partial<Record<keyof Variables, string>> = {},
): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(configVariables)) {
    const raw = env[name] || roleDefaults[name as keyof Variables];
    const result = variable.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) values[name] = result.data;
    else {
      const shown = 'secret' in variable && variable.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(
        `${name}: ${result.error.issues.map((i) => i.message).join('; ')} (got ${shown})`,
      );
    }
  }
  if (values.VECTOR_STORE === 'qdrant' && !values.QDRANT_URL) {
    problems.push('QDRANT_URL: required when VECTOR_STORE=qdrant (e.g. http://localhost:6333)');
  }
  if (values.EMBEDDER === 'cohere' && !values.COHERE_API_KEY) {
    problems.push('COHERE_API_KEY: required when EMBEDDER=cohere');
  }
  if (values.EMBEDDER === 'transformers' && !values.EMBEDDING_MODEL_PATH) {
    problems.push('EMBEDDING_MODEL_PATH: required when EMBEDDER=transformers');
  }
  if (values.GENERATOR === 'cohere' && !values.COHERE_API_KEY) {
    problems.push('COHERE_API_KEY: required when GENERATOR=cohere');
  }
  if (values.GENERATOR === 'openai-compatible' && !values.GENERATOR_URL) {
    problems.push(
      'GENERATOR_URL: required when GENERATOR=openai-compatible (e.g. http://127.0.0.1:8080)',
    );
  }
  if (
    typeof values.CHUNK_OVERLAP_TOKENS === 'number' &&
    typeof values.CHUNK_SIZE_TOKENS === 'number' &&
    values.CHUNK_OVERLAP_TOKENS >= values.CHUNK_SIZE_TOKENS
  ) {
    problems.push('CHUNK_OVERLAP_TOKENS: must be smaller than CHUNK_SIZE_TOKENS');
  }
  if (values.AUTH === 'off' && typeof values.HOST === 'string' && !isLoopback(values.HOST)) {
    problems.push(
      `AUTH: refusing to serve ${values.HOST} without authentication; bind HOST=127.0.0.1, or set RAGLINE_ADMIN_KEY (or create keys with \`npm run ragline -- keys create\`) and leave AUTH unset`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as Config;
}

/** The config with secrets masked, for a start-up log line. */
export function redactConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([name, value]) => {
      const variable = configVariables[name as keyof Variables] as { secret?: boolean };
      return [name, variable.secret && value !== undefined ? '***' : value];
    }),
  );
}

/**
 * The configured secret values (API keys, passwords inside URLs), for scrubbing them out of logs.
 * Values shorter than 6 characters are left out: they would match ordinary text.
 */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    const variable = configVariables[name as keyof Variables] as { secret?: boolean };
    if (!variable.secret || typeof value !== 'string') continue;
    values.push(value);
    const password = passwordOf(value);
    if (password) values.push(password, encodeURIComponent(password));
  }
  return [...new Set(values)].filter((value) => value.length >= 6);
}

function passwordOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.password === '' ? undefined : decodeURIComponent(url.password);
  } catch {
    return undefined;
  }
}

/** Whether `host` is a loopback interface: the only place Ragline serves without keys. */
export function isLoopback(host: string): boolean {
  return /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i.test(host);
}

/** Whether requests need an API key (see AUTH in the configuration table). */
export function authRequired(config: Pick<Config, 'AUTH' | 'HOST' | 'RAGLINE_ADMIN_KEY'>): boolean {
  if (config.AUTH === 'required') return true;
  if (config.AUTH === 'off') return false;
  return config.RAGLINE_ADMIN_KEY !== undefined || !isLoopback(config.HOST);
}
