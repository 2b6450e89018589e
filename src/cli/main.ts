/**
 * `aksdiag` command line. `main` takes its streams as arguments so tests run the real program
 * in-process; `bin.ts` wires it to the process.
 */
import type { TokenCredential } from '@azure/identity';
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
import { loadConfig, localeLanguage } from '../config.js';
import { SYMPTOM_IDS, type SymptomId } from '../domain/ids.js';
import { AksdiagError, describeError } from '../errors.js';
import { localizeCheckReport, renderCheckReport } from '../report/check-report.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { registerLabCommands } from '../lab/command.js';
import { registerBotCommands } from './bot.js';
import { azureCredential } from './credential.js';
import { LANGUAGES, type Lang, langOf } from '../i18n/languages.js';
import { type Translator, translator } from '../i18n/messages.js';
import { localizeDiagnosis, localizeVerdict } from '../engine/localize.js';

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

/** `--lang`'s value, read before commander parses anything so that its errors speak that language too. */
function requestedLang(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return undefined;
    if (arg === '--lang') return argv[i + 1] ?? '';
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

const parsePort =
  ({ t }: Translator) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d{1,5}$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(t('cli.badPort'));
    return n;
  };

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d{1,4}$/.test(value) || n < 1 || n > 1000)
    throw new InvalidArgumentError('give a number from 1 to 1000');
  return n;
}

const parseSource =
  ({ t }: Translator) =>
  (value: string): string => {
    if (!isIP(value)) throw new InvalidArgumentError(t('cli.badIp'));
    return value;
  };

async function readInput(
  args: string[],
  io: CliIo,
  nothingToRead: string,
): Promise<{ text: string; receivedChars?: number }> {
  if (args.length > 0) return { text: args.join(' ') };
  if (io.stdinIsTTY) throw new UsageError(nothingToRead);
  const input = await readBounded(io.stdin);
  // Only a cut input needs its size told apart from the text's; bytes stand in for characters
  // then (UTF-8 counts Japanese or Korean text about three times over, never under).
  return input.truncated ? { text: input.text, receivedChars: input.totalBytes } : { text: input.text };
}

function program(io: CliIo, tr: Translator): Command {
  const { t, lang } = tr;
  // Accepted on the commands that answer in words; its value was read before parsing (requestedLang).
  const langOption = () =>
    new Option('--lang <code>', t('cli.lang', { langs: tr.list(LANGUAGES, 'disjunction') }));
  const cli = new Command('aksdiag')
    .description(t('cli.program'))
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(t('cli.helpAfterError'))
    .version(VERSION, '-V, --version', t('cli.version'));

  cli
    .command('explain')
    .description(t('cli.explain'))
    .argument('[text...]', t('cli.explain.text'))
    .option('--json', t('cli.explain.json'))
    .addOption(langOption())
    .action(async (args: string[], opts: { json?: boolean }) => {
      const { text, receivedChars } = await readInput(
        args,
        io,
        t('cli.nothingToRead', { what: t('cli.explainInput') }),
      );
      if (text.trim() === '') throw new UsageError(t('cli.emptyExplain'));
      const d = diagnose(text, receivedChars === undefined ? {} : { receivedChars });
      if (d.input.binary) throw new UsageError(t('cli.binary'));
      io.stdout(
        opts.json ? `${JSON.stringify(localizeDiagnosis(d, lang), null, 2)}\n` : renderDiagnosis(d, lang),
      );
    });

  cli
    .command('interpret')
    .description(t('cli.interpret'))
    .addArgument(new Command().createArgument('<kind>', t('cli.interpret.kind')).choices(INTERPRETER_KINDS))
    .addOption(new Option('--port <n>', t('cli.interpret.port')).argParser(parsePort(tr)))
    .addOption(new Option('--source <ip>', t('cli.interpret.source')).argParser(parseSource(tr)))
    .addOption(new Option('--inner <kind>', t('cli.interpret.inner')).choices(TOOL_KINDS))
    .option('--json', t('cli.interpret.json'))
    .addOption(langOption())
    .action(
      async (
        kind: InterpreterKind,
        opts: { port?: number; source?: string; inner?: ToolKind; json?: boolean },
      ) => {
        if (opts.inner && kind !== 'run-command')
          throw new UsageError(t('cli.innerOutside', { inner: opts.inner }));
        const what = t('cli.interpretInput', { kind });
        const { text } = await readInput([], io, t('cli.nothingToRead', { what }));
        if (text.trim() === '') throw new UsageError(t('cli.emptyInterpret'));
        const options = {
          ...(opts.port ? { port: opts.port } : {}),
          ...(opts.source ? { source: opts.source } : {}),
          ...(opts.inner ? { inner: opts.inner } : {}),
        };
        const verdict = interpret(kind, text, options);
        io.stdout(
          opts.json
            ? `${JSON.stringify(localizeVerdict(verdict, lang), null, 2)}\n`
            : renderVerdict(verdict, lang),
        );
      },
    );
  cli
    .command('check')
    .description(t('cli.check'))
    .argument('<cluster>', t('cli.check.cluster'))
    .addOption(new Option('--symptom <id>', t('cli.check.symptom')).choices(SYMPTOM_IDS))
    .option('--text <paste>', t('cli.check.text'))
    .addOption(new Option('--client-ip <ip>', t('cli.check.clientIp')).argParser(parseSource(tr)))
    .option('--json', t('cli.check.json'))
    .addOption(langOption())
    .action(
      async (
        cluster: string,
        opts: { symptom?: SymptomId; text?: string; clientIp?: string; json?: boolean },
      ) => {
        const config = loadConfig(io.env ?? {});
        const diagnosis = opts.text ? diagnose(opts.text) : null;
        const symptomId = opts.symptom ?? diagnosis?.symptom;
        if (opts.text && !symptomId)
          throw new UsageError(t('cli.noSymptomInText', { ids: SYMPTOM_IDS.join(', ') }));
        // No symptom named: a health sweep of every symptom's checks, as `/aksdiag <cluster>` does.
        const symptoms = symptomId ? SYMPTOMS.filter((s) => s.id === symptomId) : SYMPTOMS;
        const entities = diagnosis?.entities ?? NO_ENTITIES;
        const credential = await azureCredential(io);
        const { checkCluster } = await import('../run/check-cluster.js');
        const reports = [];
        for (const symptom of symptoms) {
          if (symptoms.length > 1) io.stderr(`${symptom.id}: `);
          reports.push(
            await checkCluster(
              { cluster, symptom, entities, ...(opts.clientIp ? { clientIp: opts.clientIp } : {}) },
              {
                config,
                credential,
                onProgress: (done, total) => io.stderr(`\r${t('check.progress', { done, total })}`),
              },
            ),
          );
          io.stderr('\n');
        }
        const localized = reports.map((r) => localizeCheckReport(r, lang));
        if (opts.json)
          io.stdout(`${JSON.stringify(localized.length === 1 ? localized[0] : localized, null, 2)}\n`);
        else io.stdout(reports.map((r) => renderCheckReport(r, lang)).join('\n'));
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
      const credential = await azureCredential(io);
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
  // --lang, else the locale of the environment (LC_ALL, LC_MESSAGES, LANG), else English.
  const asked = requestedLang(argv);
  const fallback = translator(localeLanguage(io.env ?? {}));
  const lang: Lang | null = asked === undefined ? fallback.lang : langOf(asked);
  if (lang === null) {
    const langs = fallback.list(LANGUAGES, 'disjunction');
    io.stderr(`aksdiag: ${fallback.t('cli.badLang', { lang: asked ?? '', langs })}\n`);
    return 2;
  }
  try {
    await program(io, translator(lang)).parseAsync(argv, { from: 'user' });
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
