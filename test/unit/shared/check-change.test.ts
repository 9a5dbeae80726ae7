import { changedCheck } from '../../../lambda/shared/check-change';
import { storedCheck } from '../support/checks';

const image = (version: number): Record<string, unknown> => ({ ...storedCheck({ version }) });

describe('changedCheck', () => {
  it('announces an inserted check', () => {
    expect(changedCheck('INSERT', image(1), undefined)).toEqual(storedCheck());
  });

  it('announces a modification that moved the version', () => {
    expect(changedCheck('MODIFY', image(3), image(2))).toMatchObject({ version: 3 });
  });

  it('ignores a modification that left the version alone, whatever else it changed', () => {
    expect(changedCheck('MODIFY', image(2), image(2))).toBeUndefined();
    expect(changedCheck('MODIFY', { ...image(2), expiresAt: 1 }, image(2))).toBeUndefined();
  });

  it('ignores a removal (TTL expiry)', () => {
    expect(changedCheck('REMOVE', undefined, image(4))).toBeUndefined();
  });

  it.each([
    ['no new image', undefined],
    ['an image that is no check', { id: 'x', version: '2' }],
    ['a check without its tenant', { ...image(2), tenant: undefined }],
  ])('refuses %s, so the record fails instead of announcing nonsense', (_, newImage) => {
    expect(() => changedCheck('MODIFY', newImage, image(1))).toThrow('The stream record carries no check');
  });
});
