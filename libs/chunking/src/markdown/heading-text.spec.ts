import { plainHeadingText } from './heading-text';

describe('plainHeadingText', () => {
  it.each([
    ['Building and debugging `rustc`', 'Building and debugging rustc'],
    ['`__init__`', '__init__'],
    ['`` a `tick` ``', 'a `tick`'],
    ['Papers *about* Rust', 'Papers about Rust'],
    ['**Bold** and __strong__ and _em_', 'Bold and strong and em'],
    ['***both***', 'both'],
    // `*` may emphasise inside a word, `_` may not (CommonMark 6.2).
    ['snake_case_name, 2 * 3 * 4 and a*b*c', 'snake_case_name, 2 * 3 * 4 and abc'],
    ['~~old~~ new', 'old new'],
    ['Step 1 ([#139797](https://github.com/rust-lang/rust/pull/139797))', 'Step 1 (#139797)'],
    ['![logo](logo.png) Ragline', 'logo Ragline'],
    ['See [the guide][guide]', 'See the guide'],
    ['Synopsis of [`Step`]', 'Synopsis of Step'],
    ['Array `[f32; 100]` and [literal]', 'Array [f32; 100] and [literal]'],
    ['<a name="x"></a>Anchored <b>bold</b>', 'Anchored bold'],
    ['Link <https://example.com>', 'Link https://example.com'],
    ['Copying stage0 \\{std,rustc\\}', 'Copying stage0 {std,rustc}'],
    ['\\*not emphasis\\*', '*not emphasis*'],
    ['Attributes {#custom-id .class}', 'Attributes'],
    ['Building stage0 {std,compiler} artifacts', 'Building stage0 {std,compiler} artifacts'],
    ['a &amp; b &lt;T&gt; &#169; &#x1F600;', 'a & b <T> © 😀'],
    ['  spaced \t out  ', 'spaced out'],
    ['⚠️ Note: `x`', '⚠️ Note: x'],
    ['nul \u0000 char', 'nul \uFFFD char'],
  ])('%j reads as %j', (raw, plain) => {
    expect(plainHeadingText(raw)).toBe(plain);
  });

  it('reads only the first 2,048 characters of a huge heading', () => {
    const text = plainHeadingText('`'.repeat(3) + 'a`'.repeat(50_000));
    expect(text.length).toBeLessThanOrEqual(2048);
  });
});
