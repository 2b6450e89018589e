/**
 * `aksdiag interpret` on the formats people paste, run in-process through `main`: what a run-command
 * envelope holds is judged too (the tool named with --inner, or recognised), and nft rulesets have a kind.
 */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { interpret, localizeVerdict } from '../../src/index.js';
import { loadFixture } from '../support/fixtures.js';
import { runCommandEnvelope, runCommandJson } from '../support/paste.js';

async function run(argv: string[], stdin: string) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdinIsTTY: false,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

describe('aksdiag interpret run-command', () => {
  // A listing that drops 10250, as `az vmss run-command invoke` returns it: the run "succeeded".
  const listing = loadFixture('iptables-list', 'rules-ssh-accept-drop-10250').text;

  it('says what the iptables listing inside the envelope does to the port, not only that the run succeeded', async () => {
    const { code, out } = await run(['interpret', 'run-command', '--port', '10250'], runCommandJson(listing));
    expect(code).toBe(0);
    expect(out).toMatch(/^run-command \(port 10250\): succeeded/);
    expect(out).toContain(
      'inside: iptables-list (port 10250): blocks-port  <- -A INPUT -p tcp -m tcp --dport 10250 -j DROP',
    );
  });

  it('prints the inner verdicts in --json, as the library returns them', async () => {
    const argv = ['interpret', 'run-command', '--port', '10250', '--json'];
    const v = JSON.parse((await run(argv, runCommandEnvelope(listing))).out);
    expect(v.verdict).toBe('succeeded');
    expect(v.inner).toHaveLength(1);
    expect(v.inner[0]).toMatchObject({
      kind: 'iptables-list',
      verdict: 'blocks-port',
      port: 10250,
      decidedBy: { chain: 'INPUT', rule: 2, target: 'DROP' },
    });
    const library = interpret('run-command', runCommandEnvelope(listing), { port: 10250 });
    expect(v).toEqual(JSON.parse(JSON.stringify(localizeVerdict(library, 'en'))));
  });

  it('judges a failed script by its exit status and its output by the tool that printed it', async () => {
    const { out } = await run(
      ['interpret', 'run-command', '--json'],
      loadFixture('run-command', 'failed-exit-1').text,
    );
    const v = JSON.parse(out);
    expect(v.verdict).toBe('failed');
    expect(v.inner.map((i: { kind: string; verdict: string }) => [i.kind, i.verdict])).toEqual([
      ['nc', 'refused'],
    ]);
  });

  it('says the inner verdict rests on output that run-command cut short', async () => {
    const argv = ['interpret', 'run-command', '--port', '10250', '--json'];
    const v = JSON.parse((await run(argv, loadFixture('run-command', 'truncated-port-sweep').text)).out);
    expect(v.truncated).toBe(true);
    expect(v.inner[0]).toMatchObject({ kind: 'nc', verdict: 'open', truncated: true });
  });

  it('takes --inner for output it would not recognise, and judges the envelope alone without one', async () => {
    // The last line of a Chinese Windows nslookup alone: nothing else marks it as nslookup output.
    const text = runCommandEnvelope('*** 请求 UnKnown 超时\n');
    const named = JSON.parse(
      (await run(['interpret', 'run-command', '--inner', 'nslookup', '--json'], text)).out,
    );
    expect(named.inner[0]).toMatchObject({
      kind: 'nslookup',
      verdict: 'timeout',
      evidence: '*** 请求 UnKnown 超时',
    });
    const guessed = JSON.parse((await run(['interpret', 'run-command', '--json'], text)).out);
    expect(guessed.inner).toBeUndefined();
    expect(guessed.notes.join(' ')).toContain('--inner');
  });

  it('refuses --inner outside run-command, and a kind it does not know, with exit 2', async () => {
    const wrongKind = await run(['interpret', 'nc', '--inner', 'nc'], 'Ncat: TIMEOUT.');
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.err).toContain('--inner names the tool inside a run-command envelope');
    const unknownKind = await run(['interpret', 'run-command', '--inner', 'tcpdump'], 'x');
    expect(unknownKind.code).toBe(2);
    expect((await run(['interpret', 'run-command', '--inner', 'run-command'], 'x')).code).toBe(2);
  });
});

describe('aksdiag interpret nft-ruleset', () => {
  it('judges a captured nft ruleset for a port, naming table, chain and handle', async () => {
    const { text } = loadFixture('nft-ruleset', 'native-policy-drop-10250-drop-handles');
    const v = JSON.parse((await run(['interpret', 'nft-ruleset', '--port', '10250', '--json'], text)).out);
    expect(v).toMatchObject({
      kind: 'nft-ruleset',
      verdict: 'blocks-port',
      port: 10250,
      decidedBy: { family: 'inet', table: 'filter', chain: 'input', rule: 5, handle: 7, target: 'drop' },
    });
  });
});
