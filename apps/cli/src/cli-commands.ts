import { parseArgs } from 'node:util';
import { SCOPES, type ApiKeyStore, type LibraryCatalog, type Scope } from '@ragline/catalog';
import { libraryNameSchema, principalSchema, tenantNameSchema } from '@ragline/events';

export const USAGE = `usage: npm run ragline -- <command>

  keys create --tenant <t> --scopes <s,…> [--libraries <l,…>] [--principals <p,…>] [--name <n>]
              scopes: ${SCOPES.join(', ')} (admin includes the others); prints the key once
  keys list [--tenant <t>]
  keys revoke <key id>
  libraries list [--tenant <t>]
`;

export class UsageError extends Error {}

export interface CliDeps {
  keys: ApiKeyStore;
  catalog: LibraryCatalog;
  print(line: string): void;
}

/** Runs one CLI command against the deployment's Redis (the same data the API uses). */
export async function runCommand(argv: string[], deps: CliDeps): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      scopes: { type: 'string' },
      libraries: { type: 'string' },
      principals: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const [noun, verb, arg] = positionals;
  const tenant =
    values.tenant === undefined ? undefined : parse(tenantNameSchema, values.tenant, '--tenant');
  if (noun === 'keys' && verb === 'create') {
    if (tenant === undefined) throw new UsageError('keys create needs --tenant');
    const scopes = list(values.scopes).map((scope) => {
      if (!(SCOPES as readonly string[]).includes(scope)) {
        throw new UsageError(`unknown scope "${scope}" (scopes: ${SCOPES.join(', ')})`);
      }
      return scope as Scope;
    });
    if (scopes.length === 0) throw new UsageError('keys create needs --scopes');
    const libraries = list(values.libraries).map((l) => parse(libraryNameSchema, l, '--libraries'));
    const principals = list(values.principals).map((p) =>
      parse(principalSchema, p, '--principals'),
    );
    const { key, record } = await deps.keys.create({
      tenant,
      scopes,
      ...(libraries.length > 0 ? { libraries } : {}),
      principals,
      ...(values.name ? { name: values.name } : {}),
    });
    deps.print(key);
    deps.print(
      `# id ${record.id}, tenant ${record.tenant}, scopes ${record.scopes.join(',')}` +
        `${record.libraries ? `, libraries ${record.libraries.join(',')}` : ''}` +
        ' (the key is shown once: store it now)',
    );
    return;
  }
  if (noun === 'keys' && verb === 'list') {
    for (const key of await deps.keys.list(tenant)) {
      deps.print(
        [
          key.id,
          key.tenant,
          key.scopes.join(','),
          key.libraries?.join(',') ?? '*',
          key.revokedAt === undefined
            ? 'active'
            : `revoked ${new Date(key.revokedAt).toISOString()}`,
          key.name ?? '',
        ].join('\t'),
      );
    }
    return;
  }
  if (noun === 'keys' && verb === 'revoke') {
    if (!arg) throw new UsageError('keys revoke needs the key id');
    const revoked = await deps.keys.revoke(arg);
    deps.print(`revoked ${revoked.id} (tenant ${revoked.tenant})`);
    return;
  }
  if (noun === 'libraries' && verb === 'list') {
    const libraries =
      tenant === undefined ? await deps.catalog.listAll() : await deps.catalog.list(tenant);
    for (const library of libraries) {
      deps.print([library.tenant, library.library, library.status, library.searchMode].join('\t'));
    }
    return;
  }
  throw new UsageError(`unknown command "${positionals.join(' ')}"`);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: string,
  flag: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${flag}: "${value}" is not valid`);
  return result.data;
}
