/**
 * Where a paste was written from. The same timeout means different things from a laptop
 * (authorized ranges, a private cluster), from a pod (egress, policies, DNS), from a node
 * (kubelet, bootstrap) or from the control plane (the tunnel to the kubelet, webhooks).
 * A line's own cue wins over the paste's; the paste's is the strongest cue anywhere in it,
 * strongest first in CUES: a command run inside a pod beats the laptop it was typed on.
 */
import type { Role, Vantage } from '../../domain/events.js';

const CUES: [Vantage, RegExp][] = [
  [
    'control-plane',
    /error dialing backend|failed calling webhook|failed to call webhook|conversion webhook for |no response from https?:|faileddiscoverycheck|proxy error from|tunnel-uds|no agent available|trying to reach: |error trying to reach service|error: 'dial tcp|백 엔드에 전화 걸기|unable to upgrade connection|konnectivity|tunnelfront|aks-link/,
  ],
  [
    // Run inside a pod, or answered by the cluster's DNS: whatever terminal it was typed in.
    'pod',
    new RegExp(
      [
        // `kubectl [flags] exec`: a flag's value is never `exec` itself, so a command reads one
        // way only (recheck's fuzzer found the looser form polynomial).
        /kubectl(?: --?[a-z][a-z-]{0,30}(?:=\S{1,80}| (?!exec\b)[\w~./][\w.:/@~-]{0,99})?){0,4} exec\b|kubectl run (?:-it?|-ti|--rm|--tty|--stdin|-i --tty)\b|oc exec| -- (?:curl|wget|nc|nslookup|dig|ping|telnet|sh|bash|powershell|pwsh|cmd)\b|^\/ # /
          .source,
        // A Kubernetes client configured from inside the cluster (the Python and Go clients).
        /load_incluster_config|inclusterconfig/.source,
        // A Windows container's prompt: IIS images start in C:\inetpub.
        /^ps c:\\inetpub\b/.source,
        /^server:\s+(?:kube-dns|coredns|\d{1,3}\.\d{1,3}\.0\.10$)|^search [a-z0-9-]{1,63}\.svc\.cluster\.local/
          .source,
        // A shell prompt on a Deployment's pod: <name>-<pod-template-hash>-<5 chars>, in the
        // alphabet Kubernetes uses for generated names (no vowels, no 0, 1 or 3).
        /@[a-z0-9-]{1,60}-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}[: ]/.source,
        // Said in words: from inside a pod or the cluster.
        // ("It works from inside the cluster" is where it works: a paste about the outside.)
        /\b(?:desde|dentro de|aus|in|im|do|du|depuis|dans) (?:el |la |le |dem |den |o )?pod\b|\bpods? (?:no pueden|können nicht|können keine|não conseguem|ne peuvent pas)\b|(?<!(?:works?|worked|working|fine|ok|succeeds?|reachable|accessible) )from (?:inside|within) (?:a |the |my |our )?(?:pods?|containers?|cluster)|inside (?:of )?(?:a |the )?(?:pod|container)\b|from (?:a |the |my |our |all )?\(?(?:pods?|containers?)\b|\bin (?:a |the |my )?pod\b|(?:our|the|my) pods (?:in [a-z0-9-]{1,20} )?(?:can|could|are unable|fail)|\bpods? (?:(?:are|is) (?:not able|unable)|cannot|can't|can not|could not|couldn't|fail(?:ed|s)? to|are failing to) (?:to )?(?:reach|connect|communicate|access|resolve|talk|pull|call|ping|curl|send)\b/
          .source,
      ].join('|'),
    ),
  ],
  [
    // (`terraform-20221117...` is a name Terraform gave a resource, an RDS host say: not Terraform running.)
    'outside',
    /unable to connect to the server|the connection to the server|did you specify the right host or port|verify you have provided the correct host and port|\boc login\b|couldn't get current server api group list|memcache\.go|couldn't read version from server|kubernetes cluster unreachable|connectex(?!ception)|winerror|err_connection|err_name_not_resolved|site can.?t be reached|took too long to respond|tcptestsucceeded|test-netconnection|warning: tcp connect to \(|invoke-webrequest|ps c:\\|c:\\users|unable to connect to the remote server|az aks (?:get-credentials|browse|command|install-cli)|\baz login\b|^\$ helm |^helm repo (?:add|update)\b|^error: looks like "[^"\s]{1,300}" is not a valid chart repository|errno 11001|kubelogin|load_kube_config|\bk9s\b|^error when (?:creating|retrieving current configuration of|applying patch|replacing|deleting)[ :]|lensapp|openlens|mongodb compass|pgadmin|dbeaver|datagrip|management studio|\bpostman\b|redisinsight|\bterraform\b(?!-\d)|\.tf line \d|resource "kubernetes_|##\[error\]|hostedtoolcache|(?<!(?:running|runs|hosted|installed|is|lives) (?:in|on) (?:the |my |a )?)\blocal (?:machine|shell|computer|laptop|workstation)\b|(?:from|not|but) outside|from (?:my (?:laptop|machine|browser|computer|pc|mac|macbook|desktop|workstation|home|local)|(?:another|other|a different|any other|an external|external) (?:machines?|computers?|hosts?|pcs?|laptops?|clients?|networks?)|hosts? outside|the internet|on-?prem|(?:a |our |the )?corporate network|(?:the |a )?vpn)|\bexternally\b|(?:on (?:my|a|the)|from (?:a|the)) (?:laptop|macbook|mac|desktop|workstation)\b|in (?:the |my |a )?browser|(?:any |an |the )?external clients?|浏览器|ブラウザ|브라우저|navigateur/,
  ],
  [
    'node',
    /kubelet\[|kubelet\.go|kubelet_node_status|error updating node status|failed to update (?:node )?lease|unable to update node status|@aks-[a-z0-9-]{1,40}:|journalctl|vmsscse|cse exit|containerd\[|failed to pull image|failedcreatepodsandbox|failed to create pod sandbox|back-off pulling image|crictl |docker pull|systemd\[|provisioning of vm extension|vmextensionprovisioningerror/,
  ],
  [
    'pod',
    /^~ \$ |\bwget: |etimedout|^\s{0,8}[iwef]\d{4} \d\d:\d\d:\d\d\.\d{6} +1 [\w.-]{1,60}\.go:\d{1,5}\]|(?:\bkubectl|(?:^|\$ )k)(?: --?[a-z][a-z-]{0,20}(?:[ =][\w.-]{1,63})?){0,3} logs\b|\blogs? (?:files? )?(?:of|for|from) (?:the |my |a |this |our |one )?(?:`?[\w-]{1,60}`? )?(?:pod|container)s?\b|\bpod(?:'s)? logs?\b|reflector\.go|failed to (?:list|watch) \*?v1|failed to get api group-resources|controller-runtime|leaderelection|error retrieving resource lock|nslookup: can|traceback|exception|\bat (?:org|com|java|io|sun|system)\.|urllib3|requests\.exceptions|econnrefused|enotfound|eai_again|in-cluster|system:serviceaccount|busybox|\bpod\/|coredns|plugin\/errors|upstream connect error|no healthy upstream|linkerd|istio-proxy|\b(?:in|out)bound\|\d{1,5}\||calico datastore|calico-kube-controllers|cert-manager(?!\.io)|external-dns|cluster-autoscaler|flux-system|source-controller|kustomize-controller|helm-controller|argocd-repo-server|argocd-application-controller/,
  ],
];

/** The rank of the last CUES entry: words any client prints (an exception, a traceback). */
export const WEAK_CUE = CUES.length - 1;

/**
 * The server itself dialing out (`Error from server: ... dial tcp ...`): the control plane's
 * attempt. True when some `Error from server` in `lower` has a dial on the rest of its line.
 */
function serverDials(lower: string): boolean {
  for (
    let at = lower.indexOf('error from server');
    at >= 0;
    at = lower.indexOf('error from server', at + 1)
  ) {
    const end = lower.indexOf('\n', at);
    if (/(?:dial|dail) tcp/.test(lower.slice(at, end < 0 ? undefined : end))) return true;
  }
  return false;
}

/** The strongest cue a line names, as its rank in CUES (lower is stronger), or null. */
export function lineCue(lower: string): number | null {
  if (serverDials(lower)) return 0;
  const rank = CUES.findIndex(([, cue]) => cue.test(lower));
  return rank < 0 ? null : rank;
}

/** The same cues over a whole text at once, each line start a `^` (one pass per cue, not per line). */
const TEXT_CUES: readonly RegExp[] = CUES.map(([, cue]) => new RegExp(cue.source, 'm'));

/** The strongest cue any line of `lower` names (what lineCue would give for its best line), or null. */
export function textCue(lower: string): number | null {
  if (serverDials(lower)) return 0;
  const rank = TEXT_CUES.findIndex((cue) => cue.test(lower));
  return rank < 0 ? null : rank;
}

export function vantageOf(cue: number | null | undefined): Vantage {
  return cue === null || cue === undefined ? 'unknown' : (CUES[cue]?.[0] ?? 'unknown');
}

/** Azure Application Gateway (and its ingress controller): a load balancer in front of the cluster. */
const APP_GATEWAY = /application gateway|\bappgw\b|\bagic\b/;

/** Phrases on a line that say what the destination is whatever its address (a redacted one too). */
export function lineRole(lower: string): Role | null {
  if (/error dialing backend|백 엔드에 전화 걸기|:10250\b|no preferred addresses found/.test(lower))
    return 'kubelet';
  const proxy = lower.indexOf('proxy error from ');
  if (proxy >= 0 && lower.includes('while dialing', proxy)) return 'kubelet';
  // The API server's own tunnel to the nodes (konnectivity's socket, tunnelfront, aks-link).
  if (/tunnel-uds|konnectivity|tunnelfront|tunnel-front|tunnelend|aks-link/.test(lower)) return 'tunnel';
  if (/failed calling webhook|failed to call webhook|admission webhook|conversion webhook for /.test(lower))
    return 'webhook';
  if (
    /faileddiscoverycheck|no response from https?:|\.metrics\.k8s\.io|unable to handle the request \(get |metrics api\b|trying to reach: '?https?:\/\/[^\s/]{1,253}\/apis\//.test(
      lower,
    )
  )
    return 'aggregated-api';
  if (
    /unable to connect to the server|the connection to the server|couldn't get current server api group list|couldn't read version from server|kubernetes cluster unreachable|unable to register node|failed to get api group-resources|error retrieving resource lock|failed to (?:list|watch) \*?v1|io\.kubernetes\.client\.(?:openapi\.)?apiexception/.test(
      lower,
    )
  )
    return 'apiserver';
  // A proxy in the cluster (Envoy, ingress-nginx) that could not reach the Service's backends.
  // (A 502 from an Application Gateway is the load balancer's own: see TOPICS.)
  if (
    /upstream connect error|no healthy upstream|while connecting to upstream|upstream request timeout|gateway time-?out|" 503 u[fh]\b/.test(
      lower,
    ) ||
    (lower.includes('bad gateway') && !APP_GATEWAY.test(lower))
  )
    return 'cluster-service';
  if (
    /failed to pull image|pulling image|failed to resolve reference|manifests\/|image pull|imagepull|back-off pulling/.test(
      lower,
    )
  )
    return 'registry';
  // An HTTP proxy on the way out (HTTPS_PROXY): the egress path, whatever the final host.
  if (/proxyconnect tcp/.test(lower)) return 'external-host';
  return topicRole(lower);
}

const KUBELET_SUBCOMMAND = /kubectl (?:logs|attach|port-forward|cp|top)\b|kubectl exec(?!.{0,300} -- )/;

/**
 * "kubectl port-forward works", "reachable with kubectl port-forward": the subcommand at `at` is
 * said to work. Read on the words around it (no pattern spans both sides: that would backtrack).
 */
function saidToWork(lower: string, at: number, length: number): boolean {
  const before = lower.slice(Math.max(0, at - 50), at);
  const sentence = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf('\n')) + 1);
  if (/\b(?:via|using|with|through|can|could)\b/.test(sentence)) return true;
  const after = lower.slice(at + length, at + length + 80);
  return /^(?: [^\s]{1,40}){0,3} (?:works?|worked|working|is fine|succeeds?|succeeded)\b/.test(after);
}

/**
 * What a line of a person's own words is about, when it names no address: "the external IP of
 * the load balancer cannot be reached", "pods can no longer connect to the internet".
 */
const TOPICS: [RegExp, Role][] = [
  // kubectl's subcommands that go through the kubelet: logs, exec, attach, port-forward, cp, top
  // (not `kubectl exec pod -- curl x`, where x is the destination and the pod the vantage).
  // A subcommand said to work is what is fine, not the failure: see saidToWork.
  [KUBELET_SUBCOMMAND, 'kubelet'],
  // (A `kubectl get svc` table says more than its EXTERNAL-IP header: see paste-context.ts.
  // A client library's own balancer, `org.redisson.connection.balancer.LoadBalancerManager`, is not one.)
  [
    /(?<!\.)load[ -]?balancer(?!manager|exception|factory|client|impl|strategy)|external[ -]ip|public ip|\bingress\b(?!\.ya?ml)|\bilb\b|\blb ip\b|floating ip|ip extern[oae]|metallb|metal-lb|kube-vip|servicelb|klipper-lb|\blb[ -]ipam\b|\bl2 (?:announcement|advertisement|mode)|\bbgp (?:advertisement|peer)/,
    'load-balancer',
  ],
  [APP_GATEWAY, 'load-balancer'],
  // (Also "the node IP and port", "node ip & port": the NodePort said in words.)
  [/\bnode ?ports?\b|\bnode ?ips? (?:and|&|\+) (?:the )?(?:node ?)?ports?\b/, 'node-port'],
  [/cluster[ _-]?ip|service ip|svc ip|(?:service|svc) ?的 ?ip/, 'cluster-ip'],
  [
    // (Not a mesh proxy's `outbound:` / `outbound|` log tag, which is traffic inside the cluster.)
    /\b(?<!from (?:the )?)internet\b|\boutbound\b(?![:|])|\begress\b|external (?:services?|endpoints?|sites?|hosts?|apis?|urls?|resources?|calls|connections|traffic)|\bwebsites?\b|(?<!from |not |but |hosts? )outside (?:of )?(?:the |our |my )?(?:vnet|cluster|network)|cosmos ?db|azure (?:redis|sql|storage|cdn|blob|service bus)|service ?bus|event ?hubs?|\brds\b|\bs3\b|storage account|\bkey ?vault\b|outside (?:services?|ips?|hosts?|world|resources?|endpoints?|apis?|sites?)|externe[nr]? dienste|servicios externos|serviços externos|azure database for|flexible server|blob storage|sql databases?/,
    'external-host',
  ],
  [/api ?server|kube-apiserver|control plane/, 'apiserver'],
  [/konnectivity|tunnelfront|aks-link/, 'tunnel'],
  // Last: "my service", "the services" said of something in the cluster.
  // ("Azure Kubernetes Service" is AKS itself.)
  [/\b(?:my|the|a|this|our|k8s|(?<!azure )kubernetes) services?\b/, 'cluster-service'],
];

/**
 * What a line of a person's words is about when it says so in passing ("another pod's IP",
 * "the redis service"): read on the failing line only, as a paste's "my node service" may be
 * anything.
 */
const LINE_TOPICS: [RegExp, Role][] = [
  [
    /\bpod(?:'s)? ips?\b|\bpod-to-pod\b|\bbetween (?:the )?pods\b|\b(?:another|other) pods?\b|\bpods? on (?:different|other|another|separate) nodes?\b|\bcross-node\b|\bacross nodes\b/,
    'pod-ip',
  ],
  // (Not a cloud's own: "the app service", "the Azure service", "the storage service".)
  [
    /\b(?:my|the|a|this|our)(?: (?!app |azure |cloud |aws |storage |dns |web )[a-z0-9-]{1,30})? services?\b|\bservice-to-service\b/,
    'cluster-service',
  ],
];

/** `lineTopics`: whether a line's looser subjects (see LINE_TOPICS) count, or only the paste-wide ones. */
export function topicRole(lower: string, lineTopics = true): Role | null {
  const topic =
    TOPICS.find(([rx, role]) => {
      if (role !== 'kubelet') return rx.test(lower);
      const m = rx.exec(lower);
      return m !== null && !saidToWork(lower, m.index, m[0].length);
    }) ?? (lineTopics ? LINE_TOPICS.find(([rx]) => rx.test(lower)) : undefined);
  return topic?.[1] ?? null;
}

/**
 * The subject of a whole paste. A kubectl subcommand that goes through the kubelet is the
 * subject of its own line only: a paste that mentions `kubectl port-forward` (often as what
 * still works) is not about the kubelet for that.
 */
export function pasteTopicRole(lower: string): Role | null {
  return TOPICS.find(([rx, role]) => role !== 'kubelet' && rx.test(lower))?.[1] ?? null;
}

export const VANTAGE_REGEXES: readonly RegExp[] = [
  ...CUES.map(([, rx]) => rx),
  ...TOPICS.map(([rx]) => rx),
  ...LINE_TOPICS.map(([rx]) => rx),
];
