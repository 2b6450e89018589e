/**
 * The lab daemon (`aksdiag lab up` starts it detached): holds one lab, answers the control socket, and
 * takes the lab down on `lab down`, SIGTERM or SIGINT. It tells its parent it is ready by printing one
 * line, `ready <json>`, and writes nothing to its stdout or stderr after that (the parent is gone): its log
 * is the lab directory's daemon.log.
 *
 * Run as: node daemon.js --nodes <n> --path <PATH to find the tools on>
 */
import { appendFileSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AksdiagError, describeError } from '../errors.js';
import { CONTROL_SOCKET, DAEMON_FILE, type DaemonInfo } from './cleanup.js';
import type { LabAnswer, LabRequest } from './control.js';
import { startLab, type Lab } from './lab.js';
import { LAB_DIR } from './node-shell.js';

const LOG = join(LAB_DIR, 'daemon.log');
const log = (line: string) => {
  try {
    appendFileSync(LOG, `${new Date().toISOString()} ${line}\n`);
  } catch {
    // the lab directory is gone: shutting down
  }
};

async function handle(lab: Lab, req: LabRequest): Promise<unknown> {
  switch (req.op) {
    case 'status':
      return lab.status();
    case 'inject':
      return lab.inject(req.fault, req.node === undefined ? {} : { node: req.node });
    case 'clear':
      await lab.clear(req.fault);
      return lab.status();
    case 'clear-all':
      await lab.clearAll();
      return lab.status();
    case 'down':
      return { down: true };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string' }, path: { type: 'string' } } });
  const lab = await startLab({ nodes: Number(values.nodes ?? 3), path: values.path ?? '' });
  let stopping: Promise<void> | null = null;
  const stop = (why: string) => {
    stopping ??= (async () => {
      log(`stopping: ${why}`);
      server.close();
      await lab.stop();
      process.exit(0);
    })();
    return stopping;
  };
  // One request at a time: faults and syncs never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  // allowHalfOpen: the client ends its side after the request; the answer still goes back.
  const server = createServer({ allowHalfOpen: true }, (conn) => {
    let text = '';
    conn.setEncoding('utf8');
    conn.on('error', () => {});
    conn.on('data', (d: string) => {
      text += d;
      if (!text.includes('\n')) return;
      queue = queue.then(async () => {
        let answer: LabAnswer;
        let req: LabRequest | null = null;
        try {
          req = JSON.parse(text.slice(0, text.indexOf('\n'))) as LabRequest;
          log(`request ${JSON.stringify(req)}`);
          answer = { ok: true, result: await handle(lab, req) };
        } catch (err) {
          log(`failed: ${describeError(err)}`);
          const e =
            err instanceof AksdiagError
              ? err
              : new AksdiagError(
                  'config-invalid',
                  `The lab could not do that: ${describeError(err)}`,
                  'See the lab log.',
                );
          answer = { ok: false, error: { code: e.code, message: e.message, hint: e.hint } };
        }
        conn.end(`${JSON.stringify(answer)}\n`);
        if (req?.op === 'down') await stop('lab down');
      });
    });
  });
  rmSync(CONTROL_SOCKET, { force: true });
  await new Promise<void>((resolve) => server.listen(CONTROL_SOCKET, resolve));
  chmodSync(CONTROL_SOCKET, 0o600);
  const info: DaemonInfo = { pid: process.pid, socket: CONTROL_SOCKET, env: lab.env };
  writeFileSync(DAEMON_FILE, `${JSON.stringify(info, null, 2)}\n`);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.stdout.on('error', () => {});
  log(`ready: ${JSON.stringify(lab.status().nodes)}`);
  process.stdout.write(`ready ${JSON.stringify(lab.status())}\n`);
}

main().catch((err: unknown) => {
  // Before `ready` the parent is still reading: say why on stderr, as one line.
  process.stderr.write(
    `${JSON.stringify({ code: err instanceof AksdiagError ? err.code : 'lab-failed', message: describeError(err) })}\n`,
  );
  process.exit(1);
});
