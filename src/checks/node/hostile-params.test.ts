/**
 * Every parameter of every node check, fed hostile strings and numbers: each value is either refused by the
 * check's schema, or the rendered script is the same script with only that slot's word changed, bash parses
 * it, and bash receives exactly the value as one argument. Only `bash -n` and a `printf` of the quoted value
 * run here: never a node script (it would touch this machine's firewall and DNS).
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import type { z } from 'zod';
import { shellQuote } from '../../engine/fix.js';
import { renderScript } from '../node-script.js';
import { NODE_CHECKS, NODE_CHECK_IDS, type AnyNodeCheck, type NodeCheckId } from './index.js';

function bashSyntaxOk(script: string): boolean {
  return spawnSync('bash', ['-n'], { input: script }).status === 0;
}

/** What bash receives when the value is rendered, by the same path, into `printf '%s\0' {{v}}`. */
function bashSees(value: string | number): string {
  const r = spawnSync('bash', [], { input: renderScript(["printf '%s\\0' {{v}}"], { v: value }) });
  expect(r.status).toBe(0);
  const text = r.stdout.toString('utf8');
  const body = text.slice('aksdiag-begin\n'.length, -'aksdiag-exit=0\n'.length);
  expect(body.indexOf('\0')).toBe(body.length - 1);
  return body.slice(0, -1);
}

/** Valid parameters for every check: the benign baseline each hostile value replaces one field of. */
const BENIGN: Record<NodeCheckId, Record<string, string | number>> = {
  'node-nc-kubelet': { host: '10.224.0.5' },
  'node-ufw-status': {},
  'node-iptables-input': {},
  'node-nc-tunnel-egress': { host: 'myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io', port: 9000 },
  'node-nc-apiserver': { host: 'myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io' },
  'node-nslookup-apiserver': { name: 'myaks-dns-1a2b3c4d.privatelink.westeurope.azmk8s.io' },
  'node-nslookup-cluster': { server: '10.0.0.10' },
  'node-nslookup-external': { name: 'mcr.microsoft.com', server: '168.63.129.16' },
  'node-resolv-conf': {},
  'node-curl-endpoint': { scheme: 'https', host: 'api.example.com', port: 443 },
  'node-ipam-store': {},
  'node-kube-proxy-rules': { clusterIp: '10.0.12.34', port: 80 },
  'node-aks-check-network': {},
};

const FRAGMENTS = [
  ';',
  '$(id)',
  '`id`',
  '&&',
  '||',
  '|',
  '\n',
  '\r\n',
  "'",
  '"',
  '\0',
  '\\',
  '\\n',
  '$IFS',
  '${PATH}',
  '*',
  '?',
  '[a]',
  '{a,b}',
  '~',
  '#',
  '>',
  '<',
  '!',
  ' ',
  '\t',
  '=',
  '%',
  '-',
  '--',
  '-oProxyCommand=id',
  '-e',
  '--help',
  '；', // fullwidth semicolon
  '｜', // fullwidth vertical line
  '＄', // fullwidth dollar
  'а',
  'е',
  'о',
  'с', // Cyrillic letters that look Latin
  '\u212A', // Kelvin sign (lower-cases to k)
  '．', // fullwidth full stop
  '\u200b', // zero-width space
  '\u202e', // right-to-left override
  '٠',
  '１', // non-ASCII digits
  '\x7f',
  '\x1b[2J',
];

/** Strings built to look almost valid, and plain junk. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '10.0.0.1; reboot',
    '10.0.0.1$(reboot)',
    '`reboot`',
    'a.example && reboot',
    'a.example | sh',
    "a.example' ; reboot ; '",
    'a.example" ; reboot ; "',
    'a.example\nreboot',
    'a.example\0reboot',
    '-oProxyCommand=reboot',
    '-h',
    '--',
    '-',
    '010.0.0.1',
    '0x7f.1',
    '2130706433',
    'fe80::1%eth0',
    '[::1]',
    'exаmple.com',
    'example．com',
    'example.com；reboot',
    'a'.repeat(5000),
    `${'a'.repeat(63)}.`.repeat(5),
    '',
    ' ',
    'http',
    'file',
  ),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.stringMatching(/^[a-z0-9.:-]{0,10}$/)), {
      maxLength: 8,
    })
    .map((parts) => parts.join('')),
  fc
    .tuple(
      fc.constantFrom('10.0.0.1', 'fd00::1', 'a.example.com', '443', 'https'),
      fc.constantFrom(...FRAGMENTS),
      fc.boolean(),
    )
    .map(([valid, bad, before]) => (before ? bad + valid : valid + bad)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ minLength: 254, maxLength: 3000 }),
);

/** Values of the right kind, so that the accepted branch (rendered and run through bash) is exercised too. */
const plausible: fc.Arbitrary<string | number> = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.domain(),
  fc.constantFrom('http', 'https', 'telnet'),
  fc.integer({ min: 1, max: 65535 }),
  fc.constantFrom(443, 9000, 1194),
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 65536, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, -0),
  fc.double(),
  fc.integer(),
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: plausible },
  { weight: 1, arbitrary: hostileNumber },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, undefined, true, [], {}, ['10.0.0.1'], { toString: () => '10.0.0.1' }),
  },
);

const SLOT_TOKEN = 'AKSDIAGSLOTTOKEN';

function templateText(check: AnyNodeCheck): string {
  return typeof check.template === 'string' ? check.template : check.template.join('\n');
}

/** Checks one value in one field: refused, or the script keeps its structure and bash gets the value. */
function holds(check: AnyNodeCheck, key: string, value: unknown): boolean {
  const params = { ...BENIGN[check.id], [key]: value };
  const parsed = (check.params as z.ZodType).safeParse(params);
  if (!parsed.success) return false;
  const accepted = parsed.data as Record<string, string | number>;
  // What the schema accepted is exactly what was given: no coercion, no trimming.
  expect(accepted).toEqual(params);
  const v = accepted[key] as string | number;
  // Never an option.
  expect(String(v).startsWith('-')).toBe(false);

  const hostile = renderScript(check.template, accepted);
  const benign = renderScript(check.template, BENIGN[check.id] as Record<string, string | number>);
  expect(bashSyntaxOk(benign)).toBe(true);
  expect(bashSyntaxOk(hostile)).toBe(true);

  // The structure: the script rendered with this slot left as a token (by the real renderer), then the token
  // replaced by the quoted word, is exactly the script rendered with the value.
  const text = templateText(check);
  expect(text.includes(SLOT_TOKEN)).toBe(false);
  const { [key]: _omitted, ...rest } = accepted;
  const skeleton = renderScript(text.split(`{{${key}}}`).join(SLOT_TOKEN), rest);
  expect(hostile).toBe(skeleton.split(SLOT_TOKEN).join(shellQuote(String(v))));
  // And that word is one argument whose value is the value.
  expect(bashSees(v)).toBe(String(v));
  return true;
}

describe('hostile parameters', () => {
  it('every benign baseline is valid and renders a script bash can parse', () => {
    for (const id of NODE_CHECK_IDS) {
      const check = NODE_CHECKS[id] as AnyNodeCheck;
      const parsed = (check.params as z.ZodType).safeParse(BENIGN[id]);
      expect(parsed.success).toBe(true);
      expect(bashSyntaxOk(renderScript(check.template, BENIGN[id]))).toBe(true);
    }
  });

  describe.each(NODE_CHECK_IDS.map((id) => [id]))('%s', (id) => {
    const check = NODE_CHECKS[id] as AnyNodeCheck;
    const keys = Object.keys(BENIGN[id]);

    it('refuses extra keys, whatever their value', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('extra', 'cmd', '__proto__', 'constructor', 'host2'),
          anyValue,
          (key, value) => {
            if (Object.hasOwn(BENIGN[id], key)) return;
            const params = JSON.parse(JSON.stringify({ ...BENIGN[id] })) as Record<string, unknown>;
            Object.defineProperty(params, key, { value, enumerable: true });
            expect((check.params as z.ZodType).safeParse(params).success).toBe(false);
          },
        ),
        { numRuns: 50 },
      );
    });

    if (keys.length === 0) return;

    it.each(keys.map((k) => [k]))('parameter %s: refused, or structure unchanged and value intact', (key) => {
      let accepted = 0;
      fc.assert(
        fc.property(anyValue, (value) => {
          if (holds(check, key, value)) accepted++;
        }),
        { numRuns: 250 },
      );
      // The accepted branch ran too (plausible values of the right kind get through).
      expect(accepted).toBeGreaterThan(0);
    });

    it.each(keys.map((k) => [k]))('parameter %s: option injection and the named traps are refused', (key) => {
      for (const v of [
        '-h',
        '--help',
        '-oProxyCommand=id',
        '-',
        '-10.0.0.1',
        '10.0.0.1;id',
        '$(id)',
        '`id`',
        'a.example&&id',
        'a.example|id',
        'a.example\nid',
        "a'b",
        'a"b',
        'a\0b',
        'a\\b',
        'a.example；id',
        'exаmple.com',
        'x'.repeat(300),
      ]) {
        expect((check.params as z.ZodType).safeParse({ ...BENIGN[id], [key]: v }).success).toBe(false);
      }
    });
  });
});
