import { parseCitationMarkers } from './citation-markers';
import { sseData } from './adapters/openai-compatible/sse-data';

describe('parseCitationMarkers', () => {
  it('reads [n], [n, m] and [n][m], dropping numbers outside the contexts', () => {
    const answer = 'Tides [1]. Moon [2, 3][4]. In [2024] and [0].';
    expect(parseCitationMarkers(answer, 3).map((c) => [c.n, c.text])).toEqual([
      [1, '[1]'],
      [2, '[2, 3]'],
      [3, '[2, 3]'],
    ]);
    const [first] = parseCitationMarkers(answer, 3);
    expect(answer.slice(first.start, first.end)).toBe('[1]');
  });
});

describe('sseData', () => {
  async function* bytes(...parts: string[]) {
    for (const part of parts) yield new TextEncoder().encode(part);
  }

  it('yields each event data, across chunk borders, CRLF, comments and multi-line data', async () => {
    const seen: string[] = [];
    for await (const data of sseData(
      bytes(
        ': keep-alive\n\ndata: {"a"',
        ':1}\r\n\r\nevent: x\ndata: one\ndata: two\n\ndata: [DONE]\n\n',
      ),
    )) {
      seen.push(data);
    }
    expect(seen).toEqual(['{"a":1}', 'one\ntwo', '[DONE]']);
  });
});
