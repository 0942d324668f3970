// Prints the README configuration table from the code: npx swc scripts/print-config-table.ts libs/config -d /tmp/cfg && node /tmp/cfg/scripts/print-config-table.js
import { configVariables } from '../libs/config/src/config-variables';
for (const [name, v] of Object.entries(configVariables)) {
  const r = v.schema.safeParse(undefined);
  const value = r.success ? r.data : undefined;
  const def =
    value === undefined
      ? '—'
      : '`' + (typeof value === 'object' ? JSON.stringify(value) : String(value)) + '`';
  console.log(
    `| \`${name}\` | ${def} | ${v.description.replace(/\|/g, '\\|')}${'secret' in v && v.secret ? ' *(secret: never logged)*' : ''} |`,
  );
}
