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
import { ForbiddenError } from '../auth/auth.errors';
import type { Caller } from '../auth/caller';
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

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: unknown) {
    const { tenant } = parseInput(listKeysQuerySchema, query);
    const keys = await this.keys.list(caller.root ? tenant : this.tenantFor(caller, tenant));
    return { keys: keys.map(view) };
  }

  @Delete(':id')
  async revoke(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    const keyId = parseInput(keyIdSchema, id, 'id');
    return view(await this.keys.revoke(keyId, caller.root ? undefined : caller.tenant));
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
