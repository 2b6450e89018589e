/**
 * What the bot reads from Slack's payloads, checked before anything uses it. Slack signs what it
 * sends, but a signature says who sent a body, not that the body has the shape the code assumes:
 * a payload that is not one of these is refused (HTTP 400) or ignored, and logged once.
 */
import { z } from 'zod';

/** Slack ids: users U/W, channels C/G/D, teams T (and E for an org). */
const userId = z.string().regex(/^[UW][A-Z0-9]{2,40}$/);
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,40}$/);
const teamId = z.string().regex(/^[TE][A-Z0-9]{2,40}$/);
const ts = z.string().regex(/^\d{1,12}\.\d{1,8}$/);
const triggerId = z.string().min(1).max(200);

export const eventEnvelopeSchema = z.object({
  type: z.literal('event_callback'),
  team_id: teamId,
  event_id: z.string().min(1).max(200),
  event: z.object({ type: z.string().min(1) }).passthrough(),
});

/** A message or app_mention event as the listeners read it; `text` may be missing (joins, files). */
export const messageEventSchema = z.object({
  channel: channelId,
  /** Who wrote it (absent for some bot and system messages). */
  user: userId.optional(),
  ts,
  thread_ts: ts.optional(),
  text: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  channel_type: z.string().optional(),
});

export const commandSchema = z.object({
  command: z.string().min(1),
  text: z.string(),
  user_id: userId,
  channel_id: channelId,
  team_id: teamId,
  trigger_id: triggerId,
});

export const blockActionSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: userId }),
  team: z.object({ id: teamId }),
  channel: z.object({ id: channelId }),
  trigger_id: triggerId,
  actions: z
    .array(
      z.object({
        action_id: z.string().min(1).max(255),
        block_id: z.string().max(255).optional(),
        value: z.string().max(2000).optional(),
        selected_option: z.object({ value: z.string().max(150) }).optional(),
      }),
    )
    .min(1),
});

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: userId }),
  team: z.object({ id: teamId }),
  view: z.object({
    id: z.string().min(1),
    callback_id: z.string().min(1),
    private_metadata: z.string().max(3000),
  }),
});

/** A message shortcut ("Diagnose with aksdiag") used on a message. */
export const messageShortcutSchema = z.object({
  type: z.literal('message_action'),
  callback_id: z.string().min(1).max(255),
  trigger_id: triggerId,
  user: z.object({ id: userId }),
  team: z.object({ id: teamId }),
  channel: z.object({ id: channelId }),
  message: z.object({
    ts,
    thread_ts: ts.optional(),
    text: z.string().optional(),
  }),
  response_url: z.string().url().max(2000).optional(),
});

/** App Home opened (the Home tab or the Messages tab). */
export const homeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: userId,
  tab: z.string().max(40).optional(),
});

/**
 * Why Bolt must not be handed this body (its own routing reads `view.id`, `user.team_id`, `event`
 * and would throw), or null when it may be.
 */
export function payloadProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'not an object';
  const b = body as Record<string, unknown>;
  if (typeof b['command'] === 'string') return issue(commandSchema.safeParse(body));
  switch (b['type']) {
    case 'event_callback':
      return issue(eventEnvelopeSchema.safeParse(body));
    case 'block_actions':
      return issue(blockActionSchema.safeParse(body));
    case 'view_submission':
      return issue(viewSubmissionSchema.safeParse(body));
    case 'message_action':
      return issue(messageShortcutSchema.safeParse(body));
    case 'view_closed':
    case 'block_suggestion':
    case 'shortcut':
      // Not listened for; Bolt needs a user (or team) to route them without throwing.
      return issue(z.object({ user: z.object({ id: z.string() }) }).safeParse(body));
    default:
      return `unknown payload type ${JSON.stringify(String(b['type'] ?? '')).slice(0, 40)}`;
  }
}

function issue(r: { success: boolean; error?: z.ZodError }): string | null {
  if (r.success) return null;
  const first = r.error?.issues[0];
  return first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'malformed';
}

/**
 * The text part of a paste: lines holding a NUL or mostly control characters (binary pasted
 * after an error, a file's bytes) are dropped, so the error lines around them are still read.
 */
export function textPart(text: string): { text: string; droppedLines: number } {
  const kept: string[] = [];
  let droppedLines = 0;
  for (const line of text.split('\n')) {
    if (looksBinary(line)) droppedLines++;
    else kept.push(line);
  }
  return { text: kept.join('\n'), droppedLines };
}

function looksBinary(line: string): boolean {
  let control = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 13) || c === 0xfffd) control++;
  }
  return control > line.length / 10;
}
