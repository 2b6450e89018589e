import {
  listFixtures,
  listPublicSamples,
  loadFixture,
  loadPublicSample,
} from '../../test/support/fixtures.js';
import { detectTools, type ToolKind } from './detect.js';

const KINDS: ToolKind[] = [
  'nc',
  'curl',
  'iptables-list',
  'nft-ruleset',
  'ufw-status',
  'nslookup',
  'resolv-conf',
];

/** Captured output in which the tool printed no output of its own: an error, or nothing at all. */
const NO_TOOL_OUTPUT = new Set([
  'iptables-list/not-root', // iptables: Permission denied (you must be root)
  'ufw-status/not-root',
  'nft-ruleset/empty', // an empty ruleset prints nothing
  'resolv-conf/no-nameserver', // search and options only
]);

describe('detectTools', () => {
  const captured = KINDS.flatMap((kind) => listFixtures(kind).map((name) => [kind, name] as const));

  it.each(captured)('finds %s output, and only it, in %s', (kind, name) => {
    const { text } = loadFixture(kind, name);
    expect(detectTools(text)).toEqual(NO_TOOL_OUTPUT.has(`${kind}/${name}`) ? [] : [kind]);
  });

  const samples = (['nc', 'curl', 'nslookup'] as const).flatMap((kind) =>
    listPublicSamples(kind).map((name) => [kind, name] as const),
  );

  it.each(samples)('finds %s output in the public sample %s, unless it was quoted', (kind, name) => {
    const { text } = loadPublicSample(kind, name);
    const quoted = text.split('\n').every((l) => l === '' || l.startsWith('>'));
    expect(detectTools(text)).toEqual(quoted ? [] : [kind]);
  });

  it('finds every tool a script ran, as in a run-command result', () => {
    const nc = loadFixture('nc', 'ncat-refused').text;
    const dns = loadFixture('nslookup', 'busybox-nxdomain').text;
    expect(detectTools(`${nc}\n${dns}`)).toEqual(['nc', 'nslookup']);
  });

  it('finds nothing in prose that mentions the tools', () => {
    const prose =
      'I ran nc and curl against the node, then nslookup and iptables -S; the Server: header said nginx.\nStatus of ufw: active, I think';
    expect(detectTools(prose)).toEqual([]);
  });
});
