import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The only files served, with their types: nothing else under public/ is reachable. */
export const WEB_ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** public/ beside this file: in the source tree, and in dist/ (`npm run build` copies it there). */
export function publicDirectory(): string {
  return join(__dirname, 'public');
}

export async function readAsset(name: string): Promise<Buffer> {
  return readFile(join(publicDirectory(), name));
}
