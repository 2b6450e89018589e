/**
 * One interpreter per tool, in one explicit table. `interpret` first unwraps a run-command
 * envelope, so output pasted from `az vmss run-command invoke` reads like the tool's own,
 * and says when Azure cut it to its last 4,096 bytes; `interpret('run-command', ...)` judges the
 * envelope and, in `inner`, the tool output inside it.
 */
import type {
  InterpretOptions,
  InterpreterKind,
  RunCommandVerdict,
  Verdict,
  VerdictOf,
} from '../domain/verdicts.js';
import { interpretCurl } from './curl.js';
import { detectTools } from './detect.js';
import { interpretIptables } from './iptables.js';
import { interpretNc } from './nc.js';
import { interpretNft } from './nft.js';
import { interpretNslookup } from './nslookup.js';
import { interpretResolvConf } from './resolv-conf.js';
import { interpretRunCommand, unwrapRunCommand } from './run-command.js';
import { interpretUfw } from './ufw.js';

type Interpreter<K extends InterpreterKind> = (output: string, options: InterpretOptions) => VerdictOf<K>;

export const INTERPRETERS: { [K in InterpreterKind]: Interpreter<K> } = {
  nc: interpretNc,
  curl: interpretCurl,
  'iptables-list': interpretIptables,
  'nft-ruleset': interpretNft,
  'ufw-status': interpretUfw,
  nslookup: interpretNslookup,
  'resolv-conf': interpretResolvConf,
  'run-command': interpretRunCommand,
};

/** A verdict as `interpret` returns it: with the port it was judged for, when one was given. */
export type Judged<K extends InterpreterKind> = VerdictOf<K> & { port?: number };

type InnerVerdict = NonNullable<RunCommandVerdict['inner']>[number];

/**
 * A run-command result, and the verdict on the tool output inside it: the tool named with `inner`, or each
 * tool whose output is recognised there. "Enable succeeded" says only that the script ran; what it printed is
 * the answer (a listing that drops the port, a timeout).
 */
function judgeRunCommand(output: string, options: InterpretOptions): RunCommandVerdict {
  const verdict = interpretRunCommand(output, options);
  const body = verdict.stderr ? `${verdict.stdout}\n${verdict.stderr}` : verdict.stdout;
  const kinds = options.inner ? [options.inner] : detectTools(body);
  const { inner: _inner, ...toolOptions } = options;
  const inner = kinds.map((k): InnerVerdict => {
    const v: InnerVerdict = interpret(k, body, toolOptions);
    if (!verdict.truncated) return v;
    return { ...v, truncated: true, notes: [...v.notes, TRUNCATED_NOTE] };
  });
  if (inner.length > 0) return { ...verdict, inner };
  if (body.trim() === '') return verdict;
  const note =
    'The output inside is no tool output aksdiag reads; name the tool with --inner <kind> if it is one.';
  return { ...verdict, notes: [...verdict.notes, note] };
}

const TRUNCATED_NOTE = 'run-command kept only the last 4,096 bytes of output: earlier lines are missing';

function judge<K extends InterpreterKind>(kind: K, output: string, options: InterpretOptions): VerdictOf<K> {
  const run = INTERPRETERS[kind] as Interpreter<K>;
  if (kind === 'run-command') return judgeRunCommand(output, options) as VerdictOf<K>;
  const envelope = unwrapRunCommand(output);
  if (!envelope.wrapped) return run(output, options);
  const text = envelope.stderr ? `${envelope.stdout}\n${envelope.stderr}` : envelope.stdout;
  const verdict: Verdict = run(text, options);
  if (!envelope.truncated) return verdict as VerdictOf<K>;
  return {
    ...verdict,
    truncated: true,
    notes: [...verdict.notes, TRUNCATED_NOTE],
  } as VerdictOf<K>;
}

export function interpret<K extends InterpreterKind>(
  kind: K,
  output: string,
  options: InterpretOptions = {},
): Judged<K> {
  const verdict = judge(kind, output, options);
  // TypeScript cannot see that a spread of VerdictOf<K> stays VerdictOf<K>; the shape is unchanged.
  return (options.port === undefined ? verdict : { ...verdict, port: options.port }) as Judged<K>;
}
