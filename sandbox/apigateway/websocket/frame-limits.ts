import { MESSAGE_TOO_LARGE, FRAME_TOO_LARGE, type CloseCause } from './close-reasons';
import { FrameHeaderReader, OPCODE_BINARY, OPCODE_CONTINUATION, OPCODE_TEXT } from './frame-reader';

/**
 * API Gateway's limits on what a client sends: a data frame over `maxFrameBytes`, or a message
 * (its frames together) over `maxMessageBytes`, closes the connection with 1009. Control
 * frames (close, ping, pong) are at most 125 bytes by the protocol and do not count.
 */
export class IncomingFrameLimits extends FrameHeaderReader {
  private messageBytes = 0;

  /** A reader of its own rather than one it holds: one object less for every connection. */
  constructor(
    private readonly maxFrameBytes: number,
    private readonly maxMessageBytes: number,
  ) {
    super();
  }

  /** The bytes the client sent next; the cause to close with once a limit is passed. */
  check(chunk: Buffer): CloseCause | undefined {
    for (const header of this.read(chunk)) {
      if (
        header.opcode !== OPCODE_CONTINUATION &&
        header.opcode !== OPCODE_TEXT &&
        header.opcode !== OPCODE_BINARY
      ) {
        continue;
      }
      if (header.payloadLength > this.maxFrameBytes) return FRAME_TOO_LARGE;
      this.messageBytes =
        (header.opcode === OPCODE_CONTINUATION ? this.messageBytes : 0) + header.payloadLength;
      if (this.messageBytes > this.maxMessageBytes) return MESSAGE_TOO_LARGE;
    }
    return undefined;
  }
}
