/**
 * Coded errors: the code is stable (tools and tests match on it), the message says what went
 * wrong and what to do, and `cause` keeps the original error. One renderer shows them in
 * Slack and the terminal.
 */

export type ErrorCode =
  | 'config-invalid'
  | 'azure-credentials'
  | 'azure-permission'
  | 'azure-throttled'
  | 'cluster-not-found'
  | 'cluster-ambiguous'
  | 'vm-busy'
  | 'node-no-answer'
  | 'kube-unreachable'
  | 'kube-permission'
  | 'param-invalid'
  | 'queue-unavailable'
  | 'store-unavailable'
  | 'slack-unreachable';

export class AksdiagError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it, one line. */
  readonly hint: string;

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AksdiagError';
    this.code = code;
    this.hint = hint;
  }
}

/** One line for a terminal or a Slack message: what happened, then what to do. */
export function describeError(err: unknown): string {
  if (err instanceof AksdiagError) return `${err.message} ${err.hint}`.trim();
  if (err instanceof Error) return err.message;
  return String(err);
}
