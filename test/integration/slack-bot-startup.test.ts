/**
 * `aksdiag bot` starting against things that are not there: it says how it starts, then fails
 * within the start-up timeout with an error that names what it could not reach (Slack's Web API,
 * Socket Mode, Redis) and what to do, never a silent wait.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import type { AksdiagError } from '../../src/errors.js';
import { startBot } from '../../src/slack/start.js';
import { type SlackEmulator, startSlackEmulator } from '../emulators/slack/index.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { SECRET } from '../support/slack-bot.js';

let slack: SlackEmulator;
let redis: TestRedis;
/** Accepts connections and never answers: a firewall that drops, a proxy that hangs. */
let blackHole: Server;
const sockets: Socket[] = [];
let silentUrl: string;
/** A port nothing listens on. */
let refusedUrl: string;

beforeAll(async () => {
  slack = await startSlackEmulator();
  redis = await startTestRedis();
  blackHole = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(blackHole.address() as { port: number }).port}/api/`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  refusedUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}/api/`;
  await new Promise((r) => closed.close(r));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => blackHole.close(r));
  await slack.stop();
  await redis.cleanup();
});

/** The error a start-up failed with (a start that succeeds fails the test). */
async function failure(start: Promise<{ stop(): Promise<void> }>): Promise<AksdiagError> {
  const bot = await start.catch((err: unknown) => err as AksdiagError);
  if (bot instanceof Error) return bot;
  await bot.stop();
  throw new Error('the bot started');
}

const env = (extra: Record<string, string>) => ({
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  PORT: '0',
  AKSDIAG_HEALTH_PORT: '0',
  AKSDIAG_STARTUP_TIMEOUT_SECONDS: '1',
  REDIS_URL: redis.url,
  ...extra,
});

describe('starting the bot', () => {
  it('names Slack when its Web API does not answer (HTTP mode), after saying how it starts', async () => {
    const logged: string[] = [];
    const err = await failure(
      startBot(loadConfig(env({ SLACK_API_URL: silentUrl })), null, {
        log: (event, f) => logged.push(`${event} ${JSON.stringify(f)}`),
      }),
    );
    expect(logged[0]).toMatch(
      /^starting .*"mode":"HTTP mode on port 0".*"store":"Redis at 127\.0\.0\.1:\d+"/,
    );
    expect(err).toMatchObject({ code: 'slack-unreachable' });
    expect(err.message).toBe(
      `Slack's Web API at ${silentUrl} could not be reached (auth.test): no answer within 1 s.`,
    );
  });

  it('names Slack when its address refuses connections', async () => {
    const err = await failure(startBot(loadConfig(env({ SLACK_API_URL: refusedUrl })), null));
    expect(err.message).toMatch(
      new RegExp(
        `^Slack's Web API at ${refusedUrl.replace(/[/.]/g, '\\$&')} could not be reached \\(auth\\.test\\): .*(ECONNREFUSED|fetch failed)`,
      ),
    );
  });

  it('names Socket Mode when its WebSocket cannot be opened, and the app token when Slack refuses it', async () => {
    // A Web API that answers, and hands out a WebSocket address that never answers.
    const api = createHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url?.includes('apps.connections.open')
            ? { ok: true, url: silentUrl.replace('http', 'ws').replace('/api/', '/') }
            : { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'TAKSDIAG' },
        ),
      );
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}/api/`;
    try {
      const err = await failure(
        startBot(loadConfig(env({ SLACK_API_URL: apiUrl, SLACK_APP_TOKEN: 'xapp-1-test' })), null),
      );
      expect(err).toMatchObject({ code: 'slack-unreachable' });
      expect(err.message).toBe(
        'Socket Mode did not connect within 1 s: apps.connections.open or the WebSocket it returned could not be reached.',
      );
      expect(err.hint).toContain('SLACK_APP_TOKEN');
    } finally {
      api.closeAllConnections();
      await new Promise((r) => api.close(r));
    }
    // The emulator knows only the bot token: an app token it has not issued is refused.
    const refused = await failure(startBot(loadConfig(env({ SLACK_APP_TOKEN: 'xapp-1-test' })), null));
    expect(refused).toMatchObject({ code: 'config-invalid' });
    expect(refused.message).toBe(
      'Slack refused SLACK_APP_TOKEN (invalid_auth) when opening the Socket Mode connection.',
    );
  });

  it('says which token Slack refused', async () => {
    await expect(startBot(loadConfig(env({ SLACK_BOT_TOKEN: 'xoxb-revoked' })), null)).rejects.toThrow(
      /^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/,
    );
  });

  it('with Redis down says to start it (or to run without it), and does not wait for it', async () => {
    const gone = await startTestRedis();
    await gone.cleanup();
    const err = await failure(startBot(loadConfig(env({ REDIS_URL: gone.url })), null));
    expect(err).toMatchObject({ code: 'store-unavailable' });
    expect(err.message).toMatch(/^Redis at 127\.0\.0\.1:\d+ \(REDIS_URL\) did not answer within 1 s/);
    expect(err.hint).toMatch(/^Start Redis there .* or unset REDIS_URL/);
    expect(`${err.message} ${err.hint}`).not.toMatch(/reconnects on its own/);
  });

  it('`aksdiag bot`: the start line, then one line naming what was unreachable, exit 1', async () => {
    let err = '';
    const code = await main(['bot'], {
      stdin: Readable.from([]),
      stdinIsTTY: true,
      stdout: () => undefined,
      stderr: (s) => (err += s),
      env: env({ SLACK_API_URL: silentUrl }),
    });
    expect(code).toBe(1);
    const lines = err.trim().split('\n');
    expect(lines[0]).toContain('"event":"starting"');
    expect(lines.at(-1)).toMatch(
      /^aksdiag: Slack's Web API at .* could not be reached \(auth\.test\): no answer within 1 s\. Check/,
    );
  });
});
