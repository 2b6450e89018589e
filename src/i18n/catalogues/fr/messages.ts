import type { Messages } from '../en/messages.js';
import { en } from '../en/messages.js';
export const messages: Messages = { ...en };
