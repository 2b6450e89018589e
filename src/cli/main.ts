/**
 * `aksdiag` command line. `main` takes its streams as arguments so tests run the real program
 * in-process; `bin.ts` wires it to the process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isIP } from 'node:net';
import { INTERPRETER_KINDS, type InterpreterKind } from '../domain/verdicts.js';
import { diagnose } from '../engine/diagnose.js';
import { interpret } from '../interpreters/index.js';
import { renderDiagnosis, renderVerdict } from '../report/terminal.js';
import { readBounded } from './stdin.js';

export interface CliIo {
  stdin: AsyncIterable<Buffer | string>;
  stdinIsTTY: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A usage problem: printed as one line, exit status 2. */
class UsageError extends Error {}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n < 1 || n > 65535)
    throw new InvalidArgumentError('give a TCP port from 1 to 65535');
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
): Promise<{ text: string; totalBytes: number }> {
  if (args.length > 0) {
    const text = args.join(' ');
    return { text, totalBytes: Buffer.byteLength(text) };
  }
  if (io.stdinIsTTY) throw new UsageError(`nothing to read: ${what}`);
  const input = await readBounded(io.stdin);
  return { text: input.text, totalBytes: input.totalBytes };
}

function program(io: CliIo): Command {
  const cli = new Command('aksdiag')
    .description('Recognises AKS networking errors, interprets tool output, and names the cause and the fix.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run aksdiag --help for usage)');

  cli
    .command('explain')
    .description('diagnose a pasted error (from the arguments, or stdin when there are none)')
    .argument('[text...]', 'the error text')
    .option('--json', 'print the diagnosis as JSON')
    .action(async (args: string[], opts: { json?: boolean }) => {
      const { text, totalBytes } = await readInput(
        args,
        io,
        'pass the error text as arguments or pipe it on stdin',
      );
      if (text.trim() === '')
        throw new UsageError('the input is empty: pass the error text as arguments or pipe it on stdin');
      const d = diagnose(text, { receivedChars: totalBytes });
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
    .option('--json', 'print the verdict as JSON')
    .action(async (kind: InterpreterKind, opts: { port?: number; source?: string; json?: boolean }) => {
      const { text } = await readInput(
        [],
        io,
        `pipe the output of the tool on stdin, e.g. ufw status | aksdiag interpret ${kind}`,
      );
      if (text.trim() === '') throw new UsageError(`the input is empty: pipe the tool's output on stdin`);
      const options = {
        ...(opts.port ? { port: opts.port } : {}),
        ...(opts.source ? { source: opts.source } : {}),
      };
      const verdict = interpret(kind, text, options);
      io.stdout(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : renderVerdict(verdict));
    });
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
    throw err;
  }
}
