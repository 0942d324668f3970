import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { METRICS, type Metrics } from '@ragline/metrics';
import { RequireScope } from '../auth/auth.decorators';

/** Prometheus metrics of this process (every `ragline_*` series is listed in the README). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Get()
  @RequireScope('metrics')
  async render(@Res() reply: FastifyReply): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    await reply.header('content-type', contentType).send(body);
  }
}
