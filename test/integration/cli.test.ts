/** The `aksdiag` command line, run in-process through `main` and once as the built binary. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { loadFixture } from '../support/fixtures.js';
import { REPO_ROOT } from '../support/paths.js';

async function run(argv: string[], stdin?: string | Buffer | Iterable<Buffer>) {
  let out = '';
  let err = '';
  const stream =
    stdin === undefined
      ? Readable.from([])
      : Readable.from(typeof stdin === 'string' || Buffer.isBuffer(stdin) ? [stdin] : stdin);
  const code = await main(argv, {
    stdin: stream,
    stdinIsTTY: stdin === undefined,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

const TUNNEL =
  'Error from server: error dialing backend: dial tcp 10.240.0.4:10250: getsockopt: connection timed out';

describe('aksdiag explain', () => {
  it('names the symptom, the node and the causes in the terminal', async () => {
    const paste =
      'kubectl logs web-1 -n shop\nError from server: Get "https://aks-nodepool1-12345678-vmss00000a:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';
    const { code, out } = await run(['explain', paste]);
    expect(code).toBe(0);
    expect(out).toMatch(/^tunnel-10250 {2}\(confidence 0\.\d\d\)/);
    expect(out).toContain('VMSS aks-nodepool1-12345678-vmss, instance 10');
    expect(out).toContain('nsg-blocks-10250');
    expect(out).toContain(
      'az vmss reimage -g <node-resource-group> -n aks-nodepool1-12345678-vmss --instance-ids 10',
    );
  });

  it('prints the JSON contract of DESIGN.md with --json, from stdin', async () => {
    const { code, out } = await run(['explain', '--json'], TUNNEL);
    expect(code).toBe(0);
    const d = JSON.parse(out);
    expect(d.symptom).toBe('tunnel-10250');
    expect(d.confidence).toBeGreaterThan(0.5);
    expect(Array.isArray(d.alternatives)).toBe(true);
    expect(d.entities.ips).toContain('10.240.0.4');
    expect(d.entities.ports).toContain(10250);
    for (const c of d.causes) {
      expect(typeof c.id).toBe('string');
      expect(typeof c.title).toBe('string');
      expect(c.checks.length).toBeGreaterThan(0);
      expect(typeof c.fix).toBe('string');
    }
  });

  it('says so and exits 0 when nothing matches', async () => {
    const { code, out } = await run(['explain', 'the coffee machine is out of beans']);
    expect(code).toBe(0);
    expect(out).toContain('No AKS networking symptom recognised');
    const json = JSON.parse((await run(['explain', '--json', 'the coffee machine is out of beans'])).out);
    expect(json.symptom).toBeNull();
    expect(json.causes).toEqual([]);
  });

  it('refuses empty input with exit 2 and a message that says what to do', async () => {
    const { code, err } = await run(['explain'], '   \n');
    expect(code).toBe(2);
    expect(err).toMatch(/input is empty: pass the error text/);
    const tty = await run(['explain']);
    expect(tty.code).toBe(2);
    expect(tty.err).toMatch(/pipe it on stdin/);
  });

  it('refuses binary input with exit 2', async () => {
    const { code, err } = await run(['explain'], Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0]));
    expect(code).toBe(2);
    expect(err).toMatch(/looks binary/);
  });

  it('answers a 50 MB paste from its head and tail, and says it was cut', async () => {
    const line = Buffer.from(
      'I1123 03:14:15.123456 1867 kubelet.go:2183] "SyncLoop (PLEG): event for pod" pod="default/web"\n',
    );
    const chunk = Buffer.concat(Array.from({ length: 10_000 }, () => line));
    const chunks = Array.from({ length: Math.ceil(50e6 / chunk.length) }, () => chunk);
    chunks.push(Buffer.from(`${TUNNEL}\n`));
    const { code, out } = await run(['explain', '--json'], chunks);
    expect(code).toBe(0);
    const d = JSON.parse(out);
    expect(d.input.truncated).toBe(true);
    expect(d.input.chars).toBeGreaterThan(50e6);
    expect(d.input.scannedChars).toBeLessThan(2.1e6);
    expect(d.symptom).toBe('tunnel-10250');
  });

  it('masks a bearer token in everything it prints', async () => {
    const paste = `${TUNNEL}\ncurl -H "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" https://10.0.0.1/`;
    const { out } = await run(['explain', '--json', paste]);
    expect(out).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(JSON.parse(out).input.redactions['bearer-token']).toBe(1);
  });
});

describe('aksdiag interpret', () => {
  it('judges captured ufw output for a port', async () => {
    const ufw = loadFixture('ufw-status', 'ssh-only-verbose');
    const { code, out } = await run(['interpret', 'ufw-status', '--port', '10250', '--json'], ufw.text);
    expect(code).toBe(0);
    const v = JSON.parse(out);
    expect(v.kind).toBe('ufw-status');
    expect(v.verdict).toBe('blocks-port');
    expect(v.port).toBe(10250);
  });

  it('rejects an unknown kind and a bad port with exit 2', async () => {
    expect((await run(['interpret', 'tcpdump'], 'x')).code).toBe(2);
    const bad = await run(['interpret', 'ufw-status', '--port', '70000'], 'Status: inactive');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/1 to 65535/);
    const src = await run(['interpret', 'iptables-list', '--source', '10.0.0.1;rm -rf /'], 'x');
    expect(src.code).toBe(2);
  });
});

describe('the built binary', () => {
  const bin = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.js');

  it('runs explain from argv and interpret from stdin', () => {
    const out = execFileSync(process.execPath, [bin, 'explain', '--json', TUNNEL], { encoding: 'utf8' });
    expect(JSON.parse(out).symptom).toBe('tunnel-10250');
    const nc = loadFixture('nc', 'open-10250');
    const verdict = execFileSync(process.execPath, [bin, 'interpret', 'nc', '--json'], {
      input: nc.text,
      encoding: 'utf8',
    });
    expect(JSON.parse(verdict).verdict).toBe('open');
  });

  it('exits 2 on bad usage', () => {
    const r = spawnSync(process.execPath, [bin, 'interpret'], { encoding: 'utf8', input: '' });
    expect(r.status).toBe(2);
  });
});

describe('the library', () => {
  it('returns exactly the objects the CLI prints with --json', async () => {
    const { diagnose, interpret, localizeDiagnosis, localizeVerdict } = await import('../../src/index.js');
    expect(JSON.parse((await run(['explain', '--json', TUNNEL])).out)).toEqual(
      JSON.parse(JSON.stringify(localizeDiagnosis(diagnose(TUNNEL), 'en'))),
    );
    const ufw = loadFixture('ufw-status', 'ssh-only-verbose');
    const printed = JSON.parse(
      (await run(['interpret', 'ufw-status', '--port', '10250', '--json'], ufw.text)).out,
    );
    expect(printed).toEqual(
      JSON.parse(JSON.stringify(localizeVerdict(interpret('ufw-status', ufw.text, { port: 10250 }), 'en'))),
    );
  });
});

describe('aksdiag on pastes in other scripts', () => {
  it.each([
    [
      'Japanese',
      'kubectl logs web\nError from server: Get "https://10.224.0.5:10250/containerLogs/a/b/c": dial tcp 10.224.0.5:10250: i/o タイムアウト',
    ],
    [
      'Korean',
      'Unable to connect to the server: dial tcp 20.1.2.3:443: connectex: 연결된 구성원으로부터 응답이 없어 연결하지 못했거나',
    ],
    [
      'French',
      "Unable to connect to the server: dial tcp 20.1.2.3:443: connectex: Une tentative de connexion a échoué car le parti connecté n'a pas répondu",
    ],
  ])('reads %s from stdin without claiming it was cut', async (_lang, paste) => {
    const { code, out } = await run(['explain'], paste);
    expect(code).toBe(0);
    expect(out).not.toContain('Note: Input was');
    expect(out).toMatch(/^(?:tunnel-10250|apiserver-unreachable) {2}\(confidence/);
  });

  it('prints its version', async () => {
    const { out } = await run(['--version']);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(out.trim()).toBe(pkg.version);
  });
});
