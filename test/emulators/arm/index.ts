/** The local ARM emulator: state types and builder, the HTTPS server, and SDK client helpers. */
export * from './state.js';
export * from './emulator.js';
export * from './clients.js';
