import { loadConfig, ConfigError, redactConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.RAGLINE_QUEUE_PREFIX).toBe('ragline');
    expect(config.DATA_DIR).toBe('./data');
    expect(config.VECTOR_STORE).toBe('embedded');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable by name in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', VECTOR_STORE: 'pinecone', WORKER_CONCURRENCY: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('VECTOR_STORE');
    expect(message).toContain('WORKER_CONCURRENCY');
  });

  it('asks for QDRANT_URL when VECTOR_STORE=qdrant', () => {
    expect(() => loadConfig({ VECTOR_STORE: 'qdrant' })).toThrow(/QDRANT_URL: required/);
  });

  it('never shows secrets', () => {
    const config = loadConfig({ EMBEDDER: 'cohere', COHERE_API_KEY: 'sk-secret' });
    expect(JSON.stringify(redactConfig(config))).not.toContain('sk-secret');
    expect(() => loadConfig({ REDIS_URL: 'not a url with secret' })).toThrow(/\(hidden\)/);
  });
});
