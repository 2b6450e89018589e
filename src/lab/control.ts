/**
 * The lab daemon's control channel: one JSON request per connection on a Unix socket in the lab's
 * directory (root-only, like the lab), one JSON answer back.
 */
import { createConnection } from 'node:net';
import { AksdiagError, type ErrorCode } from '../errors.js';

export type LabRequest =
  | { op: 'status' }
  | { op: 'inject'; fault: string; node?: string }
  | { op: 'clear'; fault: string }
  | { op: 'clear-all' }
  | { op: 'down' };

export type LabAnswer =
  { ok: true; result: unknown } | { ok: false; error: { code: ErrorCode; message: string; hint: string } };

/** Sends one request and returns the result; a refused request becomes the AksdiagError it was. */
export function askDaemon(socket: string, req: LabRequest, timeoutMs = 180_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    let text = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(
        new AksdiagError(
          'config-invalid',
          'The lab daemon did not answer.',
          'Run `aksdiag lab down`, then `aksdiag lab up`.',
        ),
      );
    }, timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.end(`${JSON.stringify(req)}\n`));
    conn.on('data', (d: string) => (text += d));
    conn.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new AksdiagError(
          'config-invalid',
          `No lab is running (${err.message}).`,
          'Start one with `aksdiag lab up`.',
          {
            cause: err,
          },
        ),
      );
    });
    conn.on('end', () => {
      clearTimeout(timer);
      try {
        const answer = JSON.parse(text) as LabAnswer;
        if (answer.ok) resolve(answer.result);
        else reject(new AksdiagError(answer.error.code, answer.error.message, answer.error.hint));
      } catch (err) {
        reject(err);
      }
    });
  });
}
