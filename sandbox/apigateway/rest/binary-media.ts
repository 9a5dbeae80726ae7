/**
 * Whether a media type (a `Content-Type` or the first `Accept` entry) is one of the API's binary
 * media types: exact, `type/*`, or `*\/*`.
 */
export function isBinaryMediaType(
  mediaType: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  if (mediaType === undefined || binaryMediaTypes.length === 0) return false;
  const [type, subtype] = mediaType.split(',')[0].split(';')[0].trim().toLowerCase().split('/');
  if (type === undefined || subtype === undefined) return false;
  return binaryMediaTypes.some((candidate) => {
    const [candidateType, candidateSubtype] = candidate.split(';')[0].trim().toLowerCase().split('/');
    if (candidateType === '*') return candidateSubtype === '*';
    return candidateType === type && (candidateSubtype === '*' || candidateSubtype === subtype);
  });
}
