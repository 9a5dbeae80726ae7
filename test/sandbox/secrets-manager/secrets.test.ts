import { secretValue } from '../../../sandbox/secrets-manager/secrets';

describe('secretValue', () => {
  it('prefers SecretString, then the generated value, in its template when a key is named', () => {
    expect(secretValue({ SecretString: 'given', GenerateSecretString: {} }, 'dev')).toBe('given');
    expect(secretValue({ GenerateSecretString: {} }, 'dev')).toBe('dev');
    expect(
      secretValue(
        { GenerateSecretString: { SecretStringTemplate: '{"user":"admin"}', GenerateStringKey: 'password' } },
        'dev',
      ),
    ).toBe('{"user":"admin","password":"dev"}');
    expect(secretValue({}, 'dev')).toBeUndefined();
  });
});
