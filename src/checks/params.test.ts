import fc from 'fast-check';
import {
  hostName,
  hostOrIp,
  ipLiteral,
  ipv4Literal,
  ipv6Literal,
  iptablesChain,
  nodeParams,
  ruleNumber,
  tcpPort,
} from './params.js';

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, v: unknown): boolean =>
  schema.safeParse(v).success;

describe('ipv4Literal', () => {
  it.each(['0.0.0.0', '10.224.0.4', '255.255.255.255', '168.63.129.16', '192.0.2.1'])('accepts %s', (v) =>
    expect(ok(ipv4Literal, v)).toBe(true),
  );
  it.each([
    '010.0.0.1', // inet_aton reads octal: 8.0.0.1
    '10.0.0.01',
    '0x0a.0.0.1',
    '10.1',
    '167772161',
    '256.0.0.1',
    '1.2.3.4.5',
    '1.2.3.',
    ' 1.2.3.4',
    '1.2.3.4\n',
    '１.2.3.4', // fullwidth digit
    '١.2.3.4', // Arabic-Indic digit
    '-1.2.3.4',
    '',
  ])('refuses %j', (v) => expect(ok(ipv4Literal, v)).toBe(false));
  it('accepts every address fast-check generates', () =>
    fc.assert(fc.property(fc.ipV4(), (ip) => ok(ipv4Literal, ip))));
});

describe('ipv6Literal', () => {
  it.each([
    '::1',
    '::',
    'fd00::10',
    '2001:db8:0:0:0:0:0:1',
    'FE80::1',
    '::ffff:10.0.0.1',
    '1::',
    '1:2:3:4:5:6:7::',
  ])('accepts %s', (v) => expect(ok(ipv6Literal, v)).toBe(true));
  it.each([
    'fe80::1%eth0', // zone id
    '[::1]',
    '::1/128',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    '12345::1',
    '::ffff:010.0.0.1',
    '::ffff:1.2.3.4:1',
    'g::1',
    ':::',
    '-::1',
  ])('refuses %j', (v) => expect(ok(ipv6Literal, v)).toBe(false));
  it('accepts every address fast-check generates', () =>
    fc.assert(fc.property(fc.ipV6(), (ip) => ok(ipv6Literal, ip))));
  it('ipLiteral takes either family', () => {
    expect(ok(ipLiteral, '10.0.0.10')).toBe(true);
    expect(ok(ipLiteral, 'fd00::a')).toBe(true);
    expect(ok(ipLiteral, 'example.com')).toBe(false);
  });
});

describe('tcpPort and ruleNumber', () => {
  it.each([1, 443, 10250, 65535])('port %s is accepted', (v) => expect(ok(tcpPort, v)).toBe(true));
  it.each([0, -1, 65536, 1.5, NaN, Infinity, '22', 'ssh', '10250', null])('port %j is refused', (v) =>
    expect(ok(tcpPort, v)).toBe(false),
  );
  it.each([1, 10000])('rule %s is accepted', (v) => expect(ok(ruleNumber, v)).toBe(true));
  it.each([0, 10001, 2.5, '3', -3])('rule %j is refused', (v) => expect(ok(ruleNumber, v)).toBe(false));
});

describe('hostName', () => {
  it.each([
    'aks-nodepool1-12345678-vmss000000',
    'myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io',
    'kubernetes.default.svc.cluster.local',
    'a',
    'x1',
    `${'a'.repeat(63)}.com`,
    [...Array(4)].map(() => 'b'.repeat(62)).join('.'), // 251 characters
  ])('accepts %s', (v) => expect(ok(hostName, v)).toBe(true));
  it.each([
    '-rf',
    '-oProxyCommand=x',
    'a-.com',
    '-a.com',
    'a..com',
    '.a.com',
    'a.com.',
    'Example.com', // upper case: the caller lower-cases
    `${'a'.repeat(64)}.com`,
    [...Array(5)].map(() => 'b'.repeat(50)).join('.') + 'x', // 255 characters
    'exа mple.com',
    'exаmple.com', // Cyrillic а
    'example．com', // fullwidth full stop
    'example.com；id', // fullwidth semicolon
    'examp\u212Ale.com', // Kelvin sign, lower-cases to k
    'a_b.com',
    'a.com;id',
    '$(id).com',
    '10.0.0.1', // a number, not a name
    '010.0.0.1',
    '167772161',
    '0x0a000001',
    '10.1',
    '',
  ])('refuses %j', (v) => expect(ok(hostName, v)).toBe(false));
  it('hostOrIp takes addresses and names, never an option', () => {
    expect(ok(hostOrIp, '10.0.0.1')).toBe(true);
    expect(ok(hostOrIp, 'fd00::1')).toBe(true);
    expect(ok(hostOrIp, 'app.example.com')).toBe(true);
    expect(ok(hostOrIp, '-h')).toBe(false);
    expect(ok(hostOrIp, '--help')).toBe(false);
    expect(ok(hostOrIp, '010.0.0.1')).toBe(false);
  });
});

describe('iptablesChain', () => {
  it.each(['INPUT', 'KUBE-FIREWALL', 'ufw-user-input', 'A_B', 'x'.repeat(28)])('accepts %s', (v) =>
    expect(ok(iptablesChain, v)).toBe(true),
  );
  it.each(['-F', '--flush', '', 'x'.repeat(29), 'A B', 'A;B', 'KUBE-SERVICЕS' /* Cyrillic Е */, 'a/b'])(
    'refuses %j',
    (v) => expect(ok(iptablesChain, v)).toBe(false),
  );
});

describe('nodeParams', () => {
  it('is strict: unknown keys are refused', () => {
    const s = nodeParams({ host: hostOrIp });
    expect(ok(s, { host: 'a.example' })).toBe(true);
    expect(ok(s, { host: 'a.example', extra: 'x' })).toBe(false);
    expect(ok(s, {})).toBe(false);
  });
  it('refuses parameter names that are not lowerCamelCase', () => {
    expect(() => nodeParams({ 'a-b': hostOrIp })).toThrow(/lowerCamelCase/);
  });
});
