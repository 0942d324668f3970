import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { API_KEY_STORE, type ApiKeyStore } from '@ragline/catalog';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { ForbiddenError } from '@ragline/catalog';
import type { Caller } from '@ragline/catalog';
import { parseInput } from '../http/parse-input';
import { createKeyBodySchema, keyIdSchema, listKeysQuerySchema } from './keys.dto';

/**
 * API keys, for `admin` keys: an admin manages its own tenant's keys; the root key
 * (RAGLINE_ADMIN_KEY) every tenant's. The plain key is in the creation answer only.
 */
@Controller('v1/keys')
@RequireScope('admin')
export class KeysController {
  constructor(@Inject(API_KEY_STORE) private readonly keys: ApiKeyStore) {}

  @Post()
  @HttpCode(201)
  async create(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    const input = parseInput(createKeyBodySchema, body);
    const tenant = this.tenantFor(caller, input.tenant);
    const outside = input.libraries === undefined ? undefined : input.libraries;
    if (caller.libraries !== undefined) {
      const allowed = caller.libraries;
      if (outside === undefined || outside.some((name) => !allowed.includes(name))) {
        throw new ForbiddenError(
          'A key restricted to some libraries creates keys for those libraries only.',
          'libraries',
        );
      }
    }
    const { key, record } = await this.keys.create({ ...input, tenant });
    return { ...record, key, createdAt: new Date(record.createdAt).toISOString() };
  }

  /** A restricted admin sees only the keys within its own libraries. */
  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: unknown) {
    const { tenant } = parseInput(listKeysQuerySchema, query);
    const keys = await this.keys.list(caller.root ? tenant : this.tenantFor(caller, tenant));
    return { keys: keys.filter((key) => manages(caller, key.libraries)).map(view) };
  }

  @Delete(':id')
  async revoke(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    const keyId = parseInput(keyIdSchema, id, 'id');
    const tenant = caller.root ? undefined : caller.tenant;
    const record = await this.keys.find(keyId);
    // Another tenant's key is as unknown as a missing one; one outside a restricted admin's
    // libraries is a key it may not touch.
    if (
      record &&
      (tenant === undefined || record.tenant === tenant) &&
      !manages(caller, record.libraries)
    ) {
      throw new ForbiddenError(
        'A key restricted to some libraries revokes keys of those libraries only.',
        'id',
      );
    }
    return view(await this.keys.revoke(keyId, tenant));
  }

  private tenantFor(caller: Caller, tenant: string | undefined): string {
    if (tenant === undefined || tenant === caller.tenant) return caller.tenant;
    if (!caller.root) {
      throw new ForbiddenError('Only the root key manages keys of other tenants.', 'tenant');
    }
    return tenant;
  }
}

function view<T extends { createdAt: number; revokedAt?: number }>(record: T) {
  return {
    ...record,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.revokedAt === undefined
      ? {}
      : { revokedAt: new Date(record.revokedAt).toISOString() }),
  };
}

/** Whether `caller` may manage a key of `libraries` (undefined: every library of the tenant). */
function manages(caller: Caller, libraries: readonly string[] | undefined): boolean {
  if (caller.libraries === undefined) return true;
  const allowed = caller.libraries;
  return libraries !== undefined && libraries.every((name) => allowed.includes(name));
}
