/**
 * What every listener is given: the bot's settings and parts, in one object built once per app.
 * Listeners reach the store, the approver list and Slack's text rules only through `guard.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { Config, SlackSettings } from '../config.js';
import type { FixAction, FixOptions } from '../engine/fix-action.js';
import type { CheckRunner } from '../run/runner.js';
import type { Store } from '../store/types.js';

export type BotLog = (event: string, fields: Record<string, unknown>) => void;

export interface BotDeps {
  config: Config;
  slack: SlackSettings;
  store: Store;
  /** Null when no Azure subscription is configured: the bot diagnoses and says what to set. */
  runner: CheckRunner | null;
  /** The clusters aksdiag can see, for the picker; null without Azure settings. */
  listClusters?: (() => Promise<string[]>) | null;
  /** Makes a confirmed fix's change (ARM); null: "Apply fix" is not offered. */
  fixer?: ((action: FixAction) => Promise<string>) | null;
  newId?: () => string;
  log?: BotLog;
  now?: () => Date;
}

export interface Bot {
  readonly deps: BotDeps;
  readonly slack: SlackSettings;
  readonly store: Store;
  readonly log: BotLog;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Which kinds of fix are opted in (AKSDIAG_NODE_FIXES, AKSDIAG_KUBE_FIXES). */
  fixOptions(): FixOptions;
}

export function botOf(deps: BotDeps): Bot {
  const now = deps.now ?? (() => new Date());
  return {
    deps,
    slack: deps.slack,
    store: deps.store,
    log: deps.log ?? (() => undefined),
    now,
    newId: deps.newId ?? randomUUID,
    fixOptions: () => ({
      nodeFixes: deps.slack.nodeFixes,
      kubeFixes: deps.slack.kubeFixes && { now: now() },
    }),
  };
}
