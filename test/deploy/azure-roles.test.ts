/**
 * deploy/azure: the custom roles grant every Azure action the code needs and no more, and the
 * script creates and assigns them where they belong. The actions needed are derived from the
 * code: every Azure SDK operation called in src/ and workers/ is found and mapped to its RBAC
 * actions below; a call this map does not know fails the test until it is mapped and granted.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../support/paths.js';

interface RoleDefinition {
  Name: string;
  IsCustom: boolean;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  AssignableScopes: string[];
}

const ROLES_DIR = join(REPO_ROOT, 'deploy/azure/roles');
const roles: Record<string, RoleDefinition> = Object.fromEntries(
  readdirSync(ROLES_DIR).map((f) => [
    f.replace(/\.json$/, ''),
    JSON.parse(readFileSync(join(ROLES_DIR, f), 'utf8')),
  ]),
);

/** Not ours: the optional fallback the script can assign (--admin-fallback). */
const BUILT_IN_ADMIN = 'Azure Kubernetes Service Cluster Admin Role';

/**
 * SDK operation (operation group . method) → the RBAC actions ARM checks for it (including the
 * polls of a long-running operation), and the role that grants them.
 */
const OPERATIONS: Record<string, { actions: string[]; role: string }> = {
  'managedClusters.list': {
    actions: ['Microsoft.ContainerService/managedClusters/read'],
    role: 'aksdiag-reader',
  },
  'managedClusters.get': {
    actions: ['Microsoft.ContainerService/managedClusters/read'],
    role: 'aksdiag-reader',
  },
  'managedClusters.listClusterUserCredentials': {
    actions: ['Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'],
    role: 'aksdiag-reader',
  },
  'managedClusters.listClusterAdminCredentials': {
    actions: ['Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action'],
    role: BUILT_IN_ADMIN,
  },
  'managedClusters.runCommand': {
    actions: [
      'Microsoft.ContainerService/managedClusters/runCommand/action',
      'Microsoft.ContainerService/managedClusters/commandResults/read',
    ],
    role: 'aksdiag-command-invoke',
  },
  'managedClusters.createOrUpdate': {
    actions: [
      'Microsoft.ContainerService/managedClusters/write',
      'Microsoft.ContainerService/locations/operations/read',
    ],
    role: 'aksdiag-cluster-fixer',
  },
  'virtualMachineScaleSets.list': {
    actions: ['Microsoft.Compute/virtualMachineScaleSets/read'],
    role: 'aksdiag-reader',
  },
  'virtualMachineScaleSetVMs.list': {
    actions: ['Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read'],
    role: 'aksdiag-reader',
  },
  'virtualMachineScaleSetVMs.runCommand': {
    actions: [
      'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action',
      'Microsoft.Compute/locations/operations/read',
    ],
    role: 'aksdiag-node-runner',
  },
  // Served by the network provider under the Compute path: the action is Compute's.
  'networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces': {
    actions: ['Microsoft.Compute/virtualMachineScaleSets/networkInterfaces/read'],
    role: 'aksdiag-reader',
  },
  'networkInterfaces.listVirtualMachineScaleSetVMNetworkInterfaces': {
    actions: ['Microsoft.Compute/virtualMachineScaleSets/virtualMachines/networkInterfaces/read'],
    role: 'aksdiag-reader',
  },
  'networkWatchers.listAll': { actions: ['Microsoft.Network/networkWatchers/read'], role: 'aksdiag-reader' },
  // Optional: without it the NSG checks answer alone, with a "not available" note.
  'networkWatchers.getNetworkConfigurationDiagnostic': {
    actions: [
      'Microsoft.Network/networkWatchers/networkConfigurationDiagnostic/action',
      'Microsoft.Network/locations/operations/read',
      'Microsoft.Network/locations/operationResults/read',
    ],
    role: 'aksdiag-network-watcher',
  },
  // Not in the SDK: src/azure/detectors.ts sends it through the container service client's pipeline.
  'detectors.get': {
    actions: ['Microsoft.ContainerService/managedClusters/detectors/read'],
    role: 'aksdiag-reader',
  },
  'virtualNetworks.get': { actions: ['Microsoft.Network/virtualNetworks/read'], role: 'aksdiag-reader' },
  'subnets.get': { actions: ['Microsoft.Network/virtualNetworks/subnets/read'], role: 'aksdiag-reader' },
  'networkSecurityGroups.get': {
    actions: ['Microsoft.Network/networkSecurityGroups/read'],
    role: 'aksdiag-reader',
  },
  'routeTables.get': { actions: ['Microsoft.Network/routeTables/read'], role: 'aksdiag-reader' },
  'azureFirewalls.list': { actions: ['Microsoft.Network/azureFirewalls/read'], role: 'aksdiag-reader' },
  'azureFirewalls.listAll': { actions: ['Microsoft.Network/azureFirewalls/read'], role: 'aksdiag-reader' },
  'azureFirewalls.get': {
    actions: ['Microsoft.Network/azureFirewalls/read'],
    role: 'aksdiag-firewall-fixer',
  },
  'azureFirewalls.beginCreateOrUpdateAndWait': {
    actions: ['Microsoft.Network/azureFirewalls/write', 'Microsoft.Network/locations/operations/read'],
    role: 'aksdiag-firewall-fixer',
  },
  'publicIPAddresses.get': { actions: ['Microsoft.Network/publicIPAddresses/read'], role: 'aksdiag-reader' },
  'natGateways.get': { actions: ['Microsoft.Network/natGateways/read'], role: 'aksdiag-reader' },
  'securityRules.createOrUpdate': {
    actions: [
      'Microsoft.Network/networkSecurityGroups/securityRules/write',
      'Microsoft.Network/locations/operations/read',
    ],
    role: 'aksdiag-nsg-fixer',
  },
  'virtualNetworkLinks.beginCreateOrUpdateAndWait': {
    actions: [
      'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write',
      'Microsoft.Network/privateDnsOperationStatuses/read',
      'Microsoft.Network/virtualNetworks/join/action',
    ],
    role: 'aksdiag-private-dns-linker',
  },
  'virtualMachineScaleSetVMs.beginReimageAndWait': {
    actions: [
      'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/reimage/action',
      'Microsoft.Compute/locations/operations/read',
    ],
    role: 'aksdiag-node-reimager',
  },
  'virtualNetworks.beginCreateOrUpdateAndWait': {
    actions: ['Microsoft.Network/virtualNetworks/write', 'Microsoft.Network/locations/operations/read'],
    role: 'aksdiag-vnet-dns-fixer',
  },
};

const GROUPS = [
  'managedClusters',
  'agentPools',
  'virtualMachineScaleSets',
  'virtualMachineScaleSetVMs',
  'virtualMachines',
  'networkInterfaces',
  'virtualNetworks',
  'virtualNetworkLinks',
  'subnets',
  'networkSecurityGroups',
  'securityRules',
  'routeTables',
  'azureFirewalls',
  'publicIPAddresses',
  'natGateways',
  'loadBalancers',
  'networkWatchers',
  'detectors',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every `group.method(` call on an Azure SDK client in the code, with where it is. */
function sdkCalls(): Map<string, string> {
  const found = new Map<string, string>();
  // The fault lab drives the emulators, not Azure.
  const files = [...sources(join(REPO_ROOT, 'src')), ...sources(join(REPO_ROOT, 'workers'))].filter(
    (f) => !f.includes('/src/lab/'),
  );
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\s+/g, ' ');
    const where = relative(REPO_ROOT, file);
    const group = GROUPS.join('|');
    // Direct: factory.containers(sub).managedClusters.get(...); and through an alias:
    // const clusters = azure.containers(sub).managedClusters; clusters.get(...).
    for (const m of text.matchAll(new RegExp(`\\.(${group}) ?\\. ?([a-zA-Z]+) ?\\(`, 'g')))
      found.set(`${m[1]}.${m[2]}`, where);
    for (const a of text.matchAll(new RegExp(`(?:const|let) (\\w+) = [^;]*?\\.(${group});`, 'g'))) {
      for (const m of text.matchAll(new RegExp(`\\b${a[1]} ?\\. ?([a-zA-Z]+) ?\\(`, 'g')))
        found.set(`${a[2]}.${m[1]}`, where);
    }
  }
  // Array and string methods on lists that share a name (nsgs.subnets.find) are not SDK calls.
  for (const k of [...found.keys()])
    if (/\.(find|filter|map|push|some|every|includes|forEach)$/.test(k)) found.delete(k);
  return found;
}

describe('Azure roles', () => {
  const calls = sdkCalls();

  it('finds the SDK calls the code makes', () => {
    for (const op of [
      'managedClusters.list',
      'virtualMachineScaleSetVMs.runCommand',
      'managedClusters.runCommand',
      'networkWatchers.getNetworkConfigurationDiagnostic',
      'detectors.get',
    ]) {
      expect(calls.has(op)).toBe(true);
    }
  });

  it('knows every SDK call the code makes (map a new one above, and grant it)', () => {
    const unknown = [...calls].filter(([op]) => !OPERATIONS[op]).map(([op, where]) => `${op} (${where})`);
    expect(unknown).toEqual([]);
  });

  it('grants every action those calls need, in the role the map names', () => {
    for (const [op] of calls) {
      const { actions, role } = OPERATIONS[op]!;
      if (role === BUILT_IN_ADMIN) continue;
      for (const action of actions)
        expect([op, role, roles[role]?.Actions.includes(action)]).toEqual([op, role, true]);
    }
  });

  it('keeps the reader role read-only: reads and the user kubeconfig, no write, delete or wildcard', () => {
    const reader = roles['aksdiag-reader']!;
    const notRead = reader.Actions.filter((a) => !a.endsWith('/read'));
    expect(notRead).toEqual(['Microsoft.ContainerService/managedClusters/listClusterUserCredential/action']);
    for (const r of Object.values(roles)) expect(r.Actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('writes only in the fixer roles, and runs commands only in the runner roles', () => {
    const byAction = (pred: (a: string) => boolean) =>
      Object.entries(roles)
        .filter(([, r]) => r.Actions.some(pred))
        .map(([k]) => k)
        .sort();
    expect(byAction((a) => /\/(write|delete)$/.test(a))).toEqual([
      'aksdiag-cluster-fixer',
      'aksdiag-firewall-fixer',
      'aksdiag-nsg-fixer',
      'aksdiag-private-dns-linker',
      'aksdiag-vnet-dns-fixer',
    ]);
    expect(byAction((a) => /runCommand\/action$/i.test(a))).toEqual([
      'aksdiag-command-invoke',
      'aksdiag-node-runner',
    ]);
  });

  it('are custom role definitions az accepts: named, described, no data actions, a subscription scope to fill in', () => {
    for (const r of Object.values(roles)) {
      expect(r.Name).toMatch(/^aksdiag [A-Z]/);
      expect(r.IsCustom).toBe(true);
      expect(r.Description.length).toBeGreaterThan(40);
      expect(r.NotActions).toEqual([]);
      expect(r.DataActions).toEqual([]);
      expect(r.AssignableScopes).toEqual(['/subscriptions/{subscriptionId}']);
    }
  });
});

describe('deploy/azure/assign-roles.sh', () => {
  const SCRIPT = join(REPO_ROOT, 'deploy/azure/assign-roles.sh');
  const SUB = '00000000-0000-0000-0000-00000000a11c';
  const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1`;

  /** Runs the script with a stub `az` that answers the reads and records every call. */
  function run(
    args: string[],
    zone = '',
  ): {
    code: number | null;
    calls: string[][];
    definitions: RoleDefinition[];
    out: string;
  } {
    const dir = mkdtempSync(join(tmpdir(), 'aksdiag-az-'));
    try {
      const az = join(dir, 'az');
      writeFileSync(
        az,
        [
          '#!/usr/bin/env bash',
          `printf '%s\\x1f' "$@" >> ${dir}/calls; printf '\\n' >> ${dir}/calls`,
          'case "$*" in',
          `  "aks show"*"--query id"*) echo ${CLUSTER_ID} ;;`,
          '  "aks show"*nodeResourceGroup*) echo MC_rg-aks_aks1_eastus ;;',
          '  "aks show"*issuerUrl*) echo https://eastus.oic.prod-aks.azure.com/tenant/issuer/ ;;',
          `  "aks show"*privateDnsZone*) echo '${zone}' ;;`,
          '  "identity show"*principalId*) echo 11111111-1111-1111-1111-111111111111 ;;',
          '  "identity show"*clientId*) echo 22222222-2222-2222-2222-222222222222 ;;',
          '  "identity show"*) echo /subscriptions/x/identity ;;',
          `  "role definition create"*) f="\${@: -1:1}"; cp "\${f#@}" ${dir}/def-$RANDOM$RANDOM.json ;;`,
          '  "role definition list"*) echo "" ;;',
          'esac',
        ].join('\n'),
      );
      chmodSync(az, 0o755);
      const r = spawnSync('bash', [SCRIPT, ...args], {
        env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir },
        encoding: 'utf8',
      });
      const calls = readFileSync(join(dir, 'calls'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\x1f').filter(Boolean));
      const definitions = readdirSync(dir)
        .filter((f) => f.startsWith('def-'))
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RoleDefinition);
      return { code: r.status, calls, definitions, out: r.stdout + r.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const assignments = (calls: string[][]) =>
    calls
      .filter((c) => c.slice(0, 3).join(' ') === 'role assignment create')
      .map((c) => [c[c.indexOf('--role') + 1], c[c.indexOf('--scope') + 1]]);
  const base = [
    '--subscription',
    SUB,
    '--cluster',
    'rg-aks/aks1',
    '--identity-group',
    'rg-id',
    '--identity-name',
    'aksdiag',
  ];

  it('is valid bash (and clean under shellcheck where it is installed)', () => {
    execFileSync('bash', ['-n', SCRIPT]);
    if (spawnSync('sh', ['-c', 'command -v shellcheck']).status === 0) execFileSync('shellcheck', [SCRIPT]);
  });

  it('creates every role for the subscription and assigns each where it belongs, no fixer by default', () => {
    const r = run(base);
    expect(r.code).toBe(0);
    expect(r.definitions.map((d) => d.Name).sort()).toEqual(
      Object.values(roles)
        .map((d) => d.Name)
        .sort(),
    );
    for (const d of r.definitions) expect(d.AssignableScopes).toEqual([`/subscriptions/${SUB}`]);
    expect(assignments(r.calls)).toEqual([
      ['aksdiag Reader', `/subscriptions/${SUB}`],
      ['aksdiag Node Runner', `/subscriptions/${SUB}/resourceGroups/MC_rg-aks_aks1_eastus`],
      ['aksdiag Command Invoke', CLUSTER_ID],
    ]);
    for (const c of r.calls.filter((x) => x[0] === 'role' && x[1] === 'assignment')) {
      expect(c).toEqual(
        expect.arrayContaining(['--assignee-object-id', '11111111-1111-1111-1111-111111111111']),
      );
    }
    expect(r.out).toContain('azure.workload.identity/client-id=22222222-2222-2222-2222-222222222222');
  });

  it('adds the fixers, the admin fallback and the federated credential only when asked', () => {
    const r = run([...base, '--fixes', '--admin-fallback', '--home-cluster', 'rg-aks/aks1']);
    expect(r.code).toBe(0);
    expect(assignments(r.calls).slice(3)).toEqual([
      ['aksdiag NSG Fixer', `/subscriptions/${SUB}/resourceGroups/MC_rg-aks_aks1_eastus`],
      ['aksdiag VNet DNS Fixer', `/subscriptions/${SUB}/resourceGroups/MC_rg-aks_aks1_eastus`],
      ['aksdiag Node Reimager', `/subscriptions/${SUB}/resourceGroups/MC_rg-aks_aks1_eastus`],
      ['aksdiag Cluster Fixer', CLUSTER_ID],
      [BUILT_IN_ADMIN, CLUSTER_ID],
    ]);
    const fed = r.calls.find((c) => c.slice(0, 3).join(' ') === 'identity federated-credential create')!;
    expect(fed).toEqual(expect.arrayContaining(['--subject', 'system:serviceaccount:aksdiag:aksdiag']));
    expect(fed).toEqual(expect.arrayContaining(['--audience', 'api://AzureADTokenExchange']));
  });

  it("assigns the private DNS linker on a bring-your-own zone's group and the node group, only then", () => {
    const zone = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.azmk8s.io`;
    const linker = (calls: string[][]) =>
      assignments(calls).filter(([role]) => role === 'aksdiag Private DNS Linker');
    expect(linker(run([...base, '--fixes'], zone).calls)).toEqual([
      ['aksdiag Private DNS Linker', `/subscriptions/${SUB}/resourceGroups/rg-dns`],
      ['aksdiag Private DNS Linker', `/subscriptions/${SUB}/resourceGroups/MC_rg-aks_aks1_eastus`],
    ]);
    expect(linker(run([...base, '--fixes'], 'system').calls)).toEqual([]);
    expect(linker(run(base, zone).calls)).toEqual([]);
  });

  it('assigns the firewall fixer on the firewall group only with --fixes and --firewall-group', () => {
    const fixer = (calls: string[][]) =>
      assignments(calls).filter(([role]) => role === 'aksdiag Firewall Fixer');
    expect(fixer(run([...base, '--fixes', '--firewall-group', 'rg-hub']).calls)).toEqual([
      ['aksdiag Firewall Fixer', `/subscriptions/${SUB}/resourceGroups/rg-hub`],
    ]);
    expect(fixer(run([...base, '--firewall-group', 'rg-hub']).calls)).toEqual([]);
  });

  it("assigns the optional Network Watcher role on the watchers' group only with --network-watcher", () => {
    const watcher = (calls: string[][]) =>
      assignments(calls).filter(([role]) => role === 'aksdiag Network Watcher');
    expect(watcher(run([...base, '--network-watcher']).calls)).toEqual([
      ['aksdiag Network Watcher', `/subscriptions/${SUB}/resourceGroups/NetworkWatcherRG`],
    ]);
    expect(watcher(run([...base, '--network-watcher', '--network-watcher-group', 'rg-nw']).calls)).toEqual([
      ['aksdiag Network Watcher', `/subscriptions/${SUB}/resourceGroups/rg-nw`],
    ]);
    expect(watcher(run(base).calls)).toEqual([]);
  });

  it('with --dry-run only reads: every change is printed, none is run', () => {
    const r = run([...base, '--fixes', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => /create|update|delete/.test(c.slice(0, 3).join(' ')))).toEqual([]);
    expect(r.out.match(/^would run: az role assignment create/gm)).toHaveLength(7);
  });

  it('refuses a missing argument with what to pass', () => {
    const r = spawnSync('bash', [SCRIPT, '--subscription', SUB], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing --cluster/);
  });
});
