import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@ragline/errors';
import { TransformersEmbedder } from './transformers-embedder.adapter';

// No ONNX weights exist in this repository: only the failure paths are testable here.
describe('TransformersEmbedder without a model', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ragline-transformers-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('names the variable when the path does not exist', async () => {
    const error = await TransformersEmbedder.create(join(directory, 'absent')).catch((e) => e);
    expect(error).toMatchObject({
      code: ErrorCode.FeatureNotConfigured,
      field: 'EMBEDDING_MODEL_PATH',
      retryable: false,
    });
    expect(error.message).toContain('is not a directory');
  });

  it('lists the files missing from an empty directory', async () => {
    const error = await TransformersEmbedder.create(directory).catch((e) => e);
    expect(error.code).toBe(ErrorCode.FeatureNotConfigured);
    expect(error.message).toContain('config.json, tokenizer.json, onnx/model.onnx');
  });

  it('reports a directory whose files are not a loadable model', async () => {
    mkdirSync(join(directory, 'onnx'));
    writeFileSync(join(directory, 'config.json'), '{"model_type":"bert"}');
    writeFileSync(join(directory, 'tokenizer.json'), '{}');
    writeFileSync(join(directory, 'onnx', 'model.onnx'), 'not a model');
    const error = await TransformersEmbedder.create(directory).catch((e) => e);
    expect(error.code).toBe(ErrorCode.FeatureNotConfigured);
    expect(error.message).toContain('could not load the model');
  });
});
