/**
 * A change "Apply fix" makes, in the reader's language: the short label of its button and the
 * sentence the confirmation shows. Names and values (rules, NSGs, clusters, addresses) stay as
 * they are; the audit keeps the English of `describeFixAction`, which the English here matches.
 */
import type { FixAction } from '../engine/fix-action.js';
import type { KubeFixAction } from '../engine/kube-fix-action.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';

/** What a change does, one word each: the key of its button's label. */
export type ChangeKind =
  | Exclude<FixAction['kind'], 'node-script' | 'kube'>
  | Extract<FixAction, { kind: 'node-script' }>['fix']
  | KubeFixAction['kind'];

export function changeKind(a: FixAction): ChangeKind {
  if (a.kind === 'node-script') return a.fix;
  if (a.kind === 'kube') return a.change.kind;
  return a.kind;
}

/** The "Apply fix" button's text for this change. */
export const applyLabel = (a: FixAction, lang: Lang): string =>
  translator(lang).t(`slack.apply.${changeKind(a)}`);

const labels = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

function describeKube(a: KubeFixAction, lang: Lang): string {
  const { t } = translator(lang);
  switch (a.kind) {
    case 'kube-patch-service': {
      const service = `${a.namespace}/${a.service}`;
      return 'selector' in a.set
        ? t('change.kube-selector', { service, selector: labels(a.set.selector) })
        : t('change.kube-target-port', {
            service,
            index: String(a.set.portIndex),
            port: String(a.set.targetPort),
          });
    }
    case 'kube-grant':
      return t('change.kube-grant', {
        role: `${a.namespace}/${a.roleName}`,
        verb: a.verb,
        resource: a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource,
        user: a.user,
        binding: a.roleName,
      });
    case 'kube-delete-pods':
      return t('change.kube-delete-pods', {
        what: a.what,
        node: a.node,
        namespace: a.namespace,
        selector: labels(a.labelSelector),
      });
    case 'kube-restart':
      return t('change.kube-restart', { deployment: `${a.namespace}/${a.deployment}` });
    case 'kube-allow-policy': {
      const ingress = a.direction === 'ingress';
      const peer = a.peerCidr ?? t(ingress ? 'change.anySource' : 'change.anyDestination');
      const values = {
        policy: `${a.namespace}/${a.name}`,
        port: String(a.port),
        peer,
        selector: labels(a.podSelector),
      };
      return t(ingress ? 'change.kube-allow-ingress' : 'change.kube-allow-egress', values);
    }
  }
}

/** The sentence the confirmation shows: what exactly changes, and where. */
export function describeChange(a: FixAction, lang: Lang): string {
  const { t } = translator(lang);
  switch (a.kind) {
    case 'nsg-allow':
      return t('change.nsg-allow', {
        rule: a.rule.name,
        nsg: a.nsg,
        group: a.resourceGroup,
        direction: a.rule.direction,
        protocol: a.rule.protocol,
        source: a.rule.source,
        destination: a.rule.destination,
        port: a.rule.port,
        priority: String(a.rule.priority),
      });
    case 'authorize-ip':
      return t('change.authorize-ip', {
        cluster: a.cluster,
        group: a.resourceGroup,
        ranges: a.ranges.join(', '),
      });
    case 'vnet-dns-default':
      return t('change.vnet-dns-default', { vnet: a.vnet, group: a.resourceGroup });
    case 'outbound-ports':
      return t('change.outbound-ports', {
        cluster: a.cluster,
        group: a.resourceGroup,
        ports: String(a.ports),
        count: a.ipCount,
      });
    case 'firewall-allow': {
      const r = a.rule;
      const common = {
        rule: r.name,
        kind: a.collection.kind,
        collection: a.collection.name,
        firewall: a.firewall,
        group: a.resourceGroup,
        source: r.source,
      };
      return 'fqdnTag' in r
        ? t('change.firewall-fqdn', { ...common, tag: r.fqdnTag })
        : t('change.firewall-network', { ...common, destination: r.destination, port: String(r.port) });
    }
    case 'private-dns-link':
      return t('change.private-dns-link', {
        zone: a.zone,
        group: a.resourceGroup,
        vnet: a.vnetId.split('/').pop() ?? a.vnetId,
        link: a.link,
      });
    case 'vmss-reimage':
      return t('change.vmss-reimage', {
        node: a.target.node,
        vmss: a.target.vmss,
        instance: a.target.instanceId,
        group: a.target.resourceGroup,
      });
    case 'node-script': {
      const summary =
        a.fix === 'iptables-delete-rule'
          ? t('change.iptables-delete-rule', {
              rule: String(a.params['ruleNumber'] ?? ''),
              chain: String(a.params['chain'] ?? ''),
            })
          : a.summary;
      return t('change.node-script', {
        node: a.target.node,
        vmss: a.target.vmss,
        instance: a.target.instanceId,
        summary,
      });
    }
    case 'kube':
      return t('change.kube', { cluster: a.cluster, change: describeKube(a.change, lang) });
  }
}
