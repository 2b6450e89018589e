/** The Slack Web API emulator, its Socket Mode link, and signed-request helpers for the Bolt app's tests. */
export * from './emulator.js';
export * from './blocks.js';
export * from './signed.js';
export * from './socket-mode.js';
