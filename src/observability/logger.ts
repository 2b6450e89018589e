/**
 * Structured JSON logs (pino), one object a line. Two promises hold for every line:
 * - secrets never reach it: every string in the message and the fields (error messages and stacks
 *   included) goes through the same `redact()` that guards Slack and the terminal, and field
 *   names that hold credentials are censored whatever their value looks like;
 * - a line about a diagnosis says which: `diagnosis_id`, taken from a `diagnosis` field or, for
 *   the worker's plain-text lines, from the queue's diagnosis id (`d-<uuid>`) in the text.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { ObservabilitySettings } from '../config.js';
import { redact } from '../engine/redact.js';

export type { Logger } from 'pino';

/** Field names whose values are credentials, censored by pino before anything else sees them. */
const CENSORED_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  'password',
  'secret',
  'headers.authorization',
  'headers.cookie',
];

/** A queue diagnosis id (`newDiagnosisId()` in src/queue/keys.ts), anywhere in a line. */
const QUEUE_DIAGNOSIS_ID = /\bd-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/;

/** The diagnosis id a plain-text line names, if any. */
export function diagnosisIdIn(text: string): string | undefined {
  return QUEUE_DIAGNOSIS_ID.exec(text)?.[0];
}

const MAX_DEPTH = 6;

/** A copy of `value` with every string redacted; errors become plain objects (type, message, stack, code). */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value).text;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      type: value.name,
      message: redact(value.message).text,
      ...(value.stack ? { stack: redact(value.stack).text } : {}),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(value.cause !== undefined ? { cause: redactDeep(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

/** Renames a `diagnosis` field to `diagnosis_id`, or finds the id in the message. */
function withDiagnosisId(
  fields: Record<string, unknown>,
  message: string | undefined,
): Record<string, unknown> {
  if (typeof fields['diagnosis_id'] === 'string') return fields;
  const { diagnosis, ...rest } = fields;
  if (typeof diagnosis === 'string') return { diagnosis_id: diagnosis, ...rest };
  const found = message === undefined ? undefined : diagnosisIdIn(message);
  return found ? { diagnosis_id: found, ...fields } : fields;
}

export interface LoggerOptions {
  /** `bot` or `worker`: every line carries it as `role`. */
  role: string;
  level: ObservabilitySettings['logLevel'];
  /** Where lines go; default stdout. The CLI passes its stderr so stdout stays for command output. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { role: options.role, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: CENSORED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[REDACTED]' },
      hooks: {
        // Runs before pino serialises anything: the one place every line passes through.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (typeof first === 'string') {
            const fields = withDiagnosisId({}, first);
            const text = redact(first).text;
            if (Object.keys(fields).length === 0) return method.apply(this, [text, ...rest] as never);
            return method.apply(this, [fields, text, ...rest] as never);
          }
          const message = typeof rest[0] === 'string' ? rest[0] : undefined;
          const obj =
            first instanceof Error
              ? { err: redactDeep(first) }
              : (redactDeep(first ?? {}) as Record<string, unknown>);
          const redactedRest = rest.map((r) => (typeof r === 'string' ? redact(r).text : redactDeep(r)));
          return method.apply(this, [withDiagnosisId(obj, message), ...redactedRest] as never);
        },
      },
    },
    options.destination,
  );
}

/** A pino destination writing through a function (the CLI's stderr). */
export function lineDestination(write: (text: string) => void): DestinationStream {
  return { write: (chunk: string) => write(chunk) };
}
