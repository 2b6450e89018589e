/** Reads a stream without holding more than the scanner will look at: the head and the tail. */
import { SCAN_HEAD_CHARS, SCAN_TAIL_CHARS } from '../engine/normalize.js';

export interface BoundedInput {
  text: string;
  /** Bytes received in all. */
  totalBytes: number;
  truncated: boolean;
}

export async function readBounded(
  stream: AsyncIterable<Buffer | string>,
  headBytes = SCAN_HEAD_CHARS,
  tailBytes = SCAN_TAIL_CHARS,
): Promise<BoundedInput> {
  const head: Buffer[] = [];
  let headLength = 0;
  let tail: Buffer[] = [];
  let tailLength = 0;
  let totalBytes = 0;
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    totalBytes += buf.length;
    if (headLength < headBytes) {
      const take = buf.subarray(0, headBytes - headLength);
      head.push(take);
      headLength += take.length;
      buf = buf.subarray(take.length);
    }
    if (buf.length === 0) continue;
    tail.push(buf);
    tailLength += buf.length;
    // Drop whole chunks that fall out of the tail window; trim the first one at the end.
    while (tail.length > 1 && tailLength - (tail[0]?.length ?? 0) >= tailBytes) {
      tailLength -= tail.shift()?.length ?? 0;
    }
  }
  const tailBuf = Buffer.concat(tail);
  const truncated = tailBuf.length > tailBytes;
  const tailText = (truncated ? tailBuf.subarray(tailBuf.length - tailBytes) : tailBuf).toString('utf8');
  const headText = Buffer.concat(head).toString('utf8');
  tail = [];
  return { text: truncated ? `${headText}\n${tailText}` : headText + tailText, totalBytes, truncated };
}
