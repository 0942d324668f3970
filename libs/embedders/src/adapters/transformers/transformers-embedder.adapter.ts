import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { describeError, ErrorCode, RaglineError } from '@ragline/errors';
import type { Embedder, EmbedderId } from '../../embedder.port';
import { EmbedderBadResponseError, EmbedderUnavailableError } from '../../embedders.errors';

/** Files a transformers.js feature-extraction model directory must hold (Hugging Face layout). */
const REQUIRED_FILES = ['config.json', 'tokenizer.json'];
/** fp32 first; a quantized export is accepted when it is all there is. */
const WEIGHTS = [
  { file: 'onnx/model.onnx', dtype: 'fp32' },
  { file: 'onnx/model_quantized.onnx', dtype: 'q8' },
] as const;

/**
 * A sentence-transformer you provide as ONNX (e.g. an `Xenova/*` export of all-MiniLM-L6-v2 or
 * bge-small), run by `@huggingface/transformers` with mean pooling and L2 normalisation. Strictly
 * offline: remote models are disabled, so a missing file fails instead of downloading.
 * Inference runs in onnxruntime's native thread pool; tokenising runs on the calling thread.
 */
export class TransformersEmbedder implements Embedder {
  readonly maxBatchSize = 32;

  private constructor(
    readonly id: EmbedderId,
    private readonly extractor: FeatureExtractionPipeline,
  ) {}

  /**
   * Loads the model in `modelPath` (a directory with config.json, tokenizer.json and
   * onnx/model.onnx). The library is imported here, not at module load, so other embedders never
   * pay for onnxruntime. The dimension is read from one probe embedding.
   */
  static async create(modelPath: string): Promise<TransformersEmbedder> {
    const directory = resolve(modelPath);
    const weights = checkModelDirectory(directory);
    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(directory);
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = await pipeline('feature-extraction', basename(directory), {
        local_files_only: true,
        dtype: weights.dtype,
      });
    } catch (error) {
      throw notConfigured(`could not load the model in ${directory}: ${describeError(error)}`);
    }
    const probe = await embedWith(extractor, ['dimension probe']);
    const id = { kind: 'transformers', model: basename(directory), dimensions: probe[0].length };
    return new TransformersEmbedder(id, extractor);
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.maxBatchSize) {
      const batch = texts.slice(start, start + this.maxBatchSize);
      vectors.push(...(await this.embed(batch)));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embed([text]);
    return vector;
  }

  async close(): Promise<void> {
    await this.extractor.dispose();
  }

  private async embed(texts: string[]): Promise<number[][]> {
    const vectors = await embedWith(this.extractor, texts);
    if (vectors.some((vector) => vector.length !== this.id.dimensions)) {
      throw new EmbedderBadResponseError(`Model ${this.id.model} changed its vector size`);
    }
    return vectors;
  }
}

async function embedWith(extractor: FeatureExtractionPipeline, texts: string[]) {
  let output: unknown;
  try {
    const tensor = await extractor(texts, { pooling: 'mean', normalize: true });
    output = tensor.tolist();
  } catch (error) {
    throw new EmbedderUnavailableError(`Local ONNX model failed: ${describeError(error)}`, {
      cause: error,
    });
  }
  const valid =
    Array.isArray(output) &&
    output.length === texts.length &&
    output.every(
      (vector: unknown) =>
        Array.isArray(vector) &&
        vector.length > 0 &&
        vector.every((value: unknown) => typeof value === 'number' && Number.isFinite(value)),
    );
  if (!valid) throw new EmbedderBadResponseError('Local ONNX model returned malformed vectors');
  return output as number[][];
}

/** Fails before importing anything, naming exactly what is missing and the layout expected. */
function checkModelDirectory(directory: string): (typeof WEIGHTS)[number] {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw notConfigured(`EMBEDDING_MODEL_PATH ${directory} is not a directory`);
  }
  const missing = REQUIRED_FILES.filter((file) => !existsSync(join(directory, file)));
  const weights = WEIGHTS.find(({ file }) => existsSync(join(directory, file)));
  if (!weights) missing.push(WEIGHTS.map(({ file }) => file).join(' or '));
  if (missing.length > 0 || !weights) {
    throw notConfigured(`no ONNX model in ${directory}: missing ${missing.join(', ')}`);
  }
  return weights;
}

function notConfigured(problem: string): RaglineError {
  return new RaglineError(
    ErrorCode.FeatureNotConfigured,
    `EMBEDDER=transformers: ${problem}. Expected a Hugging Face ONNX export: config.json, ` +
      'tokenizer.json, onnx/model.onnx (see docs/embedders.md).',
    { field: 'EMBEDDING_MODEL_PATH' },
  );
}
