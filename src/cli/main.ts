/**
 * `aksdiag` command line. `main` takes its streams as arguments so tests run the real program
 * in-process; `bin.ts` wires it to the process.
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { VERSION } from '../version.js';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isIP } from 'node:net';
import { NO_ENTITIES } from '../domain/diagnosis.js';
import { INTERPRETER_KINDS, type InterpreterKind } from '../domain/verdicts.js';
import { diagnose } from '../engine/diagnose.js';
import { interpret } from '../interpreters/index.js';
import type { ToolKind } from '../interpreters/detect.js';
import { renderDiagnosis, renderVerdict } from '../report/terminal.js';
import { readBounded } from './stdin.js';
import { loadConfig } from '../config.js';
import { SYMPTOM_IDS, type SymptomId } from '../domain/ids.js';
import { AksdiagError, describeError } from '../errors.js';
import { renderCheckReport } from '../report/check-report.js';
import { checkCluster } from '../run/check-cluster.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { registerLabCommands } from '../lab/command.js';
import { registerBotCommands } from './bot.js';

export interface CliIo {
  stdin: AsyncIterable<Buffer | string>;
  stdinIsTTY: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The environment, read once into the configuration. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Azure credential; default DefaultAzureCredential (managed identity, workload identity, az login). */
  azureCredential?: () => TokenCredential;
}

/** The kinds `--inner` takes: every tool, not the envelope itself. */
const TOOL_KINDS = INTERPRETER_KINDS.filter((k): k is ToolKind => k !== 'run-command');

/** A usage problem: printed as one line, exit status 2. */
class UsageError extends Error {}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n < 1 || n > 65535)
    throw new InvalidArgumentError('give a TCP port from 1 to 65535');
  return n;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d{1,4}$/.test(value) || n < 1 || n > 1000)
    throw new InvalidArgumentError('give a number from 1 to 1000');
  return n;
}

function parseSource(value: string): string {
  if (!isIP(value)) throw new InvalidArgumentError('give an IPv4 or IPv6 address');
  return value;
}

async function readInput(
  args: string[],
  io: CliIo,
  what: string,
): Promise<{ text: string; receivedChars?: number }> {
  if (args.length > 0) return { text: args.join(' ') };
  if (io.stdinIsTTY) throw new UsageError(`nothing to read: ${what}`);
  const input = await readBounded(io.stdin);
  // Only a cut input needs its size told apart from the text's; bytes stand in for characters
  // then (UTF-8 counts Japanese or Korean text about three times over, never under).
  return input.truncated ? { text: input.text, receivedChars: input.totalBytes } : { text: input.text };
}

function program(io: CliIo): Command {
  const cli = new Command('aksdiag')
    .description('Recognises AKS networking errors, interprets tool output, and names the cause and the fix.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run aksdiag --help for usage)')
    .version(VERSION, '-V, --version', 'print the version');

  cli
    .command('explain')
    .description('diagnose a pasted error (from the arguments, or stdin when there are none)')
    .argument('[text...]', 'the error text')
    .option('--json', 'print the diagnosis as JSON')
    .action(async (args: string[], opts: { json?: boolean }) => {
      const { text, receivedChars } = await readInput(
        args,
        io,
        'pass the error text as arguments or pipe it on stdin',
      );
      if (text.trim() === '')
        throw new UsageError('the input is empty: pass the error text as arguments or pipe it on stdin');
      const d = diagnose(text, receivedChars === undefined ? {} : { receivedChars });
      if (d.input.binary)
        throw new UsageError(
          'the input looks binary (NUL bytes or control characters): paste the error text instead',
        );
      io.stdout(opts.json ? `${JSON.stringify(d, null, 2)}\n` : renderDiagnosis(d));
    });

  cli
    .command('interpret')
    .description("read a tool's output on stdin and print its verdict")
    .addArgument(new Command().createArgument('<kind>', 'which tool printed it').choices(INTERPRETER_KINDS))
    .addOption(
      new Option(
        '--port <n>',
        'the TCP port the flow is judged for (iptables-list, ufw-status, nc)',
      ).argParser(parsePort),
    )
    .addOption(
      new Option('--source <ip>', 'source address of the flow, for source-scoped firewall rules').argParser(
        parseSource,
      ),
    )
    .addOption(
      new Option(
        '--inner <kind>',
        'run-command only: the tool whose output is inside the envelope (default: recognised from it)',
      ).choices(TOOL_KINDS),
    )
    .option('--json', 'print the verdict as JSON')
    .action(
      async (
        kind: InterpreterKind,
        opts: { port?: number; source?: string; inner?: ToolKind; json?: boolean },
      ) => {
        if (opts.inner && kind !== 'run-command')
          throw new UsageError(
            `--inner names the tool inside a run-command envelope: use it with 'interpret run-command', or interpret ${opts.inner} directly`,
          );
        const { text } = await readInput(
          [],
          io,
          `pipe the output of the tool on stdin, e.g. ufw status | aksdiag interpret ${kind}`,
        );
        if (text.trim() === '') throw new UsageError(`the input is empty: pipe the tool's output on stdin`);
        const options = {
          ...(opts.port ? { port: opts.port } : {}),
          ...(opts.source ? { source: opts.source } : {}),
          ...(opts.inner ? { inner: opts.inner } : {}),
        };
        const verdict = interpret(kind, text, options);
        io.stdout(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : renderVerdict(verdict));
      },
    );
  cli
    .command('check')
    .description(
      'run the checks for a symptom (or, with neither --symptom nor --text, every symptom) on a live cluster and say which cause it is',
    )
    .argument('<cluster>', 'cluster name, or <resourceGroup>/<name>')
    .addOption(new Option('--symptom <id>', 'the symptom to check').choices(SYMPTOM_IDS))
    .option('--text <paste>', 'an error text: its symptom and the resources it names are used')
    .addOption(
      new Option('--client-ip <ip>', 'your public IP, for the authorized-ranges check').argParser(
        parseSource,
      ),
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (
        cluster: string,
        opts: { symptom?: SymptomId; text?: string; clientIp?: string; json?: boolean },
      ) => {
        const config = loadConfig(io.env ?? {});
        const diagnosis = opts.text ? diagnose(opts.text) : null;
        const symptomId = opts.symptom ?? diagnosis?.symptom;
        if (opts.text && !symptomId)
          throw new UsageError(
            `no AKS networking symptom recognised in --text; name one with --symptom (${SYMPTOM_IDS.join(', ')}), or leave both out to check every symptom`,
          );
        // No symptom named: a health sweep of every symptom's checks, as `/aksdiag <cluster>` does.
        const symptoms = symptomId ? SYMPTOMS.filter((s) => s.id === symptomId) : SYMPTOMS;
        const entities = diagnosis?.entities ?? NO_ENTITIES;
        const credential = (io.azureCredential ?? (() => new DefaultAzureCredential()))();
        const reports = [];
        for (const symptom of symptoms) {
          if (symptoms.length > 1) io.stderr(`${symptom.id}: `);
          reports.push(
            await checkCluster(
              { cluster, symptom, entities, ...(opts.clientIp ? { clientIp: opts.clientIp } : {}) },
              { config, credential, onProgress: (done, total) => io.stderr(`\rchecked ${done} of ${total}`) },
            ),
          );
          io.stderr('\n');
        }
        if (opts.json) io.stdout(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
        else io.stdout(reports.map(renderCheckReport).join('\n'));
      },
    );
  cli
    .command('worker')
    .description('run a queue worker: take checks from Redis (REDIS_URL) until SIGTERM, then drain and exit')
    .addOption(
      new Option('--concurrency <n>', 'checks at once (default AKSDIAG_WORKER_CONCURRENCY)').argParser(
        parseConcurrency,
      ),
    )
    .action(async (opts: { concurrency?: number }) => {
      const config = loadConfig(io.env ?? {});
      if (opts.concurrency) config.queue.concurrency = opts.concurrency;
      const credential = (io.azureCredential ?? (() => new DefaultAzureCredential()))();
      // Loaded here so that explain and interpret do not load BullMQ.
      const { runWorkerProcess } = await import('../../workers/process.js');
      const { createObservability } = await import('../observability/index.js');
      const obs = createObservability(config, { role: 'worker', write: io.stderr });
      await runWorkerProcess(config, {
        credential,
        log: obs.logLine,
        onStarted: (worker) => (obs.watchWorkers(worker.workers), obs.serve()),
      }).finally(() => obs.stop());
    });
  // `aksdiag bot` and `aksdiag audit`.
  registerBotCommands(cli, io);
  // The fault lab (root, from a checkout of the repository): `aksdiag lab up|inject|clear|status|faults|down`.
  registerLabCommands(cli, io);
  return cli;
}

/** Runs the CLI; resolves to the exit status (0 ok, including "no match"; 2 bad usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    await program(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      io.stderr(`aksdiag: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AksdiagError) {
      io.stderr(`aksdiag: ${describeError(err)}\n`);
      return err.code === 'config-invalid' ? 2 : 1;
    }
    throw err;
  }
}
