import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

type SignerInit = ConstructorParameters<typeof SignatureV4>[0];
export type SigningCredentials = SignerInit['credentials'];

/**
 * The signer the SDK builds for a SigV4 service: same hash, same path escaping. One per
 * identity and scope, kept: it caches the derived signing key across requests.
 */
export function sigV4Signer(
  credentials: SigningCredentials,
  region: string,
  service: string,
  applyChecksum = true,
): SignatureV4 {
  return new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum });
}
