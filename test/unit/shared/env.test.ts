import { positiveIntegerOf, requirePositiveIntegerEnv } from '../../../lambda/shared/env';

describe('positiveIntegerOf', () => {
  it.each([
    ['1', 1],
    ['86400', 86400],
  ])('reads %s', (text, value) => {
    expect(positiveIntegerOf('LIMIT', text)).toBe(value);
  });

  it.each(['0', '-5', '1.5', '1e3', ' 60', '0x10', 'a day', '', '99999999999999999999'])(
    'refuses "%s", naming the variable',
    (text) => {
      expect(() => positiveIntegerOf('LIMIT', text)).toThrow(
        `Environment variable LIMIT must be a positive integer, not "${text}"`,
      );
    },
  );
});

describe('requirePositiveIntegerEnv', () => {
  afterEach(() => {
    delete process.env.TEST_LIMIT;
  });

  it('reads the variable', () => {
    process.env.TEST_LIMIT = '42';
    expect(requirePositiveIntegerEnv('TEST_LIMIT')).toBe(42);
  });

  it('fails loudly when the variable is missing', () => {
    expect(() => requirePositiveIntegerEnv('TEST_LIMIT')).toThrow(
      'Missing required environment variable TEST_LIMIT',
    );
  });
});
