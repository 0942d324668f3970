#!/usr/bin/env node
// Why: the npm registry reachable here serves only linux-x64 builds of native packages, so
// `npm install` writes a lock without the other platforms' optional binaries and `npm ci`
// then refuses the lock ("Missing: @swc/core-darwin-x64@ from lock file"). This adds those
// entries with the os/cpu their names state, so npm ci skips them here and fetches them by
// version on the platforms that need them. Run it after every `npm install` that changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  s390x: 's390x',
  loong64: 'loong64',
  riscv64: 'riscv64',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  const libc = parts.find((p) => p.startsWith('musl'))
    ? 'musl'
    : parts.find((p) => p === 'gnu' || p.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, node] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(node.optionalDependencies ?? {})) {
    const prefix = path === '' ? '' : `${path}/`;
    const target = `${prefix}node_modules/${dep}`;
    if (lock.packages[target] || lock.packages[`node_modules/${dep}`]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue; // not a platform binary: leave it to npm
    lock.packages[`node_modules/${dep}`] = {
      version,
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-foreign-platforms: added ${added} entries`);
