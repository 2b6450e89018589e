import fc from 'fast-check';
import {
  AZURE_DEFAULT_RULES,
  blockingRuleFor,
  evaluateFlow,
  freePriorityBefore,
  fromAzureRule,
  type Access,
  type Direction,
  type Flow,
  type Nsg,
  type NsgLevel,
  type NsgRule,
  type TagContext,
} from './nsg-flow.js';

/** A rule with Azure's usual "any" values, overridden as needed. */
function rule(over: Partial<NsgRule> & Pick<NsgRule, 'name' | 'priority'>): NsgRule {
  return {
    direction: 'Inbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['*'],
    destinationAddressPrefixes: ['*'],
    sourcePortRanges: ['*'],
    destinationPortRanges: ['*'],
    ...over,
  };
}

function nsg(name: string, level: NsgLevel, rules: NsgRule[] = []): Nsg {
  return {
    name,
    resourceGroup: level === 'nic' ? 'MC_rg_aks_westeurope' : 'net-rg',
    level,
    rules,
    defaultRules: [...AZURE_DEFAULT_RULES],
  };
}

const TAGS: TagContext = { virtualNetwork: ['10.224.0.0/12'] };
const PUBLIC_IP = '20.50.60.70';
const NODE = '10.224.0.4';
const OTHER_NODE = '10.224.0.5';
const CLIENT = '203.0.113.10';

/** The rule AKS puts on its NIC NSG for a LoadBalancer service exposing port 80. */
const AKS_LB_RULE = rule({
  name: 'k8s-azure-lb_allow_IPv4_6d1e0c4b2a1f3e5d7c9b8a0f1e2d3c4b',
  priority: 500,
  protocol: 'Tcp',
  sourceAddressPrefixes: ['Internet'],
  destinationAddressPrefixes: [PUBLIC_IP],
  destinationPortRanges: ['80'],
});

const inbound = (source: string, destination: string, destinationPort: number): Flow => ({
  direction: 'Inbound',
  protocol: 'Tcp',
  source,
  destination,
  destinationPort,
});

const outbound = (destination: string, destinationPort: number): Flow => ({
  direction: 'Outbound',
  protocol: 'Tcp',
  source: NODE,
  destination,
  destinationPort,
});

describe('nsg-flow: LoadBalancer service behind a custom subnet NSG', () => {
  const subnetNsg = nsg('aks-subnet-nsg', 'subnet');
  const nicNsg = nsg('aks-agentpool-12345678-nsg', 'nic', [AKS_LB_RULE]);

  it('denies Internet -> public IP:80 at the subnet NSG even though AKS allowed it on the NIC NSG', () => {
    const d = evaluateFlow(inbound(CLIENT, PUBLIC_IP, 80), [nicNsg, subnetNsg], TAGS);
    expect(d.allowed).toBe(false);
    expect(d.decidedBy).toEqual({
      nsg: 'aks-subnet-nsg',
      resourceGroup: 'net-rg',
      level: 'subnet',
      rule: 'DenyAllInBound',
      priority: 65500,
      access: 'Deny',
    });
    // Inbound: subnet first, then NIC (whatever the array order).
    expect(d.steps.map((s) => [s.level, s.verdict, s.rule?.rule])).toEqual([
      ['subnet', 'Deny', 'DenyAllInBound'],
      ['nic', 'Allow', AKS_LB_RULE.name],
    ]);
    expect(d.notes).toEqual([]);
  });

  it('allows the AzureLoadBalancer health probe through both NSGs', () => {
    const d = evaluateFlow(inbound('168.63.129.16', NODE, 31080), [subnetNsg, nicNsg], TAGS);
    expect(d.allowed).toBe(true);
    expect(d.steps.map((s) => s.rule?.rule)).toEqual([
      'AllowAzureLoadBalancerInBound',
      'AllowAzureLoadBalancerInBound',
    ]);
    expect(d.decidedBy).toMatchObject({
      level: 'nic',
      rule: 'AllowAzureLoadBalancerInBound',
      priority: 65001,
    });
  });

  it('is fixed by an allow rule on the subnet NSG at freePriorityBefore the blocking rule', () => {
    const flow = inbound(CLIENT, PUBLIC_IP, 80);
    const blocking = blockingRuleFor(flow, [subnetNsg, nicNsg], TAGS);
    expect(blocking).toMatchObject({ nsg: 'aks-subnet-nsg', rule: 'DenyAllInBound', priority: 65500 });
    const priority = freePriorityBefore(subnetNsg, 'Inbound', blocking!.priority);
    expect(priority).toBe(4096);
    const allow = rule({
      name: 'AllowHttpToService',
      priority: priority!,
      protocol: 'Tcp',
      sourceAddressPrefixes: ['Internet'],
      destinationAddressPrefixes: [PUBLIC_IP],
      destinationPortRanges: ['80'],
    });
    const fixed = evaluateFlow(flow, [{ ...subnetNsg, rules: [allow] }, nicNsg], TAGS);
    expect(fixed.allowed).toBe(true);
    expect(fixed.steps.map((s) => s.rule?.rule)).toEqual(['AllowHttpToService', AKS_LB_RULE.name]);
    expect(blockingRuleFor(flow, [{ ...subnetNsg, rules: [allow] }, nicNsg], TAGS)).toBeNull();
  });

  it('still lets the NIC NSG deny what the subnet NSG allows, and treats absent NSGs as allowing', () => {
    const flow = inbound(CLIENT, PUBLIC_IP, 443);
    const open = nsg('open', 'subnet', [rule({ name: 'AllowAll', priority: 100 })]);
    expect(evaluateFlow(flow, [open, nicNsg], TAGS).decidedBy).toMatchObject({
      level: 'nic',
      rule: 'DenyAllInBound',
    });
    expect(evaluateFlow(flow, [open], TAGS)).toMatchObject({
      allowed: true,
      decidedBy: { rule: 'AllowAll' },
    });
    const none = evaluateFlow(flow, [], TAGS);
    expect(none).toMatchObject({ allowed: true, decidedBy: null, steps: [] });
    expect(none.notes).toEqual(['No NSG on the path: nothing filters the flow']);
  });
});

describe('nsg-flow: kubelet port between nodes', () => {
  const deny10250 = rule({
    name: 'DenyKubelet',
    priority: 100,
    access: 'Deny',
    protocol: 'Tcp',
    destinationPortRanges: ['10250'],
  });

  it('a custom deny 10250 at priority 100 blocks node -> node inside the VNet', () => {
    const d = evaluateFlow(
      inbound(OTHER_NODE, NODE, 10250),
      [nsg('subnet-nsg', 'subnet', [deny10250])],
      TAGS,
    );
    expect(d.allowed).toBe(false);
    expect(d.decidedBy).toMatchObject({ rule: 'DenyKubelet', priority: 100, access: 'Deny' });
  });

  it('without it (or on another port) AllowVnetInBound allows', () => {
    const without = evaluateFlow(inbound(OTHER_NODE, NODE, 10250), [nsg('subnet-nsg', 'subnet')], TAGS);
    expect(without).toMatchObject({
      allowed: true,
      decidedBy: { rule: 'AllowVnetInBound', priority: 65000 },
    });
    const otherPort = evaluateFlow(
      inbound(OTHER_NODE, NODE, 10251),
      [nsg('subnet-nsg', 'subnet', [deny10250])],
      TAGS,
    );
    expect(otherPort.decidedBy?.rule).toBe('AllowVnetInBound');
  });
});

describe('nsg-flow: egress', () => {
  const denyInternet443 = rule({
    name: 'DenyInternet443',
    priority: 200,
    direction: 'Outbound',
    access: 'Deny',
    protocol: 'Tcp',
    destinationAddressPrefixes: ['Internet'],
    destinationPortRanges: ['443'],
  });
  const azureCloud = (access: Access): NsgRule =>
    rule({
      name: `${access}AzureCloud443`,
      priority: 100,
      direction: 'Outbound',
      access,
      destinationAddressPrefixes: ['AzureCloud'],
      destinationPortRanges: ['443'],
    });
  const MCR = '20.61.99.10';

  it('a deny to Internet on 443 blocks egress; outbound meets the NIC NSG first', () => {
    const d = evaluateFlow(
      outbound(MCR, 443),
      [nsg('subnet-nsg', 'subnet', [denyInternet443]), nsg('aks-nsg', 'nic')],
      TAGS,
    );
    expect(d.allowed).toBe(false);
    expect(d.decidedBy).toMatchObject({ level: 'subnet', rule: 'DenyInternet443', priority: 200 });
    expect(d.steps.map((s) => [s.level, s.rule?.rule])).toEqual([
      ['nic', 'AllowInternetOutBound'],
      ['subnet', 'DenyInternet443'],
    ]);
    expect(evaluateFlow(outbound(MCR, 80), [nsg('s', 'subnet', [denyInternet443])], TAGS).allowed).toBe(true);
  });

  it('an AzureCloud rule ahead of the deny makes the answer unknown, with a note', () => {
    const subnet = nsg('subnet-nsg', 'subnet', [denyInternet443, azureCloud('Allow')]);
    const d = evaluateFlow(outbound(MCR, 443), [subnet], TAGS);
    expect(d.allowed).toBe('unknown');
    expect(d.decidedBy).toBeNull();
    expect(d.steps[0]).toMatchObject({
      verdict: 'unknown',
      rule: { rule: 'DenyInternet443' },
      undecidable: [{ rule: 'AllowAzureCloud443', priority: 100, access: 'Allow' }],
    });
    expect(d.notes).toEqual([
      "subnet-nsg/AllowAzureCloud443 (priority 100): 'AzureCloud' is a service tag whose prefixes were not supplied",
    ]);
    expect(blockingRuleFor(outbound(MCR, 443), [subnet], TAGS)).toBeNull();
  });

  it('decides once the tag prefixes are supplied', () => {
    const subnet = nsg('subnet-nsg', 'subnet', [denyInternet443, azureCloud('Allow')]);
    const tags = { ...TAGS, serviceTags: { azurecloud: ['20.0.0.0/8'] } };
    expect(evaluateFlow(outbound(MCR, 443), [subnet], tags).decidedBy?.rule).toBe('AllowAzureCloud443');
    expect(evaluateFlow(outbound('52.1.1.1', 443), [subnet], tags).decidedBy?.rule).toBe('DenyInternet443');
  });

  it('an undecidable rule with the same access as the deciding one does not matter', () => {
    const denied = evaluateFlow(
      outbound(MCR, 443),
      [nsg('n', 'subnet', [denyInternet443, azureCloud('Deny')])],
      TAGS,
    );
    expect(denied.allowed).toBe(false);
    expect(denied.decidedBy?.rule).toBe('DenyInternet443');
    // A fix must go ahead of the undecidable deny as well.
    expect(
      blockingRuleFor(outbound(MCR, 443), [nsg('n', 'subnet', [denyInternet443, azureCloud('Deny')])], TAGS),
    ).toMatchObject({ rule: 'DenyAzureCloud443', priority: 100 });
    const allowed = evaluateFlow(outbound(MCR, 443), [nsg('n', 'subnet', [azureCloud('Allow')])], TAGS);
    expect(allowed).toMatchObject({ allowed: true, decidedBy: { rule: 'AllowInternetOutBound' } });
    expect(allowed.notes).toHaveLength(1);
  });

  it('RFC 1918 space outside the VNet is not Internet', () => {
    const d = evaluateFlow(outbound('192.168.10.5', 443), [nsg('n', 'nic')], TAGS);
    expect(d.decidedBy?.rule).toBe('DenyAllOutBound');
    expect(evaluateFlow(outbound('8.8.8.8', 53), [nsg('n', 'nic')], TAGS).decidedBy?.rule).toBe(
      'AllowInternetOutBound',
    );
    expect(evaluateFlow(outbound('10.225.0.9', 443), [nsg('n', 'nic')], TAGS).decidedBy?.rule).toBe(
      'AllowVnetOutBound',
    );
  });
});

describe('nsg-flow: matching', () => {
  const only = (...rules: NsgRule[]) => [nsg('n', 'subnet', rules)];
  const decided = (flow: Flow, rules: NsgRule[]) => evaluateFlow(flow, only(...rules), TAGS).decidedBy?.rule;
  const deny = (over: Partial<NsgRule>) => rule({ name: 'X', priority: 100, access: 'Deny', ...over });

  it('port lists, ranges and *', () => {
    const r = deny({ destinationPortRanges: ['22', '8000-8080', ' 9000 - 9001 '] });
    expect(decided(inbound(CLIENT, NODE, 22), [r])).toBe('X');
    expect(decided(inbound(CLIENT, NODE, 8000), [r])).toBe('X');
    expect(decided(inbound(CLIENT, NODE, 8080), [r])).toBe('X');
    expect(decided(inbound(CLIENT, NODE, 9001), [r])).toBe('X');
    expect(decided(inbound(CLIENT, NODE, 8081), [r])).toBe('DenyAllInBound');
    expect(decided(inbound(CLIENT, NODE, 0), [deny({ destinationPortRanges: ['*'] })])).toBe('X');
  });

  it('address lists, CIDRs, single IPs, tags and IPv6 prefixes', () => {
    const r = deny({
      sourceAddressPrefixes: ['198.51.100.0/24', '203.0.113.10', 'fd00::/8', 'AzureLoadBalancer'],
    });
    expect(decided(inbound('198.51.100.77', NODE, 80), [r])).toBe('X');
    expect(decided(inbound(CLIENT, NODE, 80), [r])).toBe('X');
    expect(decided(inbound('168.63.129.16', NODE, 80), [r])).toBe('X');
    expect(decided(inbound('203.0.113.11', NODE, 80), [r])).toBe('DenyAllInBound');
    expect(decided(inbound(OTHER_NODE, NODE, 80), [r])).toBe('AllowVnetInBound');
    expect(
      decided(inbound(OTHER_NODE, NODE, 80), [deny({ sourceAddressPrefixes: ['virtualnetwork'] })]),
    ).toBe('X');
    expect(decided(inbound(OTHER_NODE, NODE, 80), [deny({ sourceAddressPrefixes: ['Any'] })])).toBe('X');
  });

  it('Udp vs Tcp, and protocols a Tcp/Udp flow never matches', () => {
    const udp: Flow = { ...inbound(OTHER_NODE, NODE, 53), protocol: 'Udp' };
    expect(decided(udp, [deny({ protocol: 'Udp' })])).toBe('X');
    expect(decided(udp, [deny({ protocol: 'Tcp' })])).toBe('AllowVnetInBound');
    expect(decided(inbound(OTHER_NODE, NODE, 53), [deny({ protocol: 'Udp' })])).toBe('AllowVnetInBound');
    expect(
      decided(udp, [deny({ protocol: 'Icmp' }), deny({ name: 'Y', priority: 101, protocol: 'Esp' })]),
    ).toBe('AllowVnetInBound');
  });

  it('orders by priority, not by array position, and ignores the other direction', () => {
    const rules = [
      rule({ name: 'Allow300', priority: 300 }),
      deny({ name: 'Deny200', priority: 200 }),
      deny({ name: 'OutDeny100', priority: 100, direction: 'Outbound' }),
    ];
    expect(decided(inbound(CLIENT, NODE, 80), rules)).toBe('Deny200');
  });

  it('a rule restricted to source ports is undecidable without the source port', () => {
    const r = deny({ sourcePortRanges: ['1024-65535'] });
    expect(evaluateFlow(inbound(OTHER_NODE, NODE, 80), only(r), TAGS).allowed).toBe('unknown');
    expect(decided({ ...inbound(OTHER_NODE, NODE, 80), sourcePort: 50000 }, [r])).toBe('X');
    expect(decided({ ...inbound(OTHER_NODE, NODE, 80), sourcePort: 80 }, [r])).toBe('AllowVnetInBound');
    expect(decided(inbound(OTHER_NODE, NODE, 80), [deny({ sourcePortRanges: ['0-65535'] })])).toBe('X');
  });

  it("uses Azure's built-in default rules when none are supplied, and says so", () => {
    const d = evaluateFlow(inbound(CLIENT, NODE, 80), [{ ...nsg('bare', 'subnet'), defaultRules: [] }], TAGS);
    expect(d.decidedBy?.rule).toBe('DenyAllInBound');
    expect(d.notes).toEqual(["bare: default rules not supplied; used Azure's built-in ones"]);
  });

  it('rejects flows that are not IPv4 or have impossible ports', () => {
    expect(() => evaluateFlow(inbound('fd00::1', NODE, 80), [], TAGS)).toThrow(RangeError);
    expect(() => evaluateFlow(inbound(CLIENT, NODE, 70000), [], TAGS)).toThrow(RangeError);
    expect(() => evaluateFlow({ ...inbound(CLIENT, NODE, 80), sourcePort: -1 }, [], TAGS)).toThrow(
      RangeError,
    );
  });
});

describe('nsg-flow: freePriorityBefore', () => {
  const taken = (...priorities: number[]) =>
    nsg(
      'n',
      'subnet',
      priorities.map((priority) => rule({ name: `r${priority}`, priority })),
    );

  it('returns the highest free custom priority that beats the given one', () => {
    expect(freePriorityBefore(taken(), 'Inbound', 65500)).toBe(4096);
    expect(freePriorityBefore(taken(4096, 4095), 'Inbound', 65500)).toBe(4094);
    expect(freePriorityBefore(taken(200, 199), 'Inbound', 200)).toBe(198);
    expect(freePriorityBefore(taken(200, 199), 'Outbound', 200)).toBe(199);
  });

  it('returns null when nothing ahead is free', () => {
    expect(freePriorityBefore(taken(100), 'Inbound', 101)).toBeNull();
    expect(freePriorityBefore(taken(), 'Inbound', 100)).toBeNull();
  });
});

describe('nsg-flow: fromAzureRule', () => {
  it('merges singular and plural fields', () => {
    expect(
      fromAzureRule({
        name: 'k8s-azure-lb_allow_IPv4_abc',
        protocol: 'Tcp',
        access: 'Allow',
        priority: 500,
        direction: 'Inbound',
        sourcePortRange: '*',
        destinationPortRanges: ['80', '443'],
        sourceAddressPrefix: 'Internet',
        destinationAddressPrefixes: ['20.50.60.70', '20.50.60.71'],
      }),
    ).toEqual({
      name: 'k8s-azure-lb_allow_IPv4_abc',
      priority: 500,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefixes: ['Internet'],
      destinationAddressPrefixes: ['20.50.60.70', '20.50.60.71'],
      sourcePortRanges: ['*'],
      destinationPortRanges: ['80', '443'],
    });
  });

  it('accepts effective-rule spellings and turns application security groups into undecidable entries', () => {
    const r = fromAzureRule({
      name: 'defaultSecurityRules/DenyAllInBound',
      protocol: 'All',
      access: 'deny',
      priority: 65500,
      direction: 'inbound',
      sourcePortRange: '0-65535',
      sourcePortRanges: ['0-65535'],
      destinationPortRange: '0-65535',
      sourceApplicationSecurityGroups: [
        { id: '/subscriptions/s/resourceGroups/rg/providers/x/applicationSecurityGroups/web' },
      ],
      destinationAddressPrefix: '0.0.0.0/0',
    });
    expect(r).toMatchObject({
      protocol: '*',
      access: 'Deny',
      direction: 'Inbound',
      sourcePortRanges: ['0-65535'],
      sourceAddressPrefixes: ['ApplicationSecurityGroup:web'],
      destinationAddressPrefixes: ['0.0.0.0/0'],
    });
    const d = evaluateFlow(inbound(CLIENT, NODE, 80), [nsg('n', 'subnet', [{ ...r, priority: 100 }])], TAGS);
    expect(d.allowed).toBe(false); // an undecidable deny before DenyAllInBound still denies
    expect(d.notes[0]).toContain("application security group 'web' has unknown members");
  });

  it('refuses rules without the fields Azure requires', () => {
    expect(() =>
      fromAzureRule({ name: 'x', protocol: 'Tcp', access: 'Allow', direction: 'Inbound' }),
    ).toThrow(TypeError);
    expect(() =>
      fromAzureRule({ name: 'x', protocol: 'Gre', access: 'Allow', direction: 'Inbound', priority: 100 }),
    ).toThrow(TypeError);
    expect(() =>
      fromAzureRule({ name: 'x', protocol: 'Tcp', access: 'Maybe', direction: 'Inbound', priority: 100 }),
    ).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------------
// Property: the decision equals a brute-force reference.

describe('nsg-flow: agrees with a brute-force reference', () => {
  type Tri = 'yes' | 'no' | 'maybe';
  const IPS = ['10.0.0.4', '10.0.1.9', '192.168.5.5', '20.1.2.3', '168.63.129.16', '8.8.8.8'] as const;
  const PORTS = [53, 80, 443, 1500, 10250] as const;
  const REF_TAGS: TagContext = { virtualNetwork: ['10.0.0.0/16', '20.1.0.0/16'] };
  /** Which pool addresses each prefix covers, written out by hand; AzureCloud is unknowable. */
  const ADDRESS_TABLE: Record<string, readonly string[] | 'maybe'> = {
    '*': IPS,
    '0.0.0.0/0': IPS,
    '10.0.0.0/16': ['10.0.0.4', '10.0.1.9'],
    '10.0.0.4': ['10.0.0.4'],
    '10.0.1.0/24': ['10.0.1.9'],
    '20.0.0.0/8': ['20.1.2.3'],
    '192.168.0.0/16': ['192.168.5.5'],
    VirtualNetwork: ['10.0.0.4', '10.0.1.9', '20.1.2.3'],
    Internet: ['168.63.129.16', '8.8.8.8'],
    AzureLoadBalancer: ['168.63.129.16'],
    AzureCloud: 'maybe',
  };
  const PORT_TABLE: Record<string, readonly number[]> = {
    '*': [...PORTS, 50000],
    '0-65535': [...PORTS, 50000],
    '80': [80],
    '443': [443],
    '1000-2000': [1500],
    '10000-11000': [10250],
    '1024-65535': [1500, 10250, 50000],
  };

  const pickSome = <T>(values: readonly T[]) =>
    fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 });
  const ruleArb: fc.Arbitrary<NsgRule> = fc.record({
    name: fc.constant(''),
    priority: fc.integer({ min: 100, max: 110 }),
    direction: fc.constantFrom<Direction>('Inbound', 'Outbound'),
    access: fc.constantFrom<Access>('Allow', 'Deny'),
    protocol: fc.constantFrom<NsgRule['protocol']>('Tcp', 'Udp', 'Icmp', '*'),
    sourceAddressPrefixes: pickSome(Object.keys(ADDRESS_TABLE)),
    destinationAddressPrefixes: pickSome(Object.keys(ADDRESS_TABLE)),
    sourcePortRanges: pickSome(['*', '0-65535', '1024-65535', '1000-2000']),
    destinationPortRanges: pickSome(Object.keys(PORT_TABLE)),
  });
  const nsgArb = (level: NsgLevel): fc.Arbitrary<Nsg | null> =>
    fc.option(
      fc
        .uniqueArray(ruleArb, { selector: (r) => `${r.direction}:${r.priority}`, maxLength: 6 })
        .map((rules) =>
          nsg(
            level,
            level,
            rules.map((r) => ({ ...r, name: `${level}-${r.direction}-${r.priority}` })),
          ),
        ),
    );
  const flowArb: fc.Arbitrary<Flow> = fc.record(
    {
      direction: fc.constantFrom<Direction>('Inbound', 'Outbound'),
      protocol: fc.constantFrom<Flow['protocol']>('Tcp', 'Udp'),
      source: fc.constantFrom(...IPS),
      destination: fc.constantFrom(...IPS),
      destinationPort: fc.constantFrom(...PORTS),
      sourcePort: fc.constant(50000),
    },
    { requiredKeys: ['direction', 'protocol', 'source', 'destination', 'destinationPort'] },
  );

  const any = (values: Tri[]): Tri =>
    values.includes('yes') ? 'yes' : values.includes('maybe') ? 'maybe' : 'no';
  const all = (values: Tri[]): Tri =>
    values.includes('no') ? 'no' : values.includes('maybe') ? 'maybe' : 'yes';
  const address = (prefix: string, ip: string): Tri => {
    const covered = ADDRESS_TABLE[prefix];
    return covered === 'maybe' ? 'maybe' : covered!.includes(ip) ? 'yes' : 'no';
  };
  const port = (range: string, p: number | undefined): Tri =>
    p === undefined
      ? PORT_TABLE[range]!.length === PORT_TABLE['*']!.length
        ? 'yes'
        : 'maybe'
      : PORT_TABLE[range]!.includes(p)
        ? 'yes'
        : 'no';
  const matches = (r: NsgRule, f: Flow): Tri =>
    r.direction !== f.direction
      ? 'no'
      : all([
          r.protocol === '*' || r.protocol === f.protocol ? 'yes' : 'no',
          any(r.sourceAddressPrefixes.map((p) => address(p, f.source))),
          any(r.destinationAddressPrefixes.map((p) => address(p, f.destination))),
          any(r.sourcePortRanges.map((p) => port(p, f.sourcePort))),
          any(r.destinationPortRanges.map((p) => port(p, f.destinationPort))),
        ]);

  /** Every way the undecidable rules could turn out; the first matching rule by priority in each. */
  function referenceNsg(n: Nsg, f: Flow): { outcomes: Set<Access>; first: NsgRule | undefined } {
    const rules = [...n.rules, ...n.defaultRules].sort((a, b) => a.priority - b.priority);
    const tri = rules.map((r) => matches(r, f));
    const maybes = tri.flatMap((t, i) => (t === 'maybe' ? [i] : []));
    const outcomes = new Set<Access>();
    for (let world = 0; world < 2 ** maybes.length; world++) {
      const hit = rules.find(
        (_, i) => tri[i] === 'yes' || (tri[i] === 'maybe' && world & (1 << maybes.indexOf(i))),
      );
      outcomes.add(hit!.access);
    }
    return { outcomes, first: rules.find((_, i) => tri[i] === 'yes') };
  }

  function reference(f: Flow, nsgs: Nsg[]): { allowed: boolean | 'unknown'; rule: string | undefined } {
    const order: NsgLevel[] = f.direction === 'Inbound' ? ['subnet', 'nic'] : ['nic', 'subnet'];
    const path = order
      .flatMap((level) => nsgs.filter((n) => n.level === level))
      .map((n) => referenceNsg(n, f));
    const denier = path.find((p) => p.outcomes.size === 1 && p.outcomes.has('Deny'));
    if (denier) return { allowed: false, rule: denier.first?.name };
    if (path.some((p) => p.outcomes.size > 1)) return { allowed: 'unknown', rule: undefined };
    return { allowed: true, rule: path.at(-1)?.first?.name };
  }

  it('for random rule sets and flows', () => {
    fc.assert(
      fc.property(flowArb, nsgArb('subnet'), nsgArb('nic'), fc.boolean(), (flow, subnet, nic, nicFirst) => {
        const present = [subnet, nic].filter((n): n is Nsg => n !== null);
        const nsgs = nicFirst ? present.reverse() : present;
        const decision = evaluateFlow(flow, nsgs, REF_TAGS);
        const expected = reference(flow, nsgs);
        expect(decision.allowed).toBe(expected.allowed);
        expect(decision.decidedBy?.rule).toBe(expected.rule);
        expect(decision.steps).toHaveLength(nsgs.length);
      }),
      { numRuns: 2000 },
    );
  });
});
