/**
 * Every verdict word a person can be shown: the interpreters' vocabularies, the checks' catalogue,
 * and the outcomes read from a paste's network events (shown when a cause does not fit them).
 */
import { CHECKS } from '../checks/catalogue.js';
import type { Outcome } from '../domain/events.js';
import type { Verdict } from '../domain/verdicts.js';

/** The interpreters' words (their types have no runtime list); the check below keeps it complete. */
const INTERPRETER_WORDS = [
  'open',
  'timeout',
  'refused',
  'unreachable',
  'dns-failure',
  'connected',
  'http-status',
  'tls-error',
  'blocks-port',
  'allows-port',
  'inactive',
  'resolved',
  'nxdomain',
  'servfail',
  'azure-dns',
  'custom-dns',
  'stub-resolver',
  'no-nameserver',
  'succeeded',
  'failed',
  'unknown',
] as const;

// A word added to an interpreter's type and not here fails the type check on this line.
const complete: Exclude<Verdict['verdict'], (typeof INTERPRETER_WORDS)[number]> extends never ? true : never =
  true;
void complete;

const OUTCOME_WORDS = [
  'timeout',
  'refused',
  'reset',
  'unreachable',
  'tls-timeout',
  'nxdomain',
  'dns-timeout',
  'dns-failure',
  'forbidden',
  'no-endpoints',
  'no-agent',
  'no-ips',
  'failed',
] as const;
const outcomesComplete: Exclude<Outcome, (typeof OUTCOME_WORDS)[number]> extends never ? true : never = true;
void outcomesComplete;

/** What a finding says when its target could not be checked at all. */
const FINDING_WORDS = ['could-not-check'] as const;

export const VERDICT_WORDS: readonly string[] = [
  ...new Set<string>([
    ...INTERPRETER_WORDS,
    ...OUTCOME_WORDS,
    ...FINDING_WORDS,
    ...Object.values(CHECKS).flatMap((c) => [...c.verdicts]),
  ]),
].sort();
