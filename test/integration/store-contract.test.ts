/**
 * One contract, two stores: the Redis store on a real redis-server and the embedded SQLite store
 * in a temp file must behave the same for everything the bot relies on (claims, one-time tokens,
 * bindings, diagnoses and their threads, the audit log), including under concurrent callers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StoreSettings } from '../../src/config.js';
import { openStore } from '../../src/store/open.js';
import { type AlertThread, RECENT_MAX, type Store, type ThreadDiagnosis } from '../../src/store/types.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
let dir: string;
let n = 0;

beforeAll(async () => {
  redis = await startTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'aksdiag-store-'));
});

afterAll(async () => {
  await redis.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const kinds: [string, () => StoreSettings][] = [
  ['redis', () => ({ kind: 'redis', url: redis.url, prefix: `c${process.pid}-${++n}` })],
  ['sqlite', () => ({ kind: 'sqlite', path: join(dir, `s${++n}`, 'aksdiag.db') })],
];

const diag = (over: Partial<ThreadDiagnosis> = {}): ThreadDiagnosis => ({
  id: 'diag-1',
  team: 'T1',
  channel: 'C1',
  threadTs: '1700000000.000100',
  replyTs: '1700000000.000200',
  text: 'dial tcp 10.224.0.5:10250: i/o timeout',
  symptom: 'tunnel-10250',
  cluster: null,
  ...over,
});

/** Polls `fn` until it is true (expiry has no event to wait for); fails after `tries`. */
async function eventually(fn: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition never held');
}

describe.each(kinds)('the %s store', (_kind, settings) => {
  let store: Store;
  let opened: StoreSettings;
  beforeAll(async () => {
    opened = settings();
    store = await openStore(opened, 3000);
  });
  afterAll(() => store.close());

  it('grants a claim once, however many ask at the same moment, and again once released or expired', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => store.claim('event:Ev1', 60_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await store.claim('event:Ev1', 60_000)).toBe(false);
    await store.release('event:Ev1');
    expect(await store.claim('event:Ev1', 60_000)).toBe(true);
    expect(await store.claim('short', 30)).toBe(true);
    await eventually(() => store.claim('short', 30_000));
  });

  it('spends a one-time token once: a second or concurrent spend gets nothing', async () => {
    await store.mint('tok-a', '{"d":"x"}', 60_000);
    const spent = await Promise.all(Array.from({ length: 10 }, () => store.spend('tok-a')));
    expect(spent.filter((v) => v !== null)).toEqual(['{"d":"x"}']);
    expect(await store.spend('tok-a')).toBeNull();
    expect(await store.spend('never-minted')).toBeNull();
    await store.mint('tok-b', 'v', 20);
    await eventually(async () => {
      await store.mint('probe', 'p', 20);
      return (await store.spend('tok-b')) === null;
    });
  });

  it('binds a cluster to a team and channel, and to nothing else', async () => {
    await store.bind('T1', 'C1', 'rg/aks-a');
    await store.bind('T1', 'C1', 'rg/aks-b');
    expect(await store.binding('T1', 'C1')).toBe('rg/aks-b');
    expect(await store.binding('T2', 'C1')).toBeNull();
    expect(await store.binding('T1', 'C2')).toBeNull();
  });

  it('keeps a channel language per team and channel, cleared with null, and lists the channels with settings', async () => {
    const team = `TL${n}`;
    await store.setChannelLanguage(team, 'C1', 'ja');
    await store.setChannelLanguage(team, 'C1', 'fr');
    await store.setChannelLanguage(team, 'C3', 'ko');
    await store.bind(team, 'C2', 'rg/aks-b');
    await store.bind(team, 'C3', 'rg/aks-c');
    expect(await store.channelLanguage(team, 'C1')).toBe('fr');
    expect(await store.channelLanguage(team, 'C2')).toBeNull();
    expect(await store.channelLanguage('TOTHER', 'C1')).toBeNull();
    expect(await store.channels(team)).toEqual([
      { channel: 'C1', cluster: null, lang: 'fr' },
      { channel: 'C2', cluster: 'rg/aks-b', lang: null },
      { channel: 'C3', cluster: 'rg/aks-c', lang: 'ko' },
    ]);
    expect(await store.channels(team, 2)).toHaveLength(2);
    await store.setChannelLanguage(team, 'C1', null);
    expect(await store.channelLanguage(team, 'C1')).toBeNull();
    expect((await store.channels(team)).map((c) => c.channel)).toEqual(['C2', 'C3']);
    expect(await store.channels('TNOBODY')).toEqual([]);
  });

  it("remembers a user's locale for a while, an empty one included, per team", async () => {
    await store.rememberLocale('T1', 'U1', 'ja-JP', 60_000);
    await store.rememberLocale('T1', 'U2', '', 60_000);
    expect(await store.locale('T1', 'U1')).toBe('ja-JP');
    expect(await store.locale('T1', 'U2')).toBe('');
    expect(await store.locale('T2', 'U1')).toBeNull();
    expect(await store.locale('T1', 'U3')).toBeNull();
    await store.rememberLocale('T1', 'U4', 'fr-FR', 20);
    await eventually(async () => (await store.locale('T1', 'U4')) === null);
  });

  it("lists a user's diagnoses newest first, in their team only, the latest save of each", async () => {
    const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 0, m)).toISOString();
    await store.save(diag({ id: 'r-1', threadTs: '1.1', user: 'UR', at: at(1) }));
    await store.save(diag({ id: 'r-3', threadTs: '1.3', user: 'UR', at: at(3) }));
    await store.save(diag({ id: 'r-2', threadTs: '1.2', user: 'UR', at: at(2) }));
    await store.save(diag({ id: 'r-x', threadTs: '1.4', user: 'UR', at: at(4), team: 'T2' }));
    await store.save(diag({ id: 'r-y', threadTs: '1.5', user: 'UOTHER', at: at(5) }));
    await store.save(diag({ id: 'r-1', threadTs: '1.1', user: 'UR', at: at(1), status: 'resolved' }));
    const mine = await store.recent('T1', 'UR', 10);
    expect(mine.map((d) => d.id)).toEqual(['r-3', 'r-2', 'r-1']);
    expect(mine[2]).toMatchObject({ status: 'resolved' });
    expect((await store.recent('T1', 'UR', 2)).map((d) => d.id)).toEqual(['r-3', 'r-2']);
    expect(await store.recent('T1', 'UNOBODY', 10)).toEqual([]);
  });

  it("keeps a user's most recent RECENT_MAX diagnoses", async () => {
    for (let i = 0; i < RECENT_MAX + 5; i++)
      await store.save(
        diag({
          id: `m-${i}`,
          threadTs: `2.${i}`,
          user: 'UMANY',
          at: new Date(Date.UTC(2030, 1, 1, 0, i)).toISOString(),
        }),
      );
    const kept = await store.recent('T1', 'UMANY', 1000);
    expect(kept).toHaveLength(RECENT_MAX);
    expect(kept[0]!.id).toBe(`m-${RECENT_MAX + 4}`);
  });

  it('finds a diagnosis by id and by its team, channel and thread; a save replaces it', async () => {
    const d = diag({ offered: ['rg/a', 'rg/b'], fixes: ['nsg-blocks-10250'] });
    await store.save(d);
    expect(await store.get('diag-1')).toEqual(d);
    expect(await store.inThread('T1', 'C1', d.threadTs)).toEqual(d);
    expect(await store.inThread('T2', 'C1', d.threadTs)).toBeNull();
    expect(await store.inThread('T1', 'C9', d.threadTs)).toBeNull();
    await store.save({ ...d, cluster: 'rg/a', report: '[]' });
    expect(await store.get('diag-1')).toMatchObject({ cluster: 'rg/a', report: '[]' });
    expect(await store.get('unknown')).toBeNull();
  });

  it('keeps the audit log in time order, from a time on, newest N, whatever order it was written in', async () => {
    const t0 = Date.now() - 3600_000;
    const at = (m: number) => new Date(t0 + m * 60_000).toISOString();
    const entry = (m: number, result: string) => ({
      at: at(m),
      who: 'U1',
      what: 'apply nsg-blocks-10250',
      where: 'C1 · rg/aks-lab',
      result,
      diagnosis: 'diag-1',
    });
    await store.audit(entry(1, 'refused: not on the approver list'));
    await store.audit(entry(3, 'applied: rule added'));
    // Written late (after an outage), but it happened at minute 2.
    await store.audit(entry(2, 'refused: another channel'));
    const all = await store.auditLog({ since: new Date(at(0)) });
    expect(all.map((e) => e.result)).toEqual([
      'refused: not on the approver list',
      'refused: another channel',
      'applied: rule added',
    ]);
    expect(all[0]).toEqual(entry(1, 'refused: not on the approver list'));
    expect((await store.auditLog({ since: new Date(at(2)) })).map((e) => e.at)).toEqual([at(2), at(3)]);
    expect((await store.auditLog({ since: new Date(at(0)), limit: 1 })).map((e) => e.at)).toEqual([at(3)]);
  });

  it("keeps an alert group's thread by its key, a save replacing it, and across a reconnect", async () => {
    const thread: AlertThread = {
      key: 'alert:0f3a',
      diagnosis: 'diag-alert',
      channel: 'C1',
      ts: '1700000100.000100',
      status: 'firing',
      fired: 1,
      resolved: 0,
      notifications: 1,
      postedAt: 1_700_000_100_000,
      lastAt: 1_700_000_100_000,
    };
    await store.saveAlertThread(thread);
    expect(await store.alertThread('alert:0f3a')).toEqual(thread);
    const later = {
      ...thread,
      status: 'resolved' as const,
      resolved: 1,
      notifications: 2,
      lastAt: 1_700_000_200_000,
    };
    await store.saveAlertThread(later);
    expect(await store.alertThread('alert:0f3a')).toEqual(later);
    expect(await store.alertThread('alert:other')).toBeNull();
    const again = await openStore(opened, 3000);
    try {
      expect(await again.alertThread('alert:0f3a')).toEqual(later);
    } finally {
      await again.close();
    }
  });

  it('keeps its file for this user only (embedded)', async () => {
    if (opened.kind !== 'sqlite') return expect(opened.kind).toBe('redis');
    expect(statSync(opened.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(opened.path)).mode & 0o777).toBe(0o700);
  });

  it('keeps everything across a reconnect: a new process finds it where it was left', async () => {
    await store.save(diag({ id: 'kept' }));
    await store.claim('kept-claim', 60_000);
    const again = await openStore(opened, 3000);
    try {
      await again.ping();
      expect(await again.get('kept')).toMatchObject({ id: 'kept' });
      expect(await again.claim('kept-claim', 60_000)).toBe(false);
      expect((await again.auditLog()).length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  });
});

describe('opening a store', () => {
  it('fails at once naming Redis and what to start when it does not answer', async () => {
    const down = await startTestRedis();
    await down.stop();
    try {
      const err = await openStore({ kind: 'redis', url: down.url, prefix: 'x' }, 300).catch(
        (e: unknown) => e,
      );
      expect(String((err as Error).message)).toMatch(
        /Redis at 127\.0\.0\.1:\d+ \(REDIS_URL\) did not answer/,
      );
      expect((err as { hint: string }).hint).toMatch(/Start Redis.*or unset REDIS_URL/);
    } finally {
      await down.cleanup();
    }
  });

  it('fails naming the file and AKSDIAG_DATA_DIR when the embedded store cannot be written', async () => {
    // A data directory that is a file (tests run as root, so permissions would not refuse).
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, '');
    const path = join(notADir, 'aksdiag.db');
    const err = await openStore({ kind: 'sqlite', path }, 300).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain(`Cannot open the embedded store ${path}`);
    expect((err as { hint: string }).hint).toContain('AKSDIAG_DATA_DIR');
  });
});
