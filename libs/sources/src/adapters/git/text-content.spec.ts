import { decodeText } from './text-content';

describe('decodeText', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    expect(decodeText(Buffer.from('# Über\n'))).toEqual({ kind: 'text', text: '# Über\n' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x')]);
    expect(decodeText(bom)).toEqual({ kind: 'text', text: 'x' });
    expect(decodeText(Buffer.alloc(0))).toEqual({ kind: 'text', text: '' });
  });

  it('calls a NUL within the first 8000 bytes binary, as git does', () => {
    expect(decodeText(Buffer.from('abc\0def'))).toEqual({ kind: 'binary' });
    const lateNul = Buffer.concat([Buffer.alloc(8000, 'a'), Buffer.from([0])]);
    // Past git's probe a NUL is still valid UTF-8: text by git's rule.
    expect(decodeText(lateNul).kind).toBe('text');
  });

  it('calls bytes that are not UTF-8 binary', () => {
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toEqual({ kind: 'binary' });
    expect(decodeText(Buffer.from([0xc3]))).toEqual({ kind: 'binary' });
  });
});
