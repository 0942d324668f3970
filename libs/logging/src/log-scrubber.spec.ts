import { LogScrubber } from './log-scrubber';

describe('LogScrubber', () => {
  const scrubber = new LogScrubber(['s3cr3t-value', 'pa"ss']);

  it('removes configured secrets verbatim and in their JSON-escaped form', () => {
    expect(scrubber.scrub('{"msg":"key s3cr3t-value used"}')).toBe('{"msg":"key [redacted] used"}');
    expect(scrubber.scrub(JSON.stringify({ url: 'x pa"ss y' }))).toBe('{"url":"x [redacted] y"}');
  });

  it('removes credential-shaped strings it was not told about', () => {
    expect(scrubber.scrub('Authorization: Bearer abcdef123456')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(scrubber.scrub('connect redis://user:hunter22@host:6379 failed')).toBe(
      'connect redis://[redacted]@host:6379 failed',
    );
    expect(scrubber.scrub('key rl_ABCDEFGHIJKLMNOPQRST in use')).toBe('key [redacted] in use');
  });

  it('leaves ordinary lines alone', () => {
    const line = '{"level":30,"msg":"document synced","documentId":"guide/intro.md"}';
    expect(scrubber.scrub(line)).toBe(line);
  });
});
