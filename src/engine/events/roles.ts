/**
 * What a destination is to an AKS cluster, from its address, port and path alone: the kubelet
 * (10250), the API server (`*.azmk8s.io`, 6443, `/api` paths) or its in-cluster Service (the
 * service CIDR's first address, `kubernetes.default`), cluster DNS (53, Azure DNS at
 * 168.63.129.16), a ClusterIP Service (`*.svc`), a registry, or something else.
 */
import type { Destination, Role } from '../../domain/events.js';

const REGISTRY =
  /(?:^|\.)(?:mcr\.microsoft\.com|azurecr\.io|docker\.io|docker\.com|gcr\.io|registry\.k8s\.io|quay\.io|ghcr\.io|azureedge\.net|data\.mcr\.microsoft\.com|pkg\.dev|cloudflare\.docker\.com)$/;
/** On AWS only ECR and the S3 buckets it serves layers from are registries (an ELB is not). */
const AWS_REGISTRY = /(?:^|\.)(?:dkr\.ecr|s3)[.-]/;
/** A registry's API path: `/v2/`, `/v2/_catalog`, `/v2/<name>/manifests|blobs|tags/...` (an app's `/v2/api-docs` is not). */
const REGISTRY_PATH = /^\/v2\/(?:$|_catalog|[a-z0-9._/-]{1,200}\/(?:manifests|blobs|tags)\/)/;
/** A cloud load balancer's own DNS name: AWS ELB/NLB/ALB, an Azure public IP's DNS label. */
const LB_HOST =
  /\.elb\.amazonaws\.com$|\.elb\.[a-z0-9-]{1,30}\.amazonaws\.com$|\.cloudapp\.azure\.com$|\.cloudapp\.net$/;
/**
 * Wildcard DNS that names an address in itself (`app.20.1.2.3.nip.io`): how ingress hosts are
 * given to a load balancer's or ingress controller's IP when there is no domain.
 */
const ADDRESS_IN_NAME = /(?:^|\.)\d{1,3}(?:[.-]\d{1,3}){3}\.(?:nip\.io|sslip\.io|xip\.io)$/;
/** An address with its last octets redacted (`52.177.yyy.xxx`, `10.0.x.x`): its first ones still say which range. */
const PARTLY_REDACTED_V4 = /^(\d{1,3})\.(\d{1,3})\.(?:\d{1,3}|[xy*]{1,3})\.[xy*]{1,3}$/;
const FULLY_REDACTED_V4 = /^(?:[xy*]{1,3}\.){3}[xy*]{1,3}$/;
const PRIVATE_V4 =
  /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;
const KUBELET_PATH =
  /^\/(?:containerlogs|exec|attach|portforward|run|logs|stats|metrics\/resource|pods|configz)/;
// Rancher and other proxies put the API under a prefix: /k8s/clusters/<id>/api/v1/...
// An application's own `/api/messages` or `/api/v1/users` is not the Kubernetes API: that is
// `/api` alone, `/api/v1` with one of its core resources, or an `/apis/<group>/<version>` path.
const CORE_RESOURCES =
  'namespaces|nodes|pods|services|endpoints|configmaps|secrets|serviceaccounts|persistentvolumes|persistentvolumeclaims|events|componentstatuses|resourcequotas|limitranges|replicationcontrollers';
const API_PATH = new RegExp(
  `^/(?:api(?:/v1)?/?(?:[?]|$)|apis(?:[/?]|$)|(?:version|openapi|healthz|livez|readyz)(?:[/?]|$))|/api/v\\d[a-z0-9]{0,10}/(?:${CORE_RESOURCES})\\b|/apis/[a-z0-9.-]{1,100}/v\\d[a-z0-9]{0,10}(?:[/?]|$)`,
);
/** Ports an API server listens on (AKS and managed 443, kubeadm 6443, minikube 8443, microk8s 16443). */
const API_PORTS = new Set([443, 6443, 8443, 16443]);
/**
 * A Service's name (`orders`, `orders.shop.svc`): its `/healthz` or `/api/...` is the app's.
 * (`xxxxxxxx` is a name redacted, most often the API server's.)
 */
const SERVICE_HOST = /^(?!x+$)[a-z][a-z0-9-]{0,62}$|\.svc(?:\.cluster\.local)?$/;
const isApiPath = (host: string, port: number | undefined, path: string) =>
  API_PATH.test(path) && (port === undefined || API_PORTS.has(port)) && !SERVICE_HOST.test(host);
/**
 * Default service CIDRs: AKS 10.0.0.0/16, kubeadm 10.96.0.0/12, k3s 10.43.0.0/16, EKS
 * 10.100.0.0/16 and 172.20.0.0/16, OpenShift 172.30.0.0/16, microk8s 10.152.183.0/24, and the
 * 10.254.0.0/16 of many older guides, kubespray 10.233.0.0/18. An address there is most likely a ClusterIP.
 */
const SERVICE_CIDR =
  /^(?:10\.0\.|10\.(?:9[6-9]|10[0-9]|11[01])\.|10\.43\.|10\.100\.|172\.20\.|172\.30\.|10\.152\.183\.|10\.254\.|10\.233\.(?:[0-5]?\d|6[0-3])\.)/;

/**
 * Default pod CIDRs: 10.244.0.0/16 (kubenet and Azure CNI Overlay on AKS, flannel, kubeadm
 * guides), 10.42.0.0/16 (k3s), 100.96.0.0/11 (kops), kubespray's 10.233.64.0/18 (beside its
 * service range). (Calico's 192.168.0.0/16 is left out: home and office networks use it too.)
 */
const POD_CIDR =
  /^(?:10\.244\.|10\.42\.|100\.(?:9[6-9]|1[01]\d|12[0-7])\.|10\.233\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;

/** The roles that say most about a failure come first when a line names several destinations. */
export const ROLE_PRIORITY: readonly Role[] = [
  'kubelet',
  'tunnel',
  'webhook',
  'aggregated-api',
  'apiserver-service',
  'apiserver',
  'cluster-dns',
  'registry',
  'load-balancer',
  'node-port',
  'cluster-service',
  'cluster-ip',
  'pod-ip',
  'public-ip',
  'external-host',
  'private-ip',
  'local',
  'unknown',
];

/**
 * A redacted address names what it stood for (`<storage-endpoint-ip-address>`, `[CLUSTERIP]`,
 * `<node-ip>`): the words are all the role there is to read.
 */
const PLACEHOLDER_ROLES: [RegExp, Role][] = [
  [
    /api.?server|control.?plane|master|azmk8s|aks.?fqdn|cluster.?(?:url|domain|fqdn|endpoint|host)/,
    'apiserver',
  ],
  [/cluster.?ip|service.?ip|svc/, 'cluster-ip'],
  [/external|public|load.?balancer|\blb\b|ingress/, 'load-balancer'],
  [/registry|acr|mcr|docker/, 'registry'],
  [/storage|blob|sql|redis|cosmos|vault|internet|proxy/, 'external-host'],
  [/dns/, 'cluster-dns'],
  [/pod.?ip|pod.?address/, 'pod-ip'],
  [/node|pod|private|vnet/, 'private-ip'],
];

/** `server-ip`, `node_ip`, `master-address`: a name written in place of an address. */
const WORD_FOR_ADDRESS = /^[a-z]{2,20}[-_](?:ip|addr|address)$/;

function placeholderRole(host: string): Role | null {
  if (!/^[<[]|x{1,3}\.x{1,3}|\*{3}/.test(host) && !WORD_FOR_ADDRESS.test(host)) return null;
  return PLACEHOLDER_ROLES.find(([rx]) => rx.test(host))?.[1] ?? null;
}

/**
 * Generic top-level domains seen in pastes (every two-letter one is a country's). A dotted name
 * ending in anything else is a Service in a namespace.
 */
const COMMON_TLDS = new Set(
  'com net org io dev app cloud ai info biz edu gov mil int xyz sh tech site online me tv cc co page run services azure microsoft windows google amazon aws docker'.split(
    ' ',
  ),
);

const PUBLIC = (ip: string) => !PRIVATE_V4.test(ip) && !/^(?:127|0)\./.test(ip);

export function roleOf(dest: Destination): Role {
  const host = dest.host ?? '';
  const ip = dest.ip ?? '';
  const port = dest.port;
  const path = dest.path ?? '';
  // A resolver on loopback (systemd-resolved's 127.0.0.53, a node's [::1]:53) is still DNS.
  if (port === 53) return 'cluster-dns';
  // The machine's own loopback: a process talking to itself, never the cluster's network.
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(ip))
    return 'local';
  if (port === 10250 || port === 10255 || (path && KUBELET_PATH.test(path) && port !== 443)) return 'kubelet';
  // Managed control planes' API endpoints: AKS (`*.hcp.<region>.azmk8s.io`, private link) and EKS.
  if (/(?:^|\.)azmk8s\.io$|\.eks\.amazonaws\.com$/.test(host)) return 'apiserver';
  // The API server calls admission and conversion webhooks with `?timeout=<n>s` on a Service's name.
  if (/\.svc(?:\.cluster\.local)?$/.test(host) && /[?&]timeout=\d{1,3}s\b/.test(path)) return 'webhook';
  if (/^kubernetes(?:\.default(?:\.svc(?:\.cluster\.local)?)?)?$/.test(host)) return 'apiserver-service';
  // The kubernetes Service is the first address of the service CIDR (10.0.0.1 on AKS, 10.96.0.1 on
  // kubeadm, 10.152.183.1 on microk8s).
  if (/^(?:\d{1,3}\.){2}0\.1$|^10\.152\.183\.1$/.test(ip) && (port === 443 || port === undefined))
    return 'apiserver-service';
  if (ip === '168.63.129.16' || /^kube-dns\./.test(host)) return 'cluster-dns';
  if (port === 6443 || (path && isApiPath(host, port, path))) return 'apiserver';
  if (REGISTRY.test(host) || REGISTRY_PATH.test(path)) return 'registry';
  if (host.endsWith('.amazonaws.com') && AWS_REGISTRY.test(host)) return 'registry';
  if (LB_HOST.test(host) || ADDRESS_IN_NAME.test(host)) return 'load-balancer';
  // An IPv6 address: unique-local (fc00::/7) and link-local (fe80::/10) are private.
  if (/^[0-9a-f]{0,4}:[0-9a-f:.]{1,45}$/.test(host))
    return /^f[cd][0-9a-f]{0,2}:|^fe[89ab][0-9a-f]:/.test(host) ? 'private-ip' : 'public-ip';
  const partly = PARTLY_REDACTED_V4.exec(host);
  if (partly) return PUBLIC(`${partly[1]}.${partly[2]}.0.0`) ? 'public-ip' : 'private-ip';
  const named = placeholderRole(host);
  if (named) return named;
  // `xxx.xxx.xx.xxx`: an address redacted whole says nothing of its range (not a host in `.xxx`).
  if (WORD_FOR_ADDRESS.test(host) || FULLY_REDACTED_V4.test(host)) return 'unknown';
  if (/\.(?:svc|svc\.cluster\.local|cluster\.local)$/.test(host)) return 'cluster-service';
  // The NodePort range on a node's private address: the Service as the world outside reaches it.
  // (A node's name on that port too: `curl http://node-0:31005`; Services listen on their own ports.)
  if (port !== undefined && port >= 30000 && port <= 32767 && (ip ? !PUBLIC(ip) : host !== ''))
    return 'node-port';
  if (ip) {
    if (SERVICE_CIDR.test(ip)) return 'cluster-ip';
    if (POD_CIDR.test(ip)) return 'pod-ip';
    return PRIVATE_V4.test(ip) ? 'private-ip' : /^0\./.test(ip) ? 'unknown' : 'public-ip';
  }
  // One label, no dots: a Service's short name, which the pod's DNS search list completes.
  if (/^[a-z][a-z0-9-]{0,62}$/.test(host)) return 'cluster-service';
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$/.test(host) && !/\.(?:local|internal|lan)$/.test(host)) {
    const tld = host.slice(host.lastIndexOf('.') + 1);
    // `<service>.<namespace>` (`mongo-0.mongo`, `redis.cache`): the search list completes it to a Service.
    return tld.length === 2 || COMMON_TLDS.has(tld) || host.split('.').length > 3
      ? 'external-host'
      : 'cluster-service';
  }
  // `nginx.test01`: a namespace with a digit in it is no top-level domain.
  if (/^[a-z][a-z0-9-]{0,62}\.[a-z][a-z0-9-]{0,62}$/.test(host)) return 'cluster-service';
  return 'unknown';
}

export function strongestRole(roles: readonly Role[]): Role {
  let best: Role = 'unknown';
  for (const r of roles) if (ROLE_PRIORITY.indexOf(r) < ROLE_PRIORITY.indexOf(best)) best = r;
  return best;
}
