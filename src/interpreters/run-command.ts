/**
 * Unwraps and judges what VMSS/VM run-command (`RunShellScript`) returns.
 *
 * The envelope. The Linux run-command handler (Azure/run-command-extension-linux, main/cmds.go) reports
 *   "Enable succeeded: " + "\n[stdout]\n" + <last 4,096 bytes of stdout> + "\n[stderr]\n" + <last 4,096 bytes of stderr>
 * ("Enable failed: <error>" + the same sections, or no sections, when the handler itself failed; older handlers
 * put "failed to execute command: command terminated with exit status=N" there). `az vm run-command invoke`
 * prints that string as the JSON `"message"` of `value[0]`, so a paste may carry it with literal `\n` escapes;
 * that form is unescaped here too.
 *
 * The aksdiag script convention (every node script aksdiag runs follows it):
 *   - the script's FIRST stdout line is `aksdiag-begin`;
 *   - its LAST stdout line is `aksdiag-exit=<n>`, its own exit status (a `trap 'echo "aksdiag-exit=$?"' EXIT`).
 * Why: run-command reports "Enable succeeded" even when the script fails and never reports the exit status, and it
 * keeps only the last 4,096 bytes of each stream. So the exit status comes from `aksdiag-exit=`, and a missing
 * `aksdiag-begin` next to a present `aksdiag-exit=` proves the start of stdout was cut off. Both marker lines are
 * removed from the stdout handed on.
 *
 * Verdict:
 *   - `failed`    the handler says "Enable failed", or the script printed `aksdiag-exit=<n>` with n != 0;
 *   - `succeeded` "Enable succeeded" and `aksdiag-exit=0`, or "Enable succeeded" from a script without the
 *                 markers (nothing better is known; a note says the exit status is unknown);
 *   - `unknown`   no envelope and no exit marker, "Enable in progress", or a script that printed `aksdiag-begin`
 *                 but never `aksdiag-exit=` (it was killed or is still running: its output is incomplete).
 */
import type { InterpretOptions, RunCommandVerdict } from '../domain/verdicts.js';
import { STATUS_ANYWHERE, findEscapedEnvelope } from './run-command-json.js';

/** Run-command returns at most this many bytes of each stream: the LAST ones. */
export const RUN_COMMAND_OUTPUT_LIMIT = 4096;
export const BEGIN_MARKER = 'aksdiag-begin';
export const EXIT_MARKER_PREFIX = 'aksdiag-exit=';

export interface UnwrappedRunCommand {
  /** True when a run-command envelope was found. */
  wrapped: boolean;
  /** The script's stdout, marker lines removed (the whole text when not wrapped). */
  stdout: string;
  stderr: string;
  status: 'succeeded' | 'failed' | 'unknown';
  /** True when run-command cut the output to its last 4,096 bytes (or the begin marker is missing). */
  truncated: boolean;
  /** From the script's `aksdiag-exit=<n>` line, else from a handler error `exit status=<n>`. */
  exitCode?: number;
  /** The envelope's status line (`Enable succeeded:`), trimmed, or null. */
  statusLine: string | null;
}

interface Parsed extends UnwrappedRunCommand {
  hasBegin: boolean;
  exitLine: string | null;
}

const STATUS = /^Enable (succeeded|failed|in progress)\b/i;
const EXIT_LINE = /^aksdiag-exit=(\d{1,3})$/;
const HANDLER_EXIT = /exit status=(\d{1,3})\b/;
const STDOUT_HEADER = '\n[stdout]\n';
const STDERR_HEADER = '\n[stderr]\n';

/** UTF-8 length of a string, counting a lone surrogate as the 3-byte replacement character. */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function stripMarkers(stdout: string): {
  stdout: string;
  hasBegin: boolean;
  exitCode?: number;
  exitLine: string | null;
} {
  let body = stdout;
  let hasBegin = false;
  if (body === BEGIN_MARKER || body.startsWith(`${BEGIN_MARKER}\n`)) {
    hasBegin = true;
    body = body.slice(BEGIN_MARKER.length + 1);
  }
  // Most text pasted is no script of ours: one scan for the marker instead of a split into lines.
  if (!body.includes(EXIT_MARKER_PREFIX)) return { stdout: body, hasBegin, exitLine: null };
  // The last `aksdiag-exit=<n>` line, wherever it is (something may print after it).
  const lines = body.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    const m = EXIT_LINE.exec(line);
    if (m) {
      lines.splice(i, 1);
      return { stdout: lines.join('\n'), hasBegin, exitCode: Number(m[1]), exitLine: line };
    }
  }
  return { stdout: body, hasBegin, exitLine: null };
}

/** The envelope text with real newlines: decoded from a JSON string when it came that way. */
function envelopeText(text: string): string {
  const escaped = text.includes('[stdout]\n') || STATUS.test(text) ? null : findEscapedEnvelope(text);
  if (escaped !== null) return escaped;
  return text.includes('\r\n[stdout]\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/** The first line that starts with "Enable <status>", and where it starts. */
function findStatus(message: string): { at: number; line: string } | null {
  if (!STATUS_ANYWHERE.test(message)) return null;
  let offset = 0;
  for (const line of message.split('\n')) {
    if (STATUS.test(line.trim())) return { at: offset, line: line.trim() };
    offset += line.length + 1;
  }
  return null;
}

/** The stdout and stderr sections after the status line ("\n[stdout]\n<out>\n[stderr]\n<err>"). */
function sections(message: string, from: number): { rawStdout: string; stderr: string } {
  const stdoutHeader = message.indexOf(STDOUT_HEADER, from);
  if (stdoutHeader === -1) return { rawStdout: '', stderr: '' };
  const stdoutStart = stdoutHeader + STDOUT_HEADER.length;
  // An empty stdout puts the stderr header right at stdoutStart - 1 ("[stdout]\n\n[stderr]\n").
  const stderrHeader = message.indexOf(STDERR_HEADER, stdoutStart - 1);
  if (stderrHeader === -1) return { rawStdout: message.slice(stdoutStart), stderr: '' };
  return {
    rawStdout: message.slice(stdoutStart, Math.max(stdoutStart, stderrHeader)),
    stderr: message.slice(stderrHeader + STDERR_HEADER.length),
  };
}

function parse(text: string): Parsed {
  const message = envelopeText(text);
  const status = findStatus(message);
  if (status === null) {
    const markers = stripMarkers(text);
    return {
      wrapped: false,
      stdout: markers.stdout,
      stderr: '',
      status: 'unknown',
      truncated: markers.exitCode !== undefined && !markers.hasBegin,
      ...(markers.exitCode === undefined ? {} : { exitCode: markers.exitCode }),
      statusLine: null,
      hasBegin: markers.hasBegin,
      exitLine: markers.exitLine,
    };
  }

  const word = (STATUS.exec(status.line)?.[1] ?? '').toLowerCase();
  const { rawStdout, stderr } = sections(message, status.at);
  const markers = stripMarkers(rawStdout);
  const handlerExit = HANDLER_EXIT.exec(status.line);
  const exitCode = markers.exitCode ?? (handlerExit ? Number(handlerExit[1]) : undefined);
  const truncated =
    utf8ByteLength(rawStdout) >= RUN_COMMAND_OUTPUT_LIMIT ||
    utf8ByteLength(stderr) >= RUN_COMMAND_OUTPUT_LIMIT ||
    (markers.exitCode !== undefined && !markers.hasBegin);
  return {
    wrapped: true,
    stdout: markers.stdout,
    stderr,
    status: word === 'succeeded' ? 'succeeded' : word === 'failed' ? 'failed' : 'unknown',
    truncated,
    ...(exitCode === undefined ? {} : { exitCode }),
    statusLine: status.line,
    hasBegin: markers.hasBegin,
    exitLine: markers.exitLine,
  };
}

/** Takes the run-command envelope apart (see the file comment). Text without an envelope comes back as stdout. */
export function unwrapRunCommand(text: string): UnwrappedRunCommand {
  const { hasBegin: _hasBegin, exitLine: _exitLine, ...unwrapped } = parse(text);
  return unwrapped;
}

type Judgement = Pick<RunCommandVerdict, 'verdict' | 'evidence' | 'notes'>;

function judge(p: Parsed): Judgement {
  if (!p.wrapped) {
    if (p.exitCode !== undefined && p.exitLine) {
      const notes = ['No run-command envelope: judged from the script’s own aksdiag-exit line.'];
      return { verdict: p.exitCode === 0 ? 'succeeded' : 'failed', evidence: p.exitLine, notes };
    }
    const notes = ['No run-command envelope ("Enable succeeded: … [stdout] … [stderr] …") found.'];
    return { verdict: 'unknown', evidence: null, notes };
  }
  if (p.status === 'failed') {
    const notes = [
      'The run-command handler reported failure: the script may not have run at all; see the message.',
    ];
    if (p.exitCode !== undefined) notes.push(`Exit status ${p.exitCode}.`);
    return { verdict: 'failed', evidence: p.statusLine, notes };
  }
  if (p.status === 'unknown') {
    return { verdict: 'unknown', evidence: p.statusLine, notes: ['The run-command has not finished yet.'] };
  }
  if (p.exitCode !== undefined && p.exitLine) {
    if (p.exitCode === 0) return { verdict: 'succeeded', evidence: p.exitLine, notes: [] };
    const note = `Run-command says "Enable succeeded" even when the script fails: the script itself exited with status ${p.exitCode}.`;
    return { verdict: 'failed', evidence: p.exitLine, notes: [note] };
  }
  if (p.hasBegin) {
    const note =
      'The script printed aksdiag-begin but no aksdiag-exit line: it was killed or has not finished, so its output is incomplete.';
    return { verdict: 'unknown', evidence: p.statusLine, notes: [note] };
  }
  const note =
    '"Enable succeeded" only means the script ran: run-command does not report its exit status, and this script printed no aksdiag-exit line.';
  return { verdict: 'succeeded', evidence: p.statusLine, notes: [note] };
}

const TRUNCATED_NOTE =
  'Run-command kept only the last 4,096 bytes of the output: its beginning is missing (the first line may be cut mid-line).';

export function interpretRunCommand(output: string, _options: InterpretOptions = {}): RunCommandVerdict {
  const p = parse(output);
  const { verdict, evidence, notes } = judge(p);
  return {
    kind: 'run-command',
    verdict,
    evidence,
    notes: p.truncated ? [TRUNCATED_NOTE, ...notes] : notes,
    stdout: p.stdout,
    stderr: p.stderr,
    ...(p.exitCode === undefined ? {} : { exitCode: p.exitCode }),
    ...(p.truncated ? { truncated: true } : {}),
  };
}
