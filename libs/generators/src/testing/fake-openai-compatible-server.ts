import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChatRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * A scripted reply: an HTTP error (`status`, `headers`, `body`), `'hang'` (never answer), or a
 * stream that sends `chunks` then hangs (a server stalling mid-answer) instead of `[DONE]`.
 */
export type ScriptedChatReply =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | 'hang'
  | { stallAfter: string[] };

/**
 * A local HTTP server speaking OpenAI's chat completions as llama.cpp, vLLM and Ollama serve it:
 * `POST /v1/chat/completions`, JSON or (with `stream: true`) `data: {...}` chunks ending in
 * `data: [DONE]`; errors as `{ error: { message, type } }`. Its default answer quotes the first
 * context block of the prompt and cites it as [1].
 */
export class FakeOpenAiCompatibleServer {
  readonly requests: RecordedChatRequest[] = [];
  private readonly scripts: ScriptedChatReply[] = [];
  private readonly server: Server;

  constructor(private readonly options: { apiKey?: string; answer?: string } = {}) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Scripts the next replies, one per request, in order. */
  enqueue(...replies: ScriptedChatReply[]): void {
    this.scripts.push(...replies);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const path = (req.url ?? '').split('?')[0];
    this.requests.push({ path, headers: req.headers, body });
    if (this.options.apiKey && req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      return sendJson(res, 401, openAiError('Invalid API key', 'authentication_error'));
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(res, 404, openAiError(`no route ${req.method} ${path}`, 'not_found'));
    }
    const script = this.scripts.shift();
    if (script === 'hang') return;
    if (script && 'status' in script) {
      return sendJson(
        res,
        script.status,
        script.body ?? openAiError('error', 'server_error'),
        script.headers,
      );
    }
    const answer = this.options.answer ?? defaultAnswer(body);
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const pieces = script ? script.stallAfter : answer.split(/(?<= )/);
      for (const piece of pieces) {
        res.write(`data: ${JSON.stringify(streamChunk(piece))}\n\n`);
      }
      if (script) return; // stalls: no [DONE]
      res.write(
        `data: ${JSON.stringify({ ...streamChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      return;
    }
    sendJson(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: String(body.model),
      choices: [
        { index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }
}

/** OpenAI's error body. */
export function openAiError(message: string, type: string) {
  return { error: { message, type, param: null, code: null } };
}

function streamChunk(content: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'fake',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
}

/** "According to the sources, <first line of block 1> [1]." read from the user message. */
function defaultAnswer(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const user: unknown = messages.find(
    (m: unknown) => typeof m === 'object' && m !== null && 'role' in m && m.role === 'user',
  );
  const content =
    typeof user === 'object' && user !== null && 'content' in user ? String(user.content) : '';
  const block = /<context n="1"[^>]*>\n([^\n]*)/.exec(content);
  return `According to the sources, ${block ? block[1] : 'nothing is known'} [1].`;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
