/** One WebSocket frame's header (RFC 6455 §5.2). */
export interface FrameHeader {
  readonly fin: boolean;
  /** 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  readonly opcode: number;
  readonly payloadLength: number;
}

export const OPCODE_CONTINUATION = 0;
export const OPCODE_TEXT = 1;
export const OPCODE_BINARY = 2;

/** Never written to, so every reader shares it: a buffer of its own costs each connection ~200 bytes. */
const NOTHING_PENDING = Buffer.alloc(0);

function headerSize(pending: Buffer): number {
  if (pending.length < 2) return 2;
  const length7 = pending[1] & 0x7f;
  const extended = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
  const mask = pending[1] & 0x80 ? 4 : 0;
  return 2 + extended + mask;
}

function parseHeader(header: Buffer): FrameHeader {
  const length7 = header[1] & 0x7f;
  const payloadLength =
    length7 === 126 ? header.readUInt16BE(2) : length7 === 127 ? Number(header.readBigUInt64BE(2)) : length7;
  return { fin: (header[0] & 0x80) !== 0, opcode: header[0] & 0x0f, payloadLength };
}

/**
 * Follows a WebSocket byte stream in one direction and reports each frame's header as soon as
 * it is complete, skipping payloads. `ws` reports only whole messages, and API Gateway's
 * 32 KB limit is per frame.
 */
export class FrameHeaderReader {
  private pending = NOTHING_PENDING;
  private payloadLeft = 0;

  read(chunk: Buffer): FrameHeader[] {
    const headers: FrameHeader[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.payloadLeft > 0) {
        const skipped = Math.min(this.payloadLeft, chunk.length - offset);
        this.payloadLeft -= skipped;
        offset += skipped;
        continue;
      }
      const wanted = headerSize(this.pending) - this.pending.length;
      const taken = chunk.subarray(offset, offset + wanted);
      this.pending = Buffer.concat([this.pending, taken]);
      offset += taken.length;
      if (this.pending.length === headerSize(this.pending)) {
        const header = parseHeader(this.pending);
        headers.push(header);
        this.payloadLeft = header.payloadLength;
        this.pending = NOTHING_PENDING;
      }
    }
    return headers;
  }
}
