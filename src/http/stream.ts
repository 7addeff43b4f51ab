import type { ServerResponse } from 'node:http';
import type { StreamBody } from '../logical/types.js';

const MAX_BUFFERED = 1 << 20;

/**
 * A streamed reply (sys/monitor): 200 and the headers at once, then each chunk as it comes,
 * until the body ends it or the client goes away (then the body is told to stop).
 */
export function writeStream(res: ServerResponse, body: StreamBody): void {
  res.writeHead(200, { 'Content-Type': body.contentType, 'Cache-Control': 'no-store' });
  res.flushHeaders();
  let open = true;
  const stop = body.open({
    write(chunk) {
      // A reader slower than the log loses lines rather than growing the buffer (Vault drops them too).
      if (open && !res.writableEnded && res.writableLength < MAX_BUFFERED) res.write(chunk);
    },
    end() {
      if (open && !res.writableEnded) res.end();
    },
  });
  res.once('close', () => {
    open = false;
    stop();
  });
}
