import { randomUUID } from 'node:crypto';

/** The part of a recorded request these replies read (FakeCohereServer's RecordedRequest fits). */
interface RequestLike {
  body: Record<string, unknown>;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);

/**
 * Cohere v2 rerank, scripted onto FakeCohereServer (`enqueue('/v2/rerank', cohereRerankReply)`):
 * relevance is the share of query words a document contains; `top_n` results, best first.
 */
export function cohereRerankReply(request: RequestLike): Reply {
  const query = words(String(request.body.query));
  const documents = Array.isArray(request.body.documents) ? request.body.documents.map(String) : [];
  const topN = typeof request.body.top_n === 'number' ? request.body.top_n : documents.length;
  const results = documents
    .map((document, index) => {
      const found = [...query].filter((word) => words(document).has(word)).length;
      return { index, relevance_score: query.size === 0 ? 0 : found / query.size };
    })
    .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
    .slice(0, topN);
  return {
    status: 200,
    body: {
      id: randomUUID(),
      results,
      meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } },
    },
  };
}

/**
 * Cohere v2 chat with documents, scripted onto FakeCohereServer: answers with the first sentence of
 * the first document and cites it (citation source id = that document's id, as Cohere does).
 */
export function cohereChatReply(request: RequestLike): Reply {
  const documents = Array.isArray(request.body.documents) ? request.body.documents : [];
  const first: unknown = documents[0];
  const id = typeof first === 'object' && first !== null && 'id' in first ? String(first.id) : '';
  const data = typeof first === 'object' && first !== null && 'data' in first ? first.data : {};
  const text =
    typeof data === 'object' && data !== null && 'text' in data ? String(data.text) : 'nothing';
  const sentence = text.split(/(?<=[.!?])\s/)[0];
  const answer = `From the documents: ${sentence}`;
  const start = answer.indexOf(sentence);
  return {
    status: 200,
    body: {
      id: randomUUID(),
      finish_reason: 'COMPLETE',
      message: {
        role: 'assistant',
        content: [{ type: 'text', text: answer }],
        citations: [
          {
            start,
            end: start + sentence.length,
            text: sentence,
            sources: [{ type: 'document', id, document: { id, ...(data as object) } }],
            type: 'TEXT_CONTENT',
          },
        ],
      },
      usage: {
        billed_units: { input_tokens: 10, output_tokens: 10 },
        tokens: { input_tokens: 10, output_tokens: 10 },
      },
    },
  };
}
