import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Scope } from '@ragline/catalog';
import type { Caller } from '@ragline/catalog';

export const SCOPE_KEY = 'ragline:scope';
export const PUBLIC_KEY = 'ragline:public';

/** The scopes a route accepts, any one of them (`admin` includes every scope). */
export const RequireScope = (...scopes: Scope[]) => SetMetadata(SCOPE_KEY, scopes);

/** A route anyone may call (health probes, the page's static files). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller of this request (set by AuthGuard). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<{ caller?: Caller }>();
  if (!request.caller) throw new Error('CurrentCaller used on a route without AuthGuard');
  return request.caller;
});
