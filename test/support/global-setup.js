/** e2e suites start dist/ processes as users do: build once (SWC, about a second) before any of them. */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: join(__dirname, '..', '..'),
    stdio: 'inherit',
  });
};
