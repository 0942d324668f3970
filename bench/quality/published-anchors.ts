/**
 * Published SciFact nDCG@10 (BEIR test split, 300 queries, whole documents, title + text), from
 * /work/shared/datasets/README.md. Only meaningful beside a SciFact run.
 */
export const SCIFACT_ANCHORS: readonly { system: string; ndcgAt10: number; source: string }[] = [
  {
    system: 'BM25 (BEIR)',
    ndcgAt10: 0.665,
    source: 'Thakur et al. 2021, arXiv:2104.08663, Table 2',
  },
  {
    system: 'BAAI/bge-small-en-v1.5 (dense, 384-d)',
    ndcgAt10: 0.71273,
    source: 'MTEB results, BAAI__bge-small-en-v1.5 SciFact.json (mteb 1.20.0)',
  },
];

/** The targets of the benchmark issue, checked in the report. */
export const TARGETS = { sparseNdcgAt10: 0.665, defaultModeNdcgAt10: 0.7 } as const;
