/**
 * Test fixture: git's smart HTTP protocol served by the real `git http-backend` (CGI) behind a
 * local HTTP server, with an optional required Authorization header: lets a test fetch over http
 * with a token without reaching the internet. Never imported by product code.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedGitRequest {
  method: string;
  /** Path and query as requested: a token in the URL would show here. */
  url: string;
  authorization?: string;
}

export class HttpGitServer {
  readonly requests: RecordedGitRequest[] = [];
  private readonly server: Server;

  /** Serves the repositories under `projectRoot`; demands `authorization` when given. */
  constructor(private readonly options: { projectRoot: string; authorization?: string }) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening on a free loopback port; returns the base URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization });
    if (this.options.authorization && req.headers.authorization !== this.options.authorization) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const [pathInfo, query = ''] = url.split('?');
    const backend = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_PROJECT_ROOT: this.options.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(pathInfo),
        QUERY_STRING: query,
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: header(req, 'git-protocol'),
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    const output: Buffer[] = [];
    backend.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    backend.stderr.resume();
    req.pipe(backend.stdin);
    backend.on('close', () => sendCgiResponse(res, Buffer.concat(output)));
  }
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** A CGI response is header lines, a blank line, then the body; `Status:` sets the status. */
function sendCgiResponse(res: ServerResponse, output: Buffer): void {
  let split = output.indexOf('\r\n\r\n');
  let gap = 4;
  if (split === -1) {
    split = output.indexOf('\n\n');
    gap = 2;
  }
  if (split === -1) {
    res.writeHead(502).end();
    return;
  }
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of output.toString('latin1', 0, split).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
    else headers[name] = value;
  }
  res.writeHead(status, headers).end(output.subarray(split + gap));
}
