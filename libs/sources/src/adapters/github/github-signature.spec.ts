import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import definitions from '@octokit/webhooks-examples';
import { signGitHubPayload, verifyGitHubSignature } from './github-signature';

const SECRET = 'It\u2019s a Secret to Everybody';

function example(name: string, index = 0): unknown {
  const definition = definitions.find((d) => d.name === name);
  if (definition === undefined) throw new Error(`no ${name} example`);
  return definition.examples[index];
}

/** What GitHub does: HMAC-SHA256 over the bytes it sends, hex, `sha256=` prefix. */
function githubSignature(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

// A real push (branch created) as GitHub sends it: the raw body is the JSON's UTF-8 bytes.
const pushBody = Buffer.from(JSON.stringify(example('push', 4)), 'utf8');

describe('verifyGitHubSignature', () => {
  it('accepts the signature GitHub computes over the raw body, as a Buffer or as its text', () => {
    const signature = githubSignature(SECRET, pushBody);
    expect(verifyGitHubSignature(SECRET, pushBody, signature)).toBe(true);
    expect(verifyGitHubSignature(SECRET, pushBody.toString('utf8'), signature)).toBe(true);
  });

  it('verifies a real payload with non-ASCII characters from its bytes', () => {
    // dependabot_alert example 1 carries emoji (multi-byte UTF-8).
    const body = Buffer.from(JSON.stringify(example('dependabot_alert', 1)), 'utf8');
    expect(body.length).toBeGreaterThan(body.toString('utf8').length);
    const signature = githubSignature(SECRET, body);
    expect(verifyGitHubSignature(SECRET, body, signature)).toBe(true);
    // Decoding the bytes with the wrong charset changes them: the signature no longer matches.
    expect(verifyGitHubSignature(SECRET, body.toString('latin1'), signature)).toBe(false);
  });

  it('verifies bytes that are not valid UTF-8 exactly as they came', () => {
    const body = Buffer.concat([
      Buffer.from('{"x":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    expect(verifyGitHubSignature(SECRET, body, githubSignature(SECRET, body))).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    const signature = githubSignature('another secret', pushBody);
    expect(verifyGitHubSignature(SECRET, pushBody, signature)).toBe(false);
  });

  it('refuses a body changed by one byte', () => {
    const signature = githubSignature(SECRET, pushBody);
    const tampered = Buffer.from(pushBody);
    const at = tampered.indexOf('6113728f');
    tampered[at] = '7'.charCodeAt(0);
    expect(tampered.equals(pushBody)).toBe(false);
    expect(verifyGitHubSignature(SECRET, tampered, signature)).toBe(false);
  });

  it('refuses a body re-serialised after parsing (whitespace differs, same JSON)', () => {
    const sent = Buffer.from(JSON.stringify(example('push', 4), null, 2), 'utf8');
    const signature = githubSignature(SECRET, sent);
    const reserialised = JSON.stringify(JSON.parse(sent.toString('utf8')));
    expect(verifyGitHubSignature(SECRET, sent, signature)).toBe(true);
    expect(verifyGitHubSignature(SECRET, reserialised, signature)).toBe(false);
  });

  it('refuses a missing, empty or repeated header without throwing', () => {
    const signature = githubSignature(SECRET, pushBody);
    expect(verifyGitHubSignature(SECRET, pushBody, undefined)).toBe(false);
    expect(verifyGitHubSignature(SECRET, pushBody, '')).toBe(false);
    expect(verifyGitHubSignature(SECRET, pushBody, [signature, signature])).toBe(false);
  });

  it('refuses the legacy sha1= signature (X-Hub-Signature) even when it is correct', () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(pushBody).digest('hex')}`;
    expect(verifyGitHubSignature(SECRET, pushBody, sha1)).toBe(false);
  });

  it.each([
    ['no prefix', (hex: string) => hex],
    ['wrong prefix', (hex: string) => `sha512=${hex}`],
    ['upper-case prefix', (hex: string) => `SHA256=${hex}`],
    ['one digit short', (hex: string) => `sha256=${hex.slice(1)}`],
    ['one digit long', (hex: string) => `sha256=${hex}0`],
    ['not hex', (hex: string) => `sha256=${hex.slice(2)}zz`],
    ['surrounding space', (hex: string) => ` sha256=${hex} `],
    ['two signatures', (hex: string) => `sha256=${hex},sha256=${hex}`],
  ])('refuses a header with %s', (_label, format) => {
    const hex = createHmac('sha256', SECRET).update(pushBody).digest('hex');
    expect(verifyGitHubSignature(SECRET, pushBody, format(hex))).toBe(false);
  });

  it('refuses everything when no secret is configured (empty string)', () => {
    expect(verifyGitHubSignature('', pushBody, githubSignature('', pushBody))).toBe(false);
  });

  it('refuses a body of the wrong type passed from untyped code without throwing', () => {
    const signature = githubSignature(SECRET, pushBody);
    const notABody: unknown = { ...JSON.parse(pushBody.toString('utf8')) };
    expect(verifyGitHubSignature(SECRET, notABody as string, signature)).toBe(false);
  });

  it('signGitHubPayload writes the header GitHub writes', () => {
    expect(signGitHubPayload(SECRET, pushBody)).toBe(githubSignature(SECRET, pushBody));
    expect(signGitHubPayload(SECRET, pushBody.toString('utf8'))).toBe(
      githubSignature(SECRET, pushBody),
    );
  });
});

/**
 * `@octokit/webhooks-methods` is ESM-only and cannot be loaded in this CommonJS test runtime, so
 * it runs in a child Node process (real ESM) and its answers are compared with ours.
 */
describe('agreement with @octokit/webhooks-methods', () => {
  const repositoryRoot = resolve(__dirname, '../../../..');
  const script = `
    import { sign, verify } from '@octokit/webhooks-methods';
    const cases = JSON.parse(Buffer.from(process.argv[1], 'base64').toString('utf8'));
    const answers = [];
    for (const c of cases) {
      answers.push({ signed: await sign(c.secret, c.body), verified: await verify(c.secret, c.body, c.signature) });
    }
    process.stdout.write(JSON.stringify(answers));`;

  it('signs and verifies as the library does', async () => {
    const text = pushBody.toString('utf8');
    const good = githubSignature(SECRET, pushBody);
    const cases = [
      { secret: SECRET, body: text, signature: good },
      { secret: 'another secret', body: text, signature: good },
      { secret: SECRET, body: `${text} `, signature: good },
      {
        secret: SECRET,
        body: 'Grüße, 世界 🚀',
        signature: githubSignature(SECRET, Buffer.from('Grüße, 世界 🚀')),
      },
      { secret: SECRET, body: text, signature: `sha256=${'0'.repeat(64)}` },
    ];
    const argument = Buffer.from(JSON.stringify(cases), 'utf8').toString('base64');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, argument],
      { cwd: repositoryRoot },
    );
    const answers = JSON.parse(stdout) as { signed: string; verified: boolean }[];
    expect(answers.map((a) => a.verified)).toEqual([true, false, false, true, false]);
    cases.forEach((c, i) => {
      expect(signGitHubPayload(c.secret, c.body)).toBe(answers[i].signed);
      expect(verifyGitHubSignature(c.secret, c.body, c.signature)).toBe(answers[i].verified);
    });
  });
});
