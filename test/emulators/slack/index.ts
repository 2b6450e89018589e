/** The Slack Web API emulator and signed-request helpers for the Bolt app's tests. */
export * from './emulator.js';
export * from './blocks.js';
export * from './signed.js';
