import { createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 v3 certificate for an RSA key, DER-encoded by hand: node:crypto reads
 * certificates but cannot write one, and no installed package does. Only what a verifier
 * of SNS signatures reads is written: names, validity, the public key, and extensions that
 * say it signs and is no CA.
 */

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (index: number, content: Buffer) => tlv(0xa0 + index, content);
const nullValue = () => Buffer.from([0x05, 0x00]);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));

function integer(bytes: Buffer): Buffer {
  // A leading 0 keeps a value with its high bit set positive.
  return tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
};

function name(commonName: string, organization: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8(organization))),
    set(sequence(oid(OID.commonName), utf8(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), boolean(critical), octetString(value));
}

export interface CertificateInput {
  readonly privateKey: KeyObject;
  readonly commonName: string;
  readonly organization: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Returns the certificate as PEM, signed SHA256withRSA by its own key. */
export function selfSignedCertificate(input: CertificateInput): string {
  const subject = name(input.commonName, input.organization);
  const algorithm = sequence(oid(OID.sha256WithRsa), nullValue());
  const publicKeyInfo = createPublicKey(input.privateKey).export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    subject,
    sequence(time(input.notBefore), time(input.notAfter)),
    subject,
    publicKeyInfo,
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence()),
        // digitalSignature only: bit 0, seven unused bits.
        extension(OID.keyUsage, true, tlv(0x03, Buffer.from([0x07, 0x80]))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, input.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`;
}
