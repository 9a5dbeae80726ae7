import { etagOf, ifNoneMatchMatches } from '../../../lambda/checks/etag';

describe('etagOf', () => {
  it('quotes the version, as a strong entity tag', () => {
    expect(etagOf(7)).toBe('"7"');
  });
});

describe('ifNoneMatchMatches', () => {
  const etag = etagOf(3);

  it.each([
    ['the same tag', '"3"'],
    ['a weak form of the tag', 'W/"3"'],
    ['a list holding the tag', '"1", "2",W/"3"'],
    ['the wildcard', '*'],
    ['the tag with spaces around it', '  "3"  '],
  ])('matches %s', (_case, header) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another version', '"4"'],
    ['a list without the tag', '"1", W/"2"'],
    ['an unquoted version', '3'],
    ['a tag that only starts like it', '"30"'],
  ])('does not match %s', (_case, header) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(false);
  });

  it('matches a weak tag of its own against a strong header', () => {
    expect(ifNoneMatchMatches('"3"', 'W/"3"')).toBe(true);
  });
});
