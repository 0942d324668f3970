import { Controller, Headers, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, RaglineError } from '@ragline/errors';
import {
  SourceService,
  WebhookUnauthorizedError,
  parseGitHubEvent,
  parseGitLabEvent,
  type Source,
  type WebhookEvent,
} from '@ragline/sources';
import { Public } from '../auth/auth.decorators';
import { parseInput } from '../http/parse-input';
import { sourceIdSchema } from '../sources/sources.dto';

/**
 * Push webhooks of GitHub and GitLab. Verified by the source's secret (no API key: the forge has
 * none), answered at once (the sync is queued), deduplicated by delivery id. A verified delivery
 * always gets a 2xx, with what it led to: a queued sync, an ignored event, or a duplicate.
 */
@Controller('v1/webhooks')
@Public()
export class WebhooksController {
  constructor(private readonly sources: SourceService) {}

  @Post('github/:sourceId')
  async github(
    @Param('sourceId') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('x-hub-signature-256') signature?: string,
    @Headers('x-github-event') event?: string,
    @Headers('x-github-delivery') deliveryId?: string,
  ): Promise<void> {
    const source = await this.verified(id, request, (s, raw) =>
      this.sources.verifyGitHub(s, raw, signature) ? undefined : 'X-Hub-Signature-256',
    );
    await this.answer(reply, source, parseGitHubEvent(event, deliveryId, request.body), deliveryId);
  }

  @Post('gitlab/:sourceId')
  async gitlab(
    @Param('sourceId') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('x-gitlab-token') token?: string,
    @Headers('x-gitlab-event') event?: string,
    @Headers('x-gitlab-event-uuid') eventUuid?: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<void> {
    const source = await this.verified(id, request, (s) =>
      this.sources.verifyGitLab(s, token) ? undefined : 'X-Gitlab-Token',
    );
    await this.answer(
      reply,
      source,
      parseGitLabEvent(event, request.body),
      eventUuid || idempotencyKey,
    );
  }

  /** The source, once the delivery's signature or token matches: unknown → 404, wrong → 401. */
  private async verified(
    id: string,
    request: FastifyRequest,
    mismatch: (source: Source, raw: Buffer) => string | undefined,
  ): Promise<Source> {
    const source = await this.sources.forWebhook(parseInput(sourceIdSchema, id, 'sourceId'));
    const raw = request.rawBody;
    if (raw === undefined || raw.length === 0) {
      throw new RaglineError(
        ErrorCode.ValidationFailed,
        'body is required: send the JSON payload.',
        {
          field: 'body',
        },
      );
    }
    const header = mismatch(source, raw);
    if (header !== undefined) throw new WebhookUnauthorizedError(header);
    return source;
  }

  private async answer(
    reply: FastifyReply,
    source: Source,
    event: WebhookEvent,
    deliveryId: string | undefined,
  ): Promise<void> {
    if (event.kind === 'ping') {
      await reply.status(202).send({ status: 'pong', source: source.id, zen: event.zen ?? null });
      return;
    }
    if (event.kind === 'ignored') {
      await reply
        .status(202)
        .send({ status: 'ignored', reason: event.reason, detail: event.detail });
      return;
    }
    const outcome = await this.sources.receivePush(source, event, deliveryId);
    await reply.status(202).send({ source: source.id, ...outcome });
  }
}
