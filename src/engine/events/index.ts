export type { Destination, NetEvent, Outcome, Role, Vantage } from '../../domain/events.js';
export { DNS_FAILURES, NETWORK_FAILURES, SILENT_FAILURES } from '../../domain/events.js';
export { readEvents } from './read-events.js';
export { roleOf } from './roles.js';
import { DESTINATION_REGEXES } from './destinations.js';
import { OUTCOME_REGEXES } from './outcomes.js';
import { PASTE_CONTEXT_REGEXES } from './paste-context.js';
import { TOOL_OUTPUT_REGEXES } from './tool-output.js';
import { VANTAGE_REGEXES } from './vantage.js';

/** Patterns built at run time, for the ReDoS test. */
export const EVENT_REGEXES: readonly RegExp[] = [
  ...OUTCOME_REGEXES,
  ...DESTINATION_REGEXES,
  ...VANTAGE_REGEXES,
  ...TOOL_OUTPUT_REGEXES,
  ...PASTE_CONTEXT_REGEXES,
];
