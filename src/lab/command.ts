/**
 * `aksdiag lab up [--nodes N] | inject <fault> [--node NAME] | clear <fault>|--all | status | faults | down`.
 *
 * `up` starts the lab daemon (daemon.ts) detached and prints the environment to `eval`; the other commands
 * talk to it over its control socket; `down` stops it and removes everything, also after a crash. Nothing
 * here imports the emulators (they live under test/ and only a checkout has them): an installed aksdiag
 * runs every other command, and says so when asked for the lab.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { shellQuote } from '../engine/fix.js';
import { AksdiagError } from '../errors.js';
import { cleanupLab, CONTROL_SOCKET, isDaemon, readDaemonInfo } from './cleanup.js';
import { askDaemon, type LabRequest } from './control.js';
import { labNamespaces } from './netns.js';
import { preflight } from './preflight.js';

export interface LabIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
}

const DAEMON = fileURLToPath(new URL('./daemon.js', import.meta.url));
const EMULATORS = fileURLToPath(new URL('../../test/emulators/arm/index.js', import.meta.url));

function needsCheckout(): void {
  if (!existsSync(DAEMON) || !existsSync(EMULATORS)) {
    throw new AksdiagError(
      'config-invalid',
      'The fault lab runs from a checkout of the aksdiag repository: it uses the emulators under test/.',
      'Clone the repository, run `npm ci`, then `sudo npx aksdiag lab up` there.',
    );
  }
}

interface Status {
  cluster: string;
  resourceGroup: string;
  nodes: { name: string; ip: string; podCidr: string }[];
  client: string;
  faults: { id: string; node?: string; how: string }[];
  notes: string[];
  env: Record<string, string>;
}

const envLines = (env: Record<string, string>) =>
  Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
    .join('');

function renderStatus(s: Status): string {
  const lines = [
    `${s.cluster} (${s.resourceGroup}): ${s.nodes.length} nodes, client ${s.client}`,
    ...s.nodes.map((n) => `  ${n.name}  ${n.ip}  pods ${n.podCidr}`),
    s.faults.length === 0 ? 'faults: none' : 'faults:',
    ...s.faults.map((f) => `  ${f.id}${f.node ? ` on ${f.node}` : ''}: ${f.how}`),
    ...s.notes.map((n) => `note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Asks a running daemon to stop, and waits until it has (or kills it after 30 s). */
async function stopDaemon(): Promise<void> {
  const info = readDaemonInfo();
  if (!info || !isDaemon(info.pid)) return;
  await askDaemon(info.socket, { op: 'down' }, 60_000).catch(() => {});
  const deadline = Date.now() + 30_000;
  while (isDaemon(info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Starts the daemon and waits for its `ready` line (or its one-line reason for failing). */
function startDaemon(nodes: number, path: string): Promise<Status> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DAEMON, '--nodes', String(nodes), '--path', path], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('ready '));
      if (!line) return;
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve(JSON.parse(line.slice('ready '.length)) as Status);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => {
      let message = err.trim() || `the lab daemon exited with status ${code}`;
      try {
        message = (JSON.parse(err.trim().split('\n').pop() ?? '') as { message: string }).message;
      } catch {
        // not the daemon's JSON line: keep the raw text
      }
      reject(
        new AksdiagError(
          'config-invalid',
          `The lab did not start: ${message}`,
          'Fix that, then run `aksdiag lab up` again.',
        ),
      );
    });
  });
}

async function ask(req: LabRequest): Promise<unknown> {
  return askDaemon(readDaemonInfo()?.socket ?? CONTROL_SOCKET, req);
}

function parseNodes(value: string): number {
  const n = Number(value);
  if (!/^\d{1,2}$/.test(value) || n < 2 || n > 20)
    throw new AksdiagError('param-invalid', '--nodes takes 2 to 20.', 'Pick a smaller lab.');
  return n;
}

export function registerLabCommands(cli: Command, io: LabIo): void {
  const lab = cli
    .command('lab')
    .description('the local fault lab: AKS-like nodes in network namespaces, with faults by cause id (root)');
  const path = () => io.env?.['PATH'] ?? '';

  lab
    .command('up')
    .description('start the lab (removing what a previous run left) and print the environment to eval')
    .addOption(new Option('--nodes <n>', 'number of nodes (2-20)').default(3).argParser(parseNodes))
    .option('--json', 'print the lab status as JSON instead')
    .action(async (opts: { nodes: number; json?: boolean }) => {
      needsCheckout();
      preflight(path());
      await stopDaemon();
      await cleanupLab();
      const status = await startDaemon(opts.nodes, path());
      if (opts.json) io.stdout(`${JSON.stringify(status, null, 2)}\n`);
      else {
        io.stdout(
          `# aksdiag fault lab: cluster ${status.cluster}, ${status.nodes.length} nodes. Use: eval "$(aksdiag lab up)"\n`,
        );
        io.stdout(envLines(status.env));
      }
    });

  lab
    .command('inject')
    .description('make a cause true in the lab (see `aksdiag lab faults`)')
    .argument('<fault>', 'a cause id')
    .option('--node <name>', 'for node-level faults: the node (name or instance id; default the second)')
    .action(async (fault: string, opts: { node?: string }) => {
      const r = (await ask({
        op: 'inject',
        fault,
        ...(opts.node ? { node: opts.node } : {}),
      })) as Status['faults'][0];
      io.stdout(`injected ${r.id}${r.node ? ` on ${r.node}` : ''}: ${r.how}\n`);
    });

  lab
    .command('clear')
    .description('undo a fault (or all of them)')
    .argument('[fault]', 'a cause id')
    .option('--all', 'clear every fault')
    .action(async (fault: string | undefined, opts: { all?: boolean }) => {
      if (!fault && !opts.all)
        throw new AksdiagError('param-invalid', 'Name the fault to clear.', 'Or pass --all.');
      const s = (await ask(fault ? { op: 'clear', fault } : { op: 'clear-all' })) as Status;
      io.stdout(renderStatus(s));
    });

  lab
    .command('status')
    .description('the lab: nodes, active faults, and the environment aksdiag check needs')
    .option('--json', 'print it as JSON')
    .action(async (opts: { json?: boolean }) => {
      const s = (await ask({ op: 'status' })) as Status;
      io.stdout(opts.json ? `${JSON.stringify(s, null, 2)}\n` : `${renderStatus(s)}${envLines(s.env)}`);
    });

  lab
    .command('faults')
    .description('the faults the lab can inject, and how it makes each real')
    .action(async () => {
      needsCheckout();
      const { FAULTS } = await import('./faults/index.js');
      for (const f of FAULTS) io.stdout(`${f.id}  [${f.symptoms.join(', ')}]\n    ${f.how}\n`);
    });

  lab
    .command('down')
    .description('stop the lab and remove everything it made (also after a crash)')
    .action(async () => {
      preflight(path());
      await stopDaemon();
      await cleanupLab();
      const left = await labNamespaces();
      if (left.length > 0) {
        throw new AksdiagError(
          'config-invalid',
          `Namespaces are left: ${left.join(', ')}.`,
          'Run `aksdiag lab down` again.',
        );
      }
      io.stdout('lab down: no namespaces, processes or /etc/netns entries left\n');
    });
}
