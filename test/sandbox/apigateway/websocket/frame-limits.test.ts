import { FRAME_TOO_LARGE, MESSAGE_TOO_LARGE } from '../../../../sandbox/apigateway/websocket/close-reasons';
import { IncomingFrameLimits } from '../../../../sandbox/apigateway/websocket/frame-limits';
import { FrameHeaderReader } from '../../../../sandbox/apigateway/websocket/frame-reader';

/** One frame as a client writes it: masked, with the shortest length encoding. */
function frame(opcode: number, fin: boolean, payloadLength: number): Buffer {
  const lengthBytes =
    payloadLength < 126
      ? Buffer.from([0x80 | payloadLength])
      : payloadLength < 65_536
        ? Buffer.from([0x80 | 126, payloadLength >> 8, payloadLength & 0xff])
        : Buffer.concat([Buffer.from([0x80 | 127]), bigEndian64(payloadLength)]);
  return Buffer.concat([
    Buffer.from([(fin ? 0x80 : 0) | opcode]),
    lengthBytes,
    Buffer.from([1, 2, 3, 4]),
    Buffer.alloc(payloadLength, 7),
  ]);
}

function bigEndian64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

describe('FrameHeaderReader', () => {
  it('reads every frame header of the three length encodings, however the bytes are cut', () => {
    const stream = Buffer.concat([
      frame(1, false, 5),
      frame(0, false, 300),
      frame(9, true, 0),
      frame(0, true, 70_000),
    ]);
    for (const cut of [1, 3, 7, 1000, stream.length]) {
      const reader = new FrameHeaderReader();
      const headers = [];
      for (let offset = 0; offset < stream.length; offset += cut) {
        headers.push(...reader.read(stream.subarray(offset, offset + cut)));
      }
      expect(headers).toEqual([
        { fin: false, opcode: 1, payloadLength: 5 },
        { fin: false, opcode: 0, payloadLength: 300 },
        { fin: true, opcode: 9, payloadLength: 0 },
        { fin: true, opcode: 0, payloadLength: 70_000 },
      ]);
    }
  });

  it('reads unmasked server frames too', () => {
    const serverFrame = Buffer.concat([Buffer.from([0x82, 3]), Buffer.from('abc')]);
    expect(new FrameHeaderReader().read(Buffer.concat([serverFrame, serverFrame]))).toEqual([
      { fin: true, opcode: 2, payloadLength: 3 },
      { fin: true, opcode: 2, payloadLength: 3 },
    ]);
  });
});

describe('IncomingFrameLimits', () => {
  it('accepts frames up to the frame limit and messages up to the message limit', () => {
    const limits = new IncomingFrameLimits(100, 250);
    expect(
      limits.check(Buffer.concat([frame(1, false, 100), frame(0, false, 100), frame(0, true, 50)])),
    ).toBe(undefined);
    expect(limits.check(frame(1, true, 100))).toBeUndefined();
  });

  it('closes on a frame over the frame limit', () => {
    expect(new IncomingFrameLimits(100, 250).check(frame(1, true, 101))).toBe(FRAME_TOO_LARGE);
  });

  it('closes when the frames of one message pass the message limit', () => {
    const limits = new IncomingFrameLimits(100, 250);
    expect(limits.check(Buffer.concat([frame(2, false, 100), frame(0, false, 100)]))).toBeUndefined();
    expect(limits.check(frame(0, true, 51))).toBe(MESSAGE_TOO_LARGE);
  });

  it('does not count control frames between fragments', () => {
    const limits = new IncomingFrameLimits(100, 200);
    expect(
      limits.check(Buffer.concat([frame(1, false, 100), frame(9, true, 100), frame(0, true, 100)])),
    ).toBeUndefined();
  });
});
