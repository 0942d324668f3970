import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The only files served, with their types: nothing else under public/ is reachable. */
export const WEB_ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * public/ beside this file (source runs, or a build that copies it), else the source tree: the
 * build (`swc --only "**\/*.ts"`) does not copy these files into dist/.
 */
export function publicDirectory(): string {
  const candidates = [
    join(__dirname, 'public'),
    resolve(__dirname, '../../../../../apps/api/src/web/public'),
    resolve(process.cwd(), 'apps/api/src/web/public'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

export async function readAsset(name: string): Promise<Buffer> {
  return readFile(join(publicDirectory(), name));
}
