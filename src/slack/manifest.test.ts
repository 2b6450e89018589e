import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { join } from 'node:path';
import { DIAGNOSE_SHORTCUT } from '../report/slack-blocks.js';
import { REPO_ROOT } from '../../test/support/paths.js';

interface Manifest {
  features: {
    slash_commands: { command: string }[];
    bot_user: { display_name: string };
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    shortcuts: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

/**
 * Every scope the app asks for, and the one thing that needs it; nothing else may be asked for.
 * Slack's method and event references name these scopes.
 */
const SCOPES: Record<string, string> = {
  'app_mentions:read': 'app_mention events',
  'channels:history': 'message.channels events',
  'groups:history': 'message.groups events',
  'im:history': 'message.im events',
  'mpim:history': 'message.mpim events',
  'chat:write': 'chat.postMessage, chat.update, chat.postEphemeral',
  commands: '/aksdiag and the message shortcut',
  'usergroups:read': 'usergroups.users.list, for user groups among the fix approvers',
  'users:read': 'users.info with include_locale, for the language',
};

/** Event → the scope Slack requires for it (app_home_opened needs none). */
const EVENTS: Record<string, string | null> = {
  app_home_opened: null,
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
};

describe('the Slack app manifest', () => {
  const manifest = load(readFileSync(join(REPO_ROOT, 'slack-app-manifest.yaml'), 'utf8')) as Manifest;

  it('asks for exactly the scopes the bot uses, and no other', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(SCOPES).sort());
  });

  it('subscribes to exactly the events the bot listens for, each with the scope it needs', () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    expect([...events].sort()).toEqual(Object.keys(EVENTS).sort());
    for (const scope of Object.values(EVENTS))
      if (scope) expect(manifest.oauth_config.scopes.bot).toContain(scope);
  });

  it('declares the message shortcut with the callback id the bot listens for', () => {
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        name: DIAGNOSE_SHORTCUT.name,
        type: 'message',
        callback_id: DIAGNOSE_SHORTCUT.callbackId,
      }),
    ]);
  });

  it('turns on the Home tab, and keeps the Messages tab for DMs', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  it('declares /aksdiag, interactivity for the buttons and the shortcut, and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/aksdiag']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
