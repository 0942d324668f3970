import { insertAfterSection, type ReportRow } from './report-rows';

const row = (section: string, metric: string): ReportRow => ({ section, metric, value: '' });

describe('insertAfterSection', () => {
  it('places rows after the last row of the section', () => {
    const rows = [
      row('ingest', 'a'),
      row('freshness', 'b'),
      row('freshness', 'c'),
      row('query', 'd'),
    ];
    insertAfterSection(rows, 'freshness', [row('freshness', 'push')]);
    expect(rows.map((r) => r.metric)).toEqual(['a', 'b', 'c', 'push', 'd']);
  });

  it('appends when the section is absent', () => {
    const rows = [row('ingest', 'a')];
    insertAfterSection(rows, 'freshness', [row('freshness', 'push')]);
    expect(rows.map((r) => r.metric)).toEqual(['a', 'push']);
  });
});
