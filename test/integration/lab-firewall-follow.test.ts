/**
 * The lab's egress firewall is an Azure Firewall in ARM, and the lab obeys it: for both firewall faults,
 * `aksdiag check` confirms the cause and names the firewall, the traffic is really blocked, a rule added
 * with the real SDK (read-modify-write of the whole firewall, as the knowledge base's fix describes) opens
 * it once the lab has followed the write, and the check then rules the cause out.
 *
 * Needs root and the lab's tools: it fails, never skips, without them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  NetworkManagementClient,
  type AzureFirewall,
  type AzureFirewallApplicationRuleCollection,
  type AzureFirewallNetworkRuleCollection,
} from '@azure/arm-network';
import type { Lab } from '../../src/lab/lab.js';
import { ADDR } from '../../src/lab/topology.js';
import { armClientOptions, fakeCredential } from '../emulators/arm/index.js';
import { checkLab, findingsOf, labForTests, reaches, type LabReport } from '../lab/support.js';

const EGRESS_TIMEOUT =
  'pod shop/web-1 in namespace "shop": curl: (28) Failed to connect to 198.51.100.50 port 443 after 10001 ms: Timeout was reached';
const POLL = { updateIntervalInMs: 50 };

let lab: Lab;
let stop: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ lab, stop } = await labForTests());
}, 600_000);
afterAll(() => stop(), 60_000);
afterEach(() => lab?.clearAll(), 60_000);

/** The cause's status and the values its findings filled, with the check's findings to explain a failure. */
function cause(r: LabReport, id: string, check: string) {
  const c = r.causes.find((x) => x.id === id);
  return { status: c?.status, values: c?.values ?? {}, why: findingsOf(r, check).join('\n') };
}

/** Adds collections to the firewall the finding names: get, then PUT the whole firewall back, and wait. */
async function addRules(
  values: Record<string, string>,
  add: { network?: AzureFirewallNetworkRuleCollection; application?: AzureFirewallApplicationRuleCollection },
): Promise<AzureFirewall> {
  const client = new NetworkManagementClient(
    fakeCredential,
    lab.world.arm.subscriptionId,
    armClientOptions(lab.arm),
  );
  const group = values['firewallResourceGroup']!;
  const name = values['firewallName']!;
  const fw = await client.azureFirewalls.get(group, name);
  const updated = await client.azureFirewalls.beginCreateOrUpdateAndWait(
    group,
    name,
    {
      ...fw,
      networkRuleCollections: [...(fw.networkRuleCollections ?? []), ...(add.network ? [add.network] : [])],
      applicationRuleCollections: [
        ...(fw.applicationRuleCollections ?? []),
        ...(add.application ? [add.application] : []),
      ],
    },
    POLL,
  );
  await lab.settled();
  return updated;
}

const node = () => lab.world.nodes[0]!.name;

describe('lab: the Azure Firewall in ARM is what the firewall namespace enforces', () => {
  it('egress-firewall-blocks: a network rule for the endpoint, added through ARM, lets the nodes reach it', async () => {
    await lab.inject('egress-firewall-blocks');
    const broken = cause(
      await checkLab(lab, 'outbound-egress', ['--text', EGRESS_TIMEOUT]),
      'egress-firewall-blocks',
      'node-curl-endpoint',
    );
    expect({ status: broken.status, why: broken.why }).toEqual({ status: 'confirmed', why: broken.why });
    expect(broken.values).toMatchObject({
      firewallName: 'fw-lab',
      firewallResourceGroup: 'rg-lab',
      firewallIp: ADDR.firewall,
      subnetPrefix: ADDR.vnet,
    });
    expect(await reaches(node(), ADDR.externalApi, 443)).toBe(false);

    const updated = await addRules(broken.values, {
      network: {
        name: 'aks-egress',
        priority: 200,
        action: { type: 'Allow' },
        rules: [
          {
            name: 'allow-443',
            protocols: ['TCP'],
            sourceAddresses: [broken.values['subnetPrefix']!],
            destinationAddresses: [ADDR.externalApi],
            destinationPorts: ['443'],
          },
        ],
      },
    });
    expect(updated.provisioningState).toBe('Succeeded');
    expect(await reaches(node(), ADDR.externalApi, 443)).toBe(true);
    // Only what the rule names: another port of the same host stays closed.
    expect(await reaches(node(), ADDR.externalApi, 9000)).toBe(false);

    const fixed = cause(
      await checkLab(lab, 'outbound-egress', ['--text', EGRESS_TIMEOUT]),
      'egress-firewall-blocks',
      'node-curl-endpoint',
    );
    expect({ status: fixed.status, why: fixed.why }).toEqual({ status: 'ruled-out', why: fixed.why });
  }, 180_000);

  it('egress-firewall-rules: the AzureKubernetesService FQDN tag on Https 443, added through ARM, lets the nodes reach the API server', async () => {
    await lab.inject('egress-firewall-rules');
    const broken = cause(
      await checkLab(lab, 'node-cannot-reach-apiserver'),
      'egress-firewall-rules',
      'node-nc-apiserver',
    );
    expect({ status: broken.status, why: broken.why }).toEqual({ status: 'confirmed', why: broken.why });
    expect(broken.values).toMatchObject({
      firewallName: 'fw-lab',
      firewallResourceGroup: 'rg-lab',
      subnetPrefix: ADDR.vnet,
    });
    expect(await reaches(node(), ADDR.apiserverPublic, 443)).toBe(false);

    await addRules(broken.values, {
      application: {
        name: 'aks-required',
        priority: 100,
        action: { type: 'Allow' },
        rules: [
          {
            name: 'aks-fqdn-tag',
            sourceAddresses: [broken.values['subnetPrefix']!],
            protocols: [{ protocolType: 'Https', port: 443 }],
            fqdnTags: ['AzureKubernetesService'],
          },
        ],
      },
    });
    expect(await reaches(node(), ADDR.apiserverPublic, 443)).toBe(true);

    const fixed = cause(
      await checkLab(lab, 'node-cannot-reach-apiserver'),
      'egress-firewall-rules',
      'node-nc-apiserver',
    );
    expect({ status: fixed.status, why: fixed.why }).toEqual({ status: 'ruled-out', why: fixed.why });
  }, 180_000);
});
