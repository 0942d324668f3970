import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables } from './config-variables';

/** The README's configuration table must list exactly the variables the code reads, with their defaults. */
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('## Architecture'),
  );
  const rows = new Map(
    section
      .split('\n')
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .filter((cells) => /^`[A-Z0-9_]+`$/.test(cells[1] ?? ''))
      .map((cells) => [cells[1].slice(1, -1), cells[2]]),
  );

  it('documents every variable', () => {
    expect(Object.keys(configVariables).filter((name) => !rows.has(name))).toEqual([]);
  });

  it('documents nothing the code does not read', () => {
    expect([...rows.keys()].filter((name) => !(name in configVariables))).toEqual([]);
  });

  it('states each default as the code applies it', () => {
    for (const [name, variable] of Object.entries(configVariables)) {
      const parsed = variable.schema.safeParse(undefined);
      const value: unknown = parsed.success ? parsed.data : undefined;
      const shown =
        value === undefined
          ? '—'
          : `\`${typeof value === 'object' ? JSON.stringify(value) : String(value)}\``;
      expect({ name, default: rows.get(name) }).toEqual({ name, default: shown });
    }
  });
});
