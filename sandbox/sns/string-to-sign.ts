/** Written once, with the client's verifier, so signing and verifying cannot drift apart. */
export { stringToSign } from '../../client/node/sns-string-to-sign';
