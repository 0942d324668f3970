import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The child's program: reads one JSON request a line, runs git with execFileSync (arguments, no
 * shell), answers one JSON line. Plain JavaScript, so `node -e` runs it without a build.
 */
const PROGRAM = `
const { execFileSync } = require('node:child_process');
const lines = require('node:readline').createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const { id, args, cwd, env } = JSON.parse(line);
  let answer;
  try {
    const out = execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    answer = { id, out };
  } catch (error) {
    answer = { id, error: String((error.stderr && error.stderr.toString()) || error.message) };
  }
  process.stdout.write(JSON.stringify(answer) + '\\n');
});
`;

interface Answer {
  id: number;
  out?: string;
  error?: string;
}

/**
 * Runs the test's git commands in a small child process. Forking costs time in proportion to the
 * parent's memory, and blocks its event loop meanwhile: measured here, a `git` spawn took ~4 ms
 * from a small process, ~17-24 ms from the jest worker once the app is up (~400 MB), ~75 ms from a
 * process of 1.2 GB; the replay makes over a thousand commits (three git calls each) while the
 * embedded worker shares the jest process. Commands run one at a time, in the order asked.
 */
export class GitRunner {
  private readonly child: ChildProcess;
  private readonly pending = new Map<
    number,
    { resolve: (out: string) => void; reject: (error: Error) => void }
  >();
  private next = 0;
  private readonly exited: Promise<void>;

  constructor() {
    this.child = spawn(process.execPath, ['--max-old-space-size=256', '-e', PROGRAM], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '' },
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.once('exit', (code) => {
      for (const { reject } of this.pending.values())
        reject(new Error(`git runner exited (${code})`));
      this.pending.clear();
    });
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.error !== undefined) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer.out ?? '');
    });
  }

  /** Runs `git <args>` in `cwd` with exactly `env`; resolves to stdout, rejects with stderr. */
  run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin?.write(`${JSON.stringify({ id, args, cwd, env })}\n`);
    });
  }

  /** Ends the child (it exits when its input closes) and waits for it. */
  async close(): Promise<void> {
    this.child.stdin?.end();
    await this.exited;
  }
}
