import { createServer, type Server } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ApiKeyAuthenticator, hasScope } from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import { ErrorCode, isRaglineError } from '@ragline/errors';
import { METRICS, type Metrics } from '@ragline/metrics';

/**
 * The worker's /metrics on METRICS_PORT (a worker has no HTTP API): the same key rules as the
 * API's (a key with `metrics` or `admin`, or none when authentication is off).
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private server?: Server;

  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: Config,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === 0) return;
    this.server = createServer((request, response) => {
      const send = (status: number, code: string, message: string) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: { code, message } }));
      };
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        send(404, ErrorCode.NotFound, 'Only GET /metrics is served here.');
        return;
      }
      this.authenticator
        .authenticate(request.headers.authorization)
        .then(async (caller) => {
          if (!hasScope(caller.scopes, 'metrics')) {
            send(403, ErrorCode.Forbidden, 'This API key lacks the "metrics" scope.');
            return;
          }
          const { contentType, body } = await this.metrics.render();
          response.writeHead(200, { 'content-type': contentType });
          response.end(body);
        })
        .catch((error: unknown) =>
          isRaglineError(error) && error.code === ErrorCode.Unauthorized
            ? send(401, ErrorCode.Unauthorized, error.message)
            : send(503, ErrorCode.NotReady, 'Metrics are unavailable right now.'),
        );
    });
    await new Promise<void>((resolve) =>
      this.server?.listen(this.config.METRICS_PORT, this.config.METRICS_HOST, resolve),
    );
    this.logger.log(
      `worker metrics on http://${this.config.METRICS_HOST}:${this.config.METRICS_PORT}/metrics`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
