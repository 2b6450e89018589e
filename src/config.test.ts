import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { AksdiagError } from './errors.js';

const SUB = '11111111-2222-3333-4444-555555555555';

function refused(env: Record<string, string>): AksdiagError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof AksdiagError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('runs without Azure settings (diagnosis only), with documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      azure: null,
      nodeDeadlineMs: 300_000,
      runCommandPollMs: 5000,
      maxNodes: 5,
      kubeTimeoutMs: 15_000,
      homeCluster: null,
      slack: null,
    });
  });

  it('reads subscriptions from either setting; empty values count as unset', () => {
    expect(
      loadConfig({ AKSDIAG_SUBSCRIPTIONS: `${SUB}, ${SUB.replace('1', '9')}` }).azure?.subscriptions,
    ).toEqual([SUB, SUB.replace('1', '9')]);
    expect(
      loadConfig({ AZURE_SUBSCRIPTION_ID: SUB, AKSDIAG_SUBSCRIPTIONS: '' }).azure?.subscriptions,
    ).toEqual([SUB]);
  });

  it('names the setting that is wrong and says what to do', () => {
    const bad = refused({ AKSDIAG_SUBSCRIPTIONS: 'my-subscription' });
    expect(bad.code).toBe('config-invalid');
    expect(bad.message).toContain('AKSDIAG_SUBSCRIPTIONS');
    expect(bad.hint).toContain('.env.example');
    expect(refused({ AKSDIAG_ARM_ENDPOINT: 'http://management.azure.com' }).message).toContain(
      'AKSDIAG_ARM_ENDPOINT',
    );
    expect(refused({ AKSDIAG_MAX_NODES: '0' }).message).toContain('AKSDIAG_MAX_NODES');
    expect(refused({ AKSDIAG_ARM_CA_FILE: '/nonexistent/ca.pem' }).message).toContain('AKSDIAG_ARM_CA_FILE');
  });

  it('the home cluster needs to run in a pod, and builds the in-cluster API URL', () => {
    expect(refused({ AKSDIAG_HOME_CLUSTER: 'aks-prod' }).message).toContain('KUBERNETES_SERVICE_HOST');
    expect(
      loadConfig({ AKSDIAG_HOME_CLUSTER: 'rg/aks-prod', KUBERNETES_SERVICE_HOST: '10.0.0.1' }).homeCluster,
    ).toEqual({
      cluster: 'rg/aks-prod',
      server: 'https://10.0.0.1:443',
      serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
    });
    expect(
      loadConfig({
        AKSDIAG_HOME_CLUSTER: 'x',
        KUBERNETES_SERVICE_HOST: 'fd00::1',
        KUBERNETES_SERVICE_PORT: '6443',
      }).homeCluster?.server,
    ).toBe('https://[fd00::1]:6443');
  });

  it('the bot needs a bot token plus Socket Mode or a signing secret', () => {
    expect(refused({ SLACK_BOT_TOKEN: 'xoxb-1' }).message).toContain('SLACK_SIGNING_SECRET');
    expect(
      refused({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 'secret123' }).message,
    ).toContain('SLACK_BOT_TOKEN');
    expect(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 'secret123',
        AKSDIAG_FIX_APPROVERS: 'U012AB3CD, S0PLATFORM',
      }).slack,
    ).toEqual({
      botToken: 'xoxb-1',
      appToken: null,
      signingSecret: 'secret123',
      apiUrl: null,
      port: 3000,
      fixApprovers: ['U012AB3CD', 'S0PLATFORM'],
      nodeFixes: false,
      kubeFixes: false,
      // No REDIS_URL: the embedded store, and the checks in the bot's own process.
      checks: 'in-process',
      startupTimeoutMs: 30_000,
      language: null,
    });
    expect(
      refused({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', AKSDIAG_FIX_APPROVERS: 'alice' })
        .message,
    ).toContain('AKSDIAG_FIX_APPROVERS');
  });

  it('reads the bot language as a code or a locale name, and refuses one aksdiag does not speak', () => {
    const bot = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret123' };
    expect(loadConfig({ ...bot, AKSDIAG_LANGUAGE: 'ja' }).slack?.language).toBe('ja');
    expect(loadConfig({ ...bot, AKSDIAG_LANGUAGE: 'nl_NL.UTF-8' }).slack?.language).toBe('nl');
    const err = refused({ ...bot, AKSDIAG_LANGUAGE: 'de' });
    expect(err.message).toBe(
      'Setting AKSDIAG_LANGUAGE is invalid: a language aksdiag speaks: en, ja, fr, nl, ko.',
    );
  });

  it('keeps the bot state in Redis when REDIS_URL is set, else in one SQLite file under AKSDIAG_DATA_DIR', () => {
    const http = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret123' };
    const redis = loadConfig({ ...http, REDIS_URL: 'redis://cache:6380', AKSDIAG_QUEUE_PREFIX: 'team1' });
    expect(redis.store).toEqual({ kind: 'redis', url: 'redis://cache:6380', prefix: 'team1' });
    expect(redis.slack?.checks).toBe('queue');
    expect(loadConfig({ ...http, AKSDIAG_DATA_DIR: '/data' }).store).toEqual({
      kind: 'sqlite',
      path: '/data/aksdiag.db',
    });
    expect(loadConfig({ ...http, HOME: '/home/ops' }).store).toEqual({
      kind: 'sqlite',
      path: '/home/ops/.aksdiag/aksdiag.db',
    });
    // The queue lives in Redis: asking for it without Redis is named, with both ways out.
    expect(refused({ ...http, AKSDIAG_BOT_CHECKS: 'queue' }).message).toMatch(
      /AKSDIAG_BOT_CHECKS is queue but REDIS_URL is not set/,
    );
    expect(
      loadConfig({ ...http, REDIS_URL: 'redis://cache:6380', AKSDIAG_BOT_CHECKS: 'in-process' }).slack
        ?.checks,
    ).toBe('in-process');
  });

  it('reads a settings file named by AKSDIAG_CONFIG_FILE; the environment wins; a bad line is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aksdiag-config-'));
    try {
      const file = join(dir, 'aksdiag.env');
      writeFileSync(
        file,
        `# from a Secret\nAKSDIAG_SUBSCRIPTIONS="${SUB}"\nexport AKSDIAG_MAX_NODES=9\nAKSDIAG_KUBE_TIMEOUT_SECONDS=20\n`,
      );
      const c = loadConfig({ AKSDIAG_CONFIG_FILE: file, AKSDIAG_MAX_NODES: '3' });
      expect(c.azure?.subscriptions).toEqual([SUB]);
      expect(c.maxNodes).toBe(3);
      expect(c.kubeTimeoutMs).toBe(20_000);
      writeFileSync(file, 'AKSDIAG_MAX_NODES=9\nthis is not a setting\n');
      expect(refused({ AKSDIAG_CONFIG_FILE: file }).message).toBe(`Line 2 of ${file} is not KEY=VALUE.`);
      expect(refused({ AKSDIAG_CONFIG_FILE: join(dir, 'missing.env') }).message).toContain(
        'AKSDIAG_CONFIG_FILE',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
