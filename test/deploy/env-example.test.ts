/**
 * `.env.example` documents exactly the settings `loadConfig` reads (and the three the Azure SDK
 * reads for a service principal), ships no values, and loads as it is. The observability
 * settings fail the way every setting does: named, with what to do.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { SETTING_NAMES, loadConfig } from '../../src/config.js';
import { REPO_ROOT } from '../support/paths.js';

/** Read by DefaultAzureCredential's EnvironmentCredential, not by loadConfig. */
const AZURE_SDK = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];

const text = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
/** `NAME=` lines, commented out or not. */
const documented = [...text.matchAll(/^#?[ \t]*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

describe('.env.example', () => {
  it('names every setting of the schema, and nothing else but the Azure SDK credential variables', () => {
    expect([...documented].sort()).toEqual([...SETTING_NAMES, ...AZURE_SDK].sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('says what each setting is, in a comment above it (a group of related names shares one)', () => {
    const lines = text.split('\n');
    const isName = (l: string | undefined) => /^#?[ \t]*[A-Z][A-Z0-9_]*=/.test(l ?? '');
    for (const name of documented) {
      let i = lines.findIndex((l) => new RegExp(`^#?[ \\t]*${name}=`).test(l)) - 1;
      while (isName(lines[i])) i--;
      expect([name, lines[i]?.startsWith('# ')]).toEqual([name, true]);
    }
  });

  it('carries no values: an empty setting is unset, so the defaults apply as they are', () => {
    const values = parseEnv(text);
    expect(Object.entries(values).filter(([, v]) => v !== '')).toEqual([]);
    const config = loadConfig(values);
    expect(config.observability).toEqual({ healthPort: 8080, logLevel: 'info', queueDashboard: false });
    expect(config.queue.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.slack).toBeNull();
    expect(config.azure).toBeNull();
  });
});

describe('observability settings', () => {
  it('are read and validated', () => {
    const c = loadConfig({
      AKSDIAG_HEALTH_PORT: '9102',
      AKSDIAG_LOG_LEVEL: 'debug',
      AKSDIAG_QUEUE_DASHBOARD: 'on',
    });
    expect(c.observability).toEqual({ healthPort: 9102, logLevel: 'debug', queueDashboard: true });
    expect(() => loadConfig({ AKSDIAG_HEALTH_PORT: 'eighty' })).toThrow(
      /Setting AKSDIAG_HEALTH_PORT is invalid/,
    );
    expect(() => loadConfig({ AKSDIAG_LOG_LEVEL: 'loud' })).toThrow(/Setting AKSDIAG_LOG_LEVEL is invalid/);
  });

  it('refuse one port for the health server and the bot in HTTP mode', () => {
    const http = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'signing-secret', PORT: '8080' };
    expect(() => loadConfig(http)).toThrow(/AKSDIAG_HEALTH_PORT and PORT are both 8080/);
    // Socket Mode listens on no port of its own.
    expect(loadConfig({ ...http, SLACK_APP_TOKEN: 'xapp-1' }).observability.healthPort).toBe(8080);
  });
});
