/** The alert settings as loadConfig reads them, and the credentials the receiver accepts. */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config.js';
import { AksdiagError } from '../errors.js';
import { authorised } from './auth.js';

const TOKEN = 'alert-token-0123456789abcdef';

function refused(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof AksdiagError) return `${err.message} ${err.hint}`;
    throw err;
  }
  throw new Error('expected the settings to be refused');
}

describe('alert settings', () => {
  it('are off without a credential, and read whole with one', () => {
    expect(loadConfig({}).alerts).toBeNull();
    const c = loadConfig({
      AKSDIAG_ALERTS_TOKEN: TOKEN,
      AKSDIAG_ALERTS_BASIC_AUTH: 'alertmanager:a-long-password',
      AKSDIAG_ALERTS_CHANNEL: 'C0DEFAULT',
      AKSDIAG_ALERTS_ROUTES: 'aks-prod=C0PROD, rg-shop/aks-shop=G0SHOP',
      AKSDIAG_ALERTS_CLUSTER_LABELS: 'Cluster,kube_cluster',
      AKSDIAG_ALERTS_REPOST_MINUTES: '5',
    });
    expect(c.alerts).toEqual({
      port: 3001,
      token: TOKEN,
      basic: { user: 'alertmanager', password: 'a-long-password' },
      defaultChannel: 'C0DEFAULT',
      routes: [
        { cluster: { name: 'aks-prod' }, channel: 'C0PROD' },
        { cluster: { resourceGroup: 'rg-shop', name: 'aks-shop' }, channel: 'G0SHOP' },
      ],
      clusterLabels: ['cluster', 'kube_cluster'],
      resourceGroupLabels: ['resource_group', 'resourcegroup', 'resource_group_name'],
      maxBytes: 1_048_576,
      repostMs: 300_000,
    });
  });

  it('refuse what would take alerts from anyone, post them nowhere, or share a port', () => {
    expect(refused({ AKSDIAG_ALERTS_CHANNEL: 'C0DEFAULT' })).toMatch(
      /neither AKSDIAG_ALERTS_TOKEN nor AKSDIAG_ALERTS_BASIC_AUTH/,
    );
    expect(refused({ AKSDIAG_ALERTS_TOKEN: TOKEN })).toMatch(/no channel is set/);
    expect(refused({ AKSDIAG_ALERTS_TOKEN: 'short', AKSDIAG_ALERTS_CHANNEL: 'C0DEFAULT' })).toMatch(
      /AKSDIAG_ALERTS_TOKEN is invalid/,
    );
    expect(refused({ AKSDIAG_ALERTS_BASIC_AUTH: 'user:short', AKSDIAG_ALERTS_CHANNEL: 'C0D1' })).toMatch(
      /12 characters/,
    );
    expect(refused({ AKSDIAG_ALERTS_TOKEN: TOKEN, AKSDIAG_ALERTS_CHANNEL: '#aks-oncall' })).toMatch(
      /not a channel id/,
    );
    expect(refused({ AKSDIAG_ALERTS_TOKEN: TOKEN, AKSDIAG_ALERTS_ROUTES: 'aks-prod' })).toMatch(
      /not cluster=channel/,
    );
    expect(refused({ AKSDIAG_ALERTS_TOKEN: TOKEN, AKSDIAG_ALERTS_ROUTES: 'a/b/c/d=C0X1' })).toMatch(
      /is not a cluster/,
    );
    expect(refused({ AKSDIAG_ALERTS_TOKEN: TOKEN, AKSDIAG_ALERTS_ROUTES: 'aks=C0X1,AKS=C0X2' })).toMatch(
      /mapped twice/,
    );
    expect(
      refused({ AKSDIAG_ALERTS_TOKEN: TOKEN, AKSDIAG_ALERTS_CHANNEL: 'C0D1', AKSDIAG_ALERTS_PORT: '8080' }),
    ).toMatch(/AKSDIAG_ALERTS_PORT and AKSDIAG_HEALTH_PORT are both 8080/);
  });
});

describe('alert credentials', () => {
  const s = { token: TOKEN, basic: { user: 'am', password: 'a-long-password' } };
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  const ok = (authorization?: string, queryToken?: string) => authorised({ authorization, queryToken }, s);

  it('takes the bearer token, the user and password, or the token in the query without a header', () => {
    expect(ok(`Bearer ${TOKEN}`)).toBe(true);
    expect(ok(`bearer  ${TOKEN}`)).toBe(true);
    expect(ok(basic('am', 'a-long-password'))).toBe(true);
    expect(ok(undefined, TOKEN)).toBe(true);
  });

  it('refuses anything else: a wrong or partial secret, another scheme, a scheme not configured, nothing', () => {
    expect(ok(`Bearer ${TOKEN}x`)).toBe(false);
    expect(ok(`Bearer ${TOKEN.slice(0, -1)}`)).toBe(false);
    expect(ok(basic('am', 'wrong-password!'))).toBe(false);
    expect(ok(basic('AM', 'a-long-password'))).toBe(false);
    expect(ok(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBe(false);
    expect(ok(`Token ${TOKEN}`)).toBe(false);
    expect(ok(TOKEN)).toBe(false);
    expect(ok('Bearer x', TOKEN)).toBe(false);
    expect(ok()).toBe(false);
    expect(
      authorised(
        { authorization: `Bearer ${TOKEN}`, queryToken: undefined },
        { token: null, basic: s.basic },
      ),
    ).toBe(false);
    expect(
      authorised(
        { authorization: basic('am', 'a-long-password'), queryToken: undefined },
        { token: TOKEN, basic: null },
      ),
    ).toBe(false);
  });
});
