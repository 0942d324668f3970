import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasScope, type Scope } from '@ragline/catalog';
import { ApiKeyAuthenticator } from '@ragline/catalog';
import { PUBLIC_KEY, SCOPE_KEY } from './auth.decorators';
import { ForbiddenError } from '@ragline/catalog';
import type { Caller } from '@ragline/catalog';

/**
 * Every route needs a valid key with the route's scope, unless marked @Public: no key or a bad
 * key → 401, a key without the scope → 403. The caller is left on the request for the handler.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined>; caller?: Caller }>();
    const header = request.headers.authorization;
    const caller = await this.authenticator.authenticate(
      Array.isArray(header) ? header[0] : header,
    );
    const scopes = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPE_KEY, targets);
    if (scopes !== undefined && !scopes.some((scope) => hasScope(caller.scopes, scope))) {
      const wanted = scopes.map((scope) => `"${scope}"`).join(' or ');
      throw new ForbiddenError(`This API key lacks the ${wanted} scope.`, 'authorization');
    }
    request.caller = caller;
    return true;
  }
}
