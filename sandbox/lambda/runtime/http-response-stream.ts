const METADATA_PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER_LENGTH = 8;

interface UnderlyingStream {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: (chunk: unknown) => unknown) => void;
}

/**
 * `awslambda.HttpResponseStream` of the Node.js runtime: sets the HTTP integration content
 * type, and before the first write sends the prelude as JSON, then 8 NUL bytes.
 */
export class HttpResponseStream {
  static from<S extends UnderlyingStream>(underlyingStream: S, prelude: unknown): S {
    underlyingStream.setContentType(METADATA_PRELUDE_CONTENT_TYPE);
    const metadataPrelude = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadataPrelude);
      write(new Uint8Array(DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
}
