/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on a loopback port, with one
 * webhook receiver pointed at the bot's alert endpoint: alerts are posted to its API v2, and it
 * groups them and sends its own webhook bodies (firing, then resolved) with the configured
 * credentials, as it would in a cluster. Grouping is fast (100 ms wait, 500 ms interval) so tests
 * wait for the bot's log events, not for Alertmanager's defaults.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ALERTMANAGER_BIN = 'prometheus-alertmanager';

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** Set to now (or earlier) to resolve it. */
  endsAt?: string;
  generatorURL?: string;
}

export interface TestAlertmanager {
  url: string;
  post(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

export type WebhookAuth = { bearer: string } | { basic: { username: string; password: string } };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const q = (s: string) => JSON.stringify(s);

export function alertmanagerConfig(webhookUrl: string, auth: WebhookAuth): string {
  const http =
    'bearer' in auth
      ? `        http_config:\n          authorization:\n            type: Bearer\n            credentials: ${q(auth.bearer)}\n`
      : `        http_config:\n          basic_auth:\n            username: ${q(auth.basic.username)}\n            password: ${q(auth.basic.password)}\n`;
  return [
    'route:',
    '  receiver: aksdiag',
    "  group_by: ['alertname', 'cluster']",
    '  group_wait: 100ms',
    '  group_interval: 500ms',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: aksdiag',
    '    webhook_configs:',
    `      - url: ${q(webhookUrl)}`,
    '        send_resolved: true',
    http,
  ].join('\n');
}

/** Resolves once Alertmanager says it listens; rejects with its output when it exits first. */
function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (b: Buffer) => {
      output += b.toString();
      if (/msg="?Listening on"?/.test(output)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`alertmanager exited (${code}): ${output.slice(-2000)}`)));
    child.once('error', reject);
  });
}

export async function startAlertmanager(webhookUrl: string, auth: WebhookAuth): Promise<TestAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-am-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, alertmanagerConfig(webhookUrl, auth));
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // One instance, no gossip: nothing listens beyond loopback.
      '--cluster.listen-address=',
      '--log.level=info',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await listening(child);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
