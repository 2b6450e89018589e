import { blockContains, inAnyCidr, parseCidr, parseIpv4 } from './cidr.js';

describe('cidr', () => {
  it('parses dotted quads and rejects anything else', () => {
    expect(parseIpv4('10.1.2.3')).toBe(0x0a010203);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('0.0.0.0')).toBe(0);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', '::1', '1.2.3.4/32']) {
      expect(parseIpv4(bad)).toBeNull();
    }
  });

  it('parses CIDRs and single addresses, clearing host bits', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ base: 0x0a000000, bits: 8 });
    expect(parseCidr('10.0.0.5/24')).toEqual({ base: 0x0a000000, bits: 24 });
    expect(parseCidr('168.63.129.16')).toEqual({ base: 0xa83f8110, bits: 32 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, bits: 0 });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1', 'VirtualNetwork', 'fd00::/8', '*']) {
      expect(parseCidr(bad)).toBeNull();
    }
  });

  it('tests membership at the block edges', () => {
    const block = parseCidr('172.16.0.0/12')!;
    expect(blockContains(block, parseIpv4('172.16.0.0')!)).toBe(true);
    expect(blockContains(block, parseIpv4('172.31.255.255')!)).toBe(true);
    expect(blockContains(block, parseIpv4('172.32.0.0')!)).toBe(false);
    expect(blockContains(block, parseIpv4('172.15.255.255')!)).toBe(false);
    expect(blockContains(parseCidr('0.0.0.0/0')!, 0xffffffff)).toBe(true);
    expect(inAnyCidr('10.224.0.4', ['192.168.0.0/16', '10.224.0.0/16'])).toBe(true);
    expect(inAnyCidr('10.225.0.4', ['10.224.0.0/16', 'garbage'])).toBe(false);
    expect(inAnyCidr('not-an-ip', ['0.0.0.0/0'])).toBe(false);
  });
});
