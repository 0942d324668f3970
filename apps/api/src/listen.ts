import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '@ragline/config';

/** Starts listening and returns the address actually bound, as a URL a reader can trust. */
export async function listen(app: NestFastifyApplication, config: Config): Promise<string> {
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  return `http://${host}:${address.port}${everywhere ? ' (every interface)' : ''}`;
}
