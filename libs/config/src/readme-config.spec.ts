import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables } from './config-variables';

/** The README's configuration table must list exactly the variables the code reads. */
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('## Architecture'),
  );
  const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]);

  it('documents every variable', () => {
    expect(Object.keys(configVariables).filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('documents nothing the code does not read', () => {
    expect(documented.filter((name) => !(name in configVariables))).toEqual([]);
  });

  it('states each default as the code applies it', () => {
    for (const [name, variable] of Object.entries(configVariables)) {
      const parsed = variable.schema.safeParse(undefined);
      const value = parsed.success ? parsed.data : undefined;
      const shown =
        value === undefined
          ? '—'
          : `\`${typeof value === 'object' ? JSON.stringify(value) : String(value)}\``;
      expect({ name, row: section.includes(`| \`${name}\` | ${shown} |`) }).toEqual({
        name,
        row: true,
      });
    }
  });
});
