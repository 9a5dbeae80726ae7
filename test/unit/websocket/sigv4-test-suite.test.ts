import { sigV4Signer } from '../../../lambda/shared/sigv4-signer';
import { CASES, SUITE } from './fixtures/sigv4-test-suite';

describe("the poster's SigV4 signer against AWS's published test suite", () => {
  // The suite signs no payload hash header: the signer is asked not to add one.
  const signer = sigV4Signer(SUITE.credentials, SUITE.region, SUITE.service, false);

  it.each(CASES)('$name', async ({ method, query, headers, body, authorization }) => {
    const signed = await signer.sign(
      { method, protocol: 'https:', hostname: 'example.amazonaws.com', path: '/', query, headers, body },
      { signingDate: SUITE.signingDate },
    );

    expect(signed.headers.authorization).toBe(authorization);
  });
});
