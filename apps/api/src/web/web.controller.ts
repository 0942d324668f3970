import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { Public } from '../auth/auth.decorators';
import { readAsset, WEB_ASSETS } from './web-assets';

/**
 * Everything the page may load comes from this origin; the policy makes the browser refuse
 * anything else (scripts, styles, images, fetches to other hosts).
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The question page: static HTML, JS and CSS, no build step. */
@Controller()
@Public()
export class WebController {
  @Get()
  index(@Res() reply: FastifyReply) {
    return this.send(reply, 'index.html');
  }

  /** Browsers ask for it unprompted; an empty answer keeps their consoles free of 404s. */
  @Get('favicon.ico')
  favicon(@Res() reply: FastifyReply) {
    return reply.status(204).send();
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply) {
    if (!Object.hasOwn(WEB_ASSETS, name) || name === 'index.html') {
      throw new RaglineError(ErrorCode.NotFound, `No asset ${name}`);
    }
    return this.send(reply, name);
  }

  private async send(reply: FastifyReply, name: string): Promise<void> {
    const body = await readAsset(name);
    await reply
      .header('content-type', WEB_ASSETS[name])
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(body);
  }
}
