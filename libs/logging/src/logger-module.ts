import type { IncomingMessage } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { secretValues, type Config } from '@ragline/config';
import { LogScrubber } from './log-scrubber';

/** Header names whose values are credentials: never logged, whatever else is. */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-gitlab-token',
];

/**
 * One pino JSON logger for every process (API, worker, both). Request lines carry the request's
 * id, method and path only: no headers, no query string, no body (document text stays out of
 * logs). Credential headers are redacted should anything log them, and every line passes the
 * scrubber, which removes the configured secrets and credential-shaped strings.
 */
export function loggerModule(
  config: Config,
  options: { logRequests?: boolean } = {},
): DynamicModule {
  const scrubber = new LogScrubber(secretValues(config));
  const stream = { write: (line: string) => process.stdout.write(scrubber.scrub(line)) };
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        level: config.LOG_LEVEL,
        autoLogging:
          options.logRequests === true &&
          (config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace'),
        redact: {
          paths: CREDENTIAL_HEADERS.flatMap((name) => [
            `req.headers["${name}"]`,
            `res.headers["${name}"]`,
            `headers["${name}"]`,
          ]),
          censor: '[redacted]',
        },
        serializers: {
          req: (req: IncomingMessage & { id?: unknown }) => ({
            id: req.id,
            method: req.method,
            path: (req.url ?? '').split('?')[0],
          }),
          res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        },
      },
      stream,
    ],
  });
}
