/**
 * One interpreter per tool, in one explicit table. `interpret` first unwraps a run-command
 * envelope, so output pasted from `az vmss run-command invoke` reads like the tool's own,
 * and says when Azure cut it to its last 4,096 bytes.
 */
import type { InterpretOptions, InterpreterKind, Verdict, VerdictOf } from '../domain/verdicts.js';
import { interpretCurl } from './curl.js';
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

function judge<K extends InterpreterKind>(kind: K, output: string, options: InterpretOptions): VerdictOf<K> {
  const run = INTERPRETERS[kind] as Interpreter<K>;
  if (kind === 'run-command') return run(output, options);
  const envelope = unwrapRunCommand(output);
  if (!envelope.wrapped) return run(output, options);
  const text = envelope.stderr ? `${envelope.stdout}\n${envelope.stderr}` : envelope.stdout;
  const verdict: Verdict = run(text, options);
  if (!envelope.truncated) return verdict as VerdictOf<K>;
  return {
    ...verdict,
    truncated: true,
    notes: [
      ...verdict.notes,
      'run-command kept only the last 4,096 bytes of output: earlier lines are missing',
    ],
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
