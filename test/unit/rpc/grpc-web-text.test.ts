import { decodeBase64Chunks, isGrpcWebText } from '../../../lambda/rpc/grpc-web-text';

describe('gRPC-Web text', () => {
  it('decodes base64 sent as several padded chunks in a row, as the protocol allows', () => {
    const parts = [Buffer.from([0, 0, 0, 1]), Buffer.from([0x80, 0, 0, 0, 0])];
    const text = parts.map((part) => part.toString('base64')).join('');

    expect(text).toMatch(/=[^=]/);
    expect(decodeBase64Chunks(text)).toEqual(Buffer.concat(parts));
  });

  it.each([
    ['application/grpc-web-text', true],
    ['application/grpc-web-text+proto', true],
    ['application/grpc-web-text; charset=utf-8', true],
    ['application/grpc-web+proto', false],
    ['application/json', false],
  ])('%s is text: %s', (contentType, expected) => {
    expect(isGrpcWebText(contentType)).toBe(expected);
  });
});
