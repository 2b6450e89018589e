/**
 * How tools say what happened to a connection or a lookup, in the words they really print:
 * Go's net package, glibc strerror, curl, wget, nc, busybox, PowerShell, browsers, Python,
 * Node, Java, .NET, Envoy and nginx, and Windows' connectex/WinError text in the languages
 * Windows ships (the same message people paste from a localized laptop). Matched on one
 * lower-cased line; each phrase is a literal, so the whole lexicon is one linear-time pattern.
 */
import type { Outcome } from '../../domain/events.js';
import { phraseTrie } from '../phrase-trie.js';

const PHRASES: Record<Outcome, readonly string[]> = {
  timeout: [
    'i/o timeout',
    'timed out',
    'timed-out',
    // curl 7.7x-8.x: `Failed to connect to x port 80 after 21045 ms: Timeout was reached`.
    'timeout was reached',
    // The AWS SDK for JavaScript v3: `the request socket did not establish a connection with the
    // server within the configured timeout of 3000 ms`.
    'did not establish a connection',
    // curl's own code for a timeout, whatever its message says (`Couldn't connect to server`).
    'curl: (28)',
    // ping: nothing came back (Linux and busybox summary, macOS per packet).
    '100% packet loss',
    'request timeout for icmp_seq',
    // Java's HTTP clients: `Timeout connecting to [host/ip:port]`, `2,500 milliseconds timeout on connection`.
    'timeout connecting to',
    'timeout on connection',
    'timedout',
    'time out',
    'timeout exceeded',
    'deadline exceeded',
    'connect timeout',
    'connecttimeout',
    'connect_timeout',
    // Ruby and Java clients write it without the slash.
    'io timeout',
    'etimedout',
    'errno 110',
    'delayed connect error: 110',
    'delayed_connect_error:_110',
    'winerror 10060',
    'err_connection_timed_out',
    'took too long to respond',
    'tcptestsucceeded : false',
    // Test-NetConnection's warning, which does not say which of the two it was: mostly silence.
    'warning: tcp connect to (',
    'request canceled while waiting for connection',
    'timeout period expired',
    'client.timeout exceeded',
    'upstream timed out',
    'gateway time-out',
    'gateway timeout',
    'ncat: timeout',
    // Windows connectex / WSAETIMEDOUT, localized.
    'did not properly respond after a period of time',
    'a connection attempt failed',
    'une tentative de connexion a échoué',
    "délai d'attente",
    "délai d'expiration",
    'zeitüberschreitung',
    'ein verbindungsversuch ist fehlgeschlagen',
    'tiempo de espera',
    'se produjo un error durante el intento de conexión',
    'uma tentativa de conexão falhou',
    'een verbindingspoging is mislukt',
    '시간 제한',
    '시간이 초과',
    '응답이 없어 연결하지 못했',
    'タイムアウト',
    '一定の時間を過ぎても正しく応答しなかった',
    '超时',
    '連線嘗試失敗',
    '连接尝试失败',
    'risposta non corretta della parte connessa',
    'за требуемое время не получен',
    // glibc's ETIMEDOUT and browsers.
    'wartezeit für die verbindung ist abgelaufen',
    'tiempo de conexión agotado',
    'tempo esgotado para conexão',
    'время ожидания соединения истекло',
    '시간 초과',
    "can't reach this page",
    "this site can't be reached",
    // Typed by hand, the apostrophe is often left out.
    'site cant be reached',
    'site can not be reached',
    'e/a-timeout',
    'timeout period expired',
    // A person's own words for it.
    'timing out',
    'times out',
    'is timeout',
    'was timeout',
    'timeouts',
    'just hangs',
    'curl hangs',
    'connection hangs',
    'request hangs',
    'requests hang',
    'hangs forever',
    'keeps loading',
    'keep loading',
    'get timeout',
    'got timeout',
    'getting timeout',
    'gets timeout',
    'connection timeout',
    // The person gave up waiting and pressed Ctrl-C (see outcomeOf: only on a line of its own).
    '^c',
  ],
  refused: [
    'connection refused',
    'refused to connect',
    'actively refused',
    'econnrefused',
    'errno 111',
    // Envoy's transport failure reason, in its reply and its access log: the errno of the connect.
    'delayed connect error: 111',
    'delayed_connect_error:_111',
    'winerror 10061',
    'err_connection_refused',
    'connexion refusée',
    "l'ordinateur cible l'a expressément refusée",
    'verbindung abgelehnt',
    'verweigert',
    'conexión rehusada',
    'denegó expresamente',
    'conexão recusada',
    'recusou ativamente',
    'verbinding geweigerd',
    'weigerde',
    '연결이 거부',
    '연결을 거부',
    '接続が拒否',
    '接続を拒否',
    '拒否されました',
    '拒绝连接',
    '积极拒绝',
    '拒絕連線',
    '連線遭拒',
    '拒否された',
    'actief heeft geweigerd',
    'rifiuto persistente',
    'connessione rifiutata',
    'отверг запрос',
    'отказано в соединении',
  ],
  reset: [
    'connection reset',
    'reset by peer',
    'econnreset',
    'errno 104',
    'winerror 10054',
    'forcibly closed',
    'err_connection_reset',
    'disconnect/reset before headers',
    // kubectl: the server (or a proxy in front of it) closed the connection.
    'unable to connect to the server: eof',
    // Go's url.Error when the other end closed the connection: `Get "https://...": EOF`.
    '": eof',
    'error reading from server: eof',
    'os error 10054',
    "fermée par l'hôte distant",
    'vom remotehost geschlossen',
    // curl (35): the TLS handshake was cut off after the TCP connection opened.
    'ssl_error_syscall',
    // curl (52): the server closed the connection without a word.
    'empty reply from server',
    'empty reply from the server',
    'unknown ssl protocol error',
    // Node's, Chrome's and Python's words for a connection closed with no answer.
    'socket hang up',
    'err_empty_response',
    'remote end closed connection without response',
    'econnaborted',
    'software caused connection abort',
  ],
  unreachable: [
    'destination host unreachable',
    'no route to host',
    'network is unreachable',
    'host is unreachable',
    'unreachable host',
    'unreachable network',
    'ehostunreach',
    'enetunreach',
    'errno 113',
    'delayed connect error: 113',
    'delayed_connect_error:_113',
    'winerror 10065',
    'winerror 10051',
    'err_address_unreachable',
    'keine route zum zielrechner',
    "aucun chemin d'accès pour atteindre l'hôte",
    'no hay ruta hasta el host',
    'нет маршрута до узла',
    'socket operation was attempted to an unreachable',
  ],
  'tls-timeout': ['tls handshake timeout'],
  nxdomain: [
    'no such host',
    'nxdomain',
    "can't find",
    'non-existent domain',
    'could not resolve host',
    'could not resolve',
    "couldn't resolve",
    'name or service not known',
    'name does not resolve',
    'nodename nor servname',
    'unknownhostexception',
    'unknown host',
    'enotfound',
    'err_name_not_resolved',
    'bad address',
    "can't resolve",
    'unable to resolve',
    // (Not 'failed to resolve': containerd resolves image references and tools their dependencies.)
    'failing to resolve',
    'fails to resolve',
    'errno -2',
    'errno 11001',
    'getaddrinfo failed',
    'no address associated with hostname',
    'could not be resolved',
    'nom ou service inconnu',
    'name oder dienst nicht bekannt',
    'nombre o servicio desconocido',
    'nome o servizio sconosciuto',
    'hôte inconnu',
    'host ist unbekannt',
    'そのようなホストは不明です',
    '호스트를 알 수 없습니다',
    'no such host is known',
    // Windows' DNS client (Resolve-DnsName, DNS_ERROR_RCODE_NAME_ERROR).
    'dns name does not exist',
    // MongoDB's and ClickHouse's clients (`SocketException: Host not found (authoritative)`).
    'host not found',
  ],
  'dns-timeout': [
    'no servers could be reached',
    'dns request timed out',
    'délai de requête dns dépassé',
    'errno -3',
  ],
  'dns-failure': [
    'server misbehaving',
    'temporary failure in name resolution',
    // apt: `Temporary failure resolving 'archive.ubuntu.com'`.
    'temporary failure resolving',
    'eai_again',
    // .NET on Linux: EAI_AGAIN as the socket error's text.
    'httprequestexception: resource temporarily unavailable',
    'socketexception (00000001, 11): resource temporarily unavailable',
    'servfail',
    'server failure',
    'échec temporaire dans la résolution du nom',
    'temporärer fehler bei der namensauflösung',
    'falha temporária na resolução de nome',
    'fallo temporal en la resolución del nombre',
    // redis-py prints getaddrinfo's code: -3 is EAI_AGAIN.
    'error -3 connecting to',
    // Azure Monitor's agent, blobfuse and other native clients in their own words.
    'error resolving address',
    'failed to resolve address',
    'dns server lookup failed',
    'dns lookup failed',
    'dns resolution failed',
    'dns resolution failure',
    // kube-dns's dnsmasq at its limit of queries in flight: the rest go unanswered.
    'maximum number of concurrent dns queries reached',
    // libpq (psql, psycopg, every PostgreSQL driver on it), whatever getaddrinfo said after it;
    // `to address: try again` is its EAI_AGAIN.
    'could not translate host name',
    'to address: try again',
  ],
  // RBAC denials are read by denialAt() below; these are Kubernetes clients that print only the status.
  forbidden: [
    'io.kubernetes.client.apiexception: forbidden',
    'io.kubernetes.client.openapi.apiexception: forbidden',
    "configured service account doesn't have access",
    'apiexception: (403)',
    // The .NET client (Autorest) and the Application Insights agent print only the status name.
    "invalid status code 'forbidden'",
    'status code: forbidden',
    // Python requests and aiohttp (see outcomeOf: only for a Kubernetes API path).
    '403 client error: forbidden for url',
    "403, message='forbidden'",
    // RBAC's escalation check: a role may grant only what its author holds.
    'is forbidden: attempt to grant extra privileges',
    // okhttp (the Java client) when exec's or attach's upgrade is refused.
    "expected http 101 response but was '403 forbidden'",
  ],
  'no-endpoints': [
    'no endpoints available',
    'does not have any active endpoint',
    'no healthy upstream',
    'no running pod',
    // minikube's exit code for the same (`minikube service` with no running pod behind it).
    'svc_unreachable',
    'service not available',
    'endpoints not found',
    'endpoints not available',
    'has no endpoints',
    // Traefik: `Skipping service: no endpoints found`.
    'no endpoints found',
    // ingress-nginx's own page when the Service behind a rule has no ready endpoint.
    'service temporarily unavailable',
    // HAProxy's own 503 page.
    'no server is available to handle this request',
    // Envoy's access log: 503 with flag UH, no healthy upstream host.
    '" 503 uh ',
    // ingress-nginx: the Service a rule names is not in its cache (gone, or never created).
    'error obtaining endpoints for service',
  ],
  'no-agent': ['no agent available'],
  failed: [
    // Envoy's access log: 503 with flag UF, the upstream connection failed. (Its detail
    // `connection_failure` is also what a TLS mismatch with the upstream gives; a bare 502 is
    // what a backend that speaks the wrong protocol or crashes mid-answer gives.)
    '" 503 uf',
    // Tools that do not say why (apk, git, some SDKs), and the usual ways people say it, in the
    // languages of the teams that paste here.
    'could not connect to server',
    "couldn't connect to server",
    'unable to connect to',
    'cannot connect to',
    "can't connect to",
    'can not connect to',
    'could not connect to',
    'unable to reach',
    'cannot reach',
    "can't reach",
    'can not reach',
    'not able to reach',
    'unable to access',
    'cannot access',
    "can't access",
    'can not access',
    'not able to access',
    'cannot be reached',
    "can't be reached",
    'cannot be accessed',
    'not reachable',
    'not accessible',
    'inaccessible',
    'unaccessible',
    'is unreachable',
    'are unreachable',
    'was unreachable',
    'were unreachable',
    'could not reach',
    "couldn't reach",
    'not responding',
    'stopped responding',
    'does not respond',
    "doesn't respond",
    'not working',
    "doesn't work",
    'does not work',
    "isn't working",
    'stopped working',
    'failed to connect to',
    'error connecting to',
    "couldn't connect to",
    // gRPC's own words for a connection that could not be made.
    'transport: error while dialing',
    'unavailable: io exception',
    // Kafka clients: `Connection to node -1 (host/ip:9092) could not be established. Broker may
    // not be available.` (Not the bare phrase: .NET's "The SSL connection could not be
    // established" is a certificate problem.)
    'could not be established. broker may not be available',
    'code = unavailable desc = connection error',
    'no response from',
    'connection failed',
    'unable to make',
    'cannot make',
    "can't make",
    'not able to establish connection',
    'cannot route traffic',
    "can't route traffic",
    'not able to communicate',
    'unable to communicate',
    'cannot communicate',
    "can't communicate",
    'could not communicate',
    // The API server found no address of the node to dial (logs, exec).
    'no preferred addresses found',
    'unable to establish connection',
    'no longer connect',
    'no longer reach',
    'no longer access',
    'with no success',
    'without success',
    'was unsuccessful',
    'were unsuccessful',
    // Network policy controllers logging the packets they drop.
    'blocked by weave npc',
    'drop if no policies passed packet',
    'policy denied',
    'unable to ping',
    'cannot ping',
    "can't ping",
    'blocked by',
    'network error',
    // The aggregator could not get an answer from the API's Service (metrics-server and the like).
    'the server is currently unable to',
    // The API server's proxy to a kubelet or pod: `proxy error from ... while dialing <ip>:<port>`.
    'while dialing',
    '无法访问',
    '访问不了',
    '不通',
    '连不上',
    '连接不上',
    '无法连接',
    '访问不到',
    '不能访问',
    '无法正常访问',
    '不工作',
    '不好使',
    '연결이 안',
    '接続できません',
    '接続できない',
    'アクセスできません',
    'アクセスできない',
    '접속이 안',
    '접속할 수 없',
    '연결할 수 없',
    "impossible d'accéder",
    'impossible de se connecter',
    'impossible de joindre',
    'kan geen verbinding',
    'niet bereikbaar',
    'nicht erreichbar',
    'no se puede acceder',
    // "ends in a timeout", as people write it in Spanish, Portuguese, German, Italian.
    'termina en timeout',
    'da timeout',
    'dar timeout',
    'em timeout',
    'einen timeout',
    'in timeout',
    'se queda colgado',
    'no se puede conectar',
    'no pueden conectarse',
    'no puede conectarse',
    'no logro conectar',
    'no responde',
    'sin respuesta',
    'nicht erreichen',
    'keine verbindung',
    'não consigo acessar',
    'não consigo conectar',
    'não conseguem acessar',
    'não conseguem conectar',
    'não responde',
    'sem resposta',
    'ne répond pas',
    'aucune réponse',
  ],
  'no-ips': [
    'ip_space_exhausted',
    'ran out of ips',
    'out of ip addresses',
    'no ip addresses available',
    'no available ip addresses',
    'no available ip',
    'no available addresses',
    'no more ips available',
    'not enough ips available',
    'not enough ip addresses',
    'failed to allocate address',
    'failed to allocate ip',
    'unable to allocate ip',
    'failed to assign an ip address',
    'ip address pool exhausted',
    'ipam exhausted',
    'subnetisfull',
    'subnet is full',
    'insufficientsubnetsize',
    'no remaining cidrs',
    'cidrnotavailable',
    'cidr allocation failed',
    'exceeds ips available in subnet',
    'addresses exhausted',
    'address exhaustion',
    'failed to allocate for range',
    'no free ip',
    'addresses available in pool',
    'no available ipv4 addresses',
    // Kube-OVN's CNI daemon, after waiting for its controller's IPAM.
    'no address allocated to pod',
    'no available ipv6 addresses',
    'no ipv4 addresses available',
    'no ipv6 addresses available',
    'per host block limit',
    'range is full',
    'insufficientpodcidr',
    'pre-allocated ips',
    // Other IPAMs' words for the same thing: Cilium's pools, AWS VPC CNI, Whereabouts, kube-ovn.
    'pool empty',
    'no available ip/prefix addresses',
    'does not have available addresses',
    'insufficientfreeaddressesinsubnet',
    'not have enough free addresses',
    'could not allocate ip',
    'noavailableaddress',
    'failed to allocate podcidrs',
    // flannel on a node the controller gave no pod range (the cluster CIDR has none left, or none was set).
    'pod cidr not assigned',
    // Cilium's agent when its pool (Azure, ENI or cluster-pool IPAM) has nothing to hand out.
    'waiting for ips to become available',
  ],
};

/**
 * A Kubernetes RBAC denial in any client's wording: `... forbidden: User "x" cannot <verb> ...`
 * (the subject within 200 characters after `forbidden`), or `User "x" cannot <verb> resource`.
 */
const SUBJECT_CANNOT = /\b(?:user|serviceaccount|group) "?[^"\s]{1,256}"? cannot [a-z]{2,20}\b/;
const USER_CANNOT_RESOURCE =
  /\buser "[^"]{1,256}" cannot [a-z]{2,20} (?:resource|[a-z]{1,63}(?:\/[a-z]{1,30})? (?:in|at))/;

/** Where on the line an RBAC denial starts, or -1. */
function denialAt(line: string): number {
  const subject = SUBJECT_CANNOT.exec(line);
  if (subject) {
    const forbidden = line.lastIndexOf('forbidden', subject.index);
    if (forbidden >= 0 && subject.index - forbidden <= 220) return forbidden;
  }
  return USER_CANNOT_RESOURCE.exec(line)?.index ?? -1;
}

/**
 * Phrases that contain an outcome's words but report no network attempt: helm's and kubectl
 * wait's own deadline, Envoy's streams the upstream ended. Being longer, they win the
 * alternation and are then dropped.
 */
const NOT_OUTCOMES = [
  'timed out waiting for the condition',
  // Envoy's route timeout (15 s unless set): the upstream took the request and was slow to answer
  // (a path that drops gets `upstream connect error ... connection failure` or `... timeout`).
  'upstream request timeout',
  // Envoy's upstream answered and then closed or refused the stream (an app, protocol or limit
  // matter); only `reset reason: connection failure` says it could not be reached.
  'disconnect/reset before headers. reset reason: connection termination',
  'disconnect/reset before headers. reset reason: remote reset',
  'disconnect/reset before headers. reset reason: overflow',
];

/** Which outcome each phrase says (null: none). */
const OUTCOME_OF = new Map<string, Outcome | null>([
  ...(Object.entries(PHRASES) as [Outcome, readonly string[]][]).flatMap(([outcome, phrases]) =>
    phrases.map((p): [string, Outcome] => [p, outcome]),
  ),
  ...NOT_OUTCOMES.map((p): [string, null] => [p, null]),
]);

/** Every phrase, as one trie (phrase-trie.ts): the longest phrase at a position wins, so `dns request timed out` over `timed out`. */
export const OUTCOME_PHRASES: readonly string[] = [...OUTCOME_OF.keys()];
const PHRASE = new RegExp(phraseTrie(OUTCOME_PHRASES), 'g');

/**
 * A person's own words for a connection that failed, read as a grammar rather than listed: a
 * negation, at most two softeners, then reaching the thing ("I'm not able to curl", "the IP
 * doesnt respond", "isn't accessible from outside"). What follows the verb is left to the
 * destination and role readers. (Not `open` or `load`: "cannot open file" is a program's.)
 * The word lists are tries, as the pattern is tried at every position of a big log.
 */
const NEGATIONS = [
  'unable to',
  'not able to',
  'cannot',
  "can't",
  'cant',
  'can not',
  'could not',
  "couldn't",
  'couldnt',
  "won't",
  'will not',
  "doesn't",
  'doesnt',
  'does not',
  "don't",
  'dont',
  'do not',
  "didn't",
  'didnt',
  'did not',
  "isn't",
  'isnt',
  'is not',
  "aren't",
  'arent',
  'are not',
  "wasn't",
  'was not',
  "weren't",
  'were not',
  "hasn't",
  'has not',
  "haven't",
  'have not',
  "hadn't",
  'had not',
  'never',
];
const SOFTENERS = [
  'be',
  'been',
  'get',
  'successfully',
  'even',
  'seem to',
  'seems to',
  'manage to',
  'able to',
  'really',
  'publicly',
  'externally',
];
const REACHING = [
  'curl',
  'wget',
  'telnet',
  'hit',
  'browse',
  'get to',
  'get through',
  'get any response',
  'get a response',
  'respond',
  'answer',
  'reply',
  'reachable',
  'accessible',
  'responding',
  'responsive',
  'connect',
  'reach',
  'access',
];
const SAID_FAILED = new RegExp(
  `\\b${phraseTrie(NEGATIONS)} (?:${phraseTrie(SOFTENERS)} ){0,2}${phraseTrie(REACHING)}(?:s|es|ed|ing)?\\b` +
    // "doesn't respond with errors" answered; "never reaches Ready" is a pod's state.
    '(?! with\\b| (?:ready|running|healthy|completed?|the [a-z-]{1,30} (?:stage|step|phase|state))\\b)',
);
/**
 * The same for a timeout told rather than printed: "any request results in a timeout", "I get
 * timeouts" ("it times out" is already a phrase).
 */
const TOLD = [
  'results in ',
  'result in ',
  'resulting in ',
  'ends in ',
  'ends with ',
  'ends up in ',
  'ends up with ',
  'end in ',
  'end with ',
  'end up in ',
  'end up with ',
  'get ',
  'gets ',
  'getting ',
  'got ',
  'giving ',
  'gives ',
  'gave ',
  'throw ',
  'throws ',
  'return ',
  'returns ',
  'returning ',
  'receive ',
  'received ',
  'see ',
  'seeing ',
];
const SAID_TIMEOUT = new RegExp(
  `\\b${phraseTrie(TOLD)}(?:only )?(?:a |an |the )?(?:connection |network |request |gateway )?time-?outs?\\b`,
);
/** "It works from the node but not from outside": the contrast names where it fails. */
const SAID_NOT_FROM =
  /\bbut not (?:from |on |in |via |through )?(?:outside|externally|my |the |a |another |other |any |an? external|remote)/;
/**
 * Silence told as a subject: "nothing answers on it", "I get no response", "curl just hangs",
 * "requests stopped getting through", "packets get dropped".
 */
const SAID_NOTHING =
  /\bnothing (?:answers|responds|replies|comes back)\b|\b(?:get|gets|got|getting|receive|received) no (?:answer|response|reply)\b|\b(?:curl|wget|telnet|nc|ncat|ssh|connection|request|the page|browser)(?:-?ing)? (?:just |simply |always |still |only )?hangs?\b|\b(?:stopped|not|never|aren't|isn't) getting through\b|\b(?:get|gets|getting|got|are|were|being|is|was) (?:silently )?dropped\b/;
/**
 * Running out of addresses told in any words: "has not enough IpAddress", "an insufficient
 * number of IP addresses", "ran out of spare IPs", "exhausts the node's entire IP pool", "IP
 * allocation failure". A SNAT, public or frontend IP running out is the load balancer's matter
 * (outcomeOf reads the word before).
 */
const SAID_NO_IPS = new RegExp(
  [
    '\\b(?:not enough|insufficient(?: number of)?|ran out of|run(?:s|ning)? out of|no (?:more|spare|remaining|usable)) (?:free |available |usable |remaining |pod |private |spare )?(?:ip ?addresses|ip ?address|ips|ipv[46] addresses)\\b',
    '\\bip (?:address )?(?:allocation|assignment) (?:failures?|failed|fails|errors?)\\b',
    "\\bexhaust(?:s|ed|ing)? (?:the |all |its |our |their )?(?:node's |pod |entire |whole |available )*(?:ips|ip addresses|ip (?:address )?pool)\\b",
    '\\bip(?: address)?(?: pool| range| space)? (?:is|are|was|were|has been|have been|got|gets) (?:exhausted|depleted|used up)\\b',
  ].join('|'),
);
const NOT_POD_IP = /\b(?:snat|public|outbound|frontend|external|elastic|floating) $/;
const SAID: readonly [RegExp, Outcome][] = [
  [SAID_NO_IPS, 'no-ips'],
  [SAID_NOTHING, 'timeout'],
  [SAID_TIMEOUT, 'timeout'],
  [SAID_FAILED, 'failed'],
  [SAID_NOT_FROM, 'failed'],
];
/** The words any of those starts with: a big log's focus keeps the lines that have one. */
export const SAID_WORDS: readonly string[] = [
  ...NEGATIONS,
  'nothing',
  'but not',
  'timeout',
  'timeouts',
  'time-out',
  'hang',
  'hangs',
  'getting through',
  'dropped',
  'not enough',
  'insufficient',
  'ran out',
  'run out',
  'runs out',
  'running out',
  'no more',
  'no spare',
  'no remaining',
  'no usable',
  'exhaust',
  'ip allocation',
  'ip address allocation',
  'ip assignment',
  'ip address assignment',
  'exhausted',
  'depleted',
  'used up',
];
const SAID_ANY = SAID.map(([rx]) => rx.source).join('|');

/** Where an RBAC denial may be (outcomeOf reads the line to be sure). */
const RBAC_HINT = /forbidden|cannot [a-z]{2,20} resource/;

/** Every phrase of every outcome, for the single pass over a paste, which is lower-cased first. */
export const ANY_OUTCOME_LOWER = new RegExp(`${PHRASE.source}|${RBAC_HINT.source}|${SAID_ANY}`, 'g');

export interface OutcomeAt {
  outcome: Outcome;
  /** Where the phrase starts on the line. */
  at: number;
}

/**
 * The outcome a prefilter hit stands for, its position made relative to its line. `forbidden`
 * and `cannot ... resource` hits count only when the line is a Kubernetes RBAC denial.
 */
export function outcomeOf(hit: string, lower: string, lineStart: number, index: number): OutcomeAt | null {
  const outcome = OUTCOME_OF.get(hit);
  if (hit === '^c')
    return ctrlCAlone(lower, lineStart, index) ? { outcome: 'timeout', at: index - lineStart } : null;
  if (ONLY_FOR_KUBE_API.has(hit))
    return KUBE_API_URL.test(lower.slice(index + hit.length, index + hit.length + 400))
      ? { outcome: 'forbidden', at: index - lineStart }
      : null;
  if (outcome === undefined) {
    const said = SAID.find(([rx]) => rx.test(hit))?.[1];
    if (said === 'no-ips' && NOT_POD_IP.test(lower.slice(Math.max(lineStart, index - 12), index)))
      return null;
    if (said) return { outcome: said, at: index - lineStart };
  }
  if (outcome && runsOn(hit, lower, index)) return null;
  if (outcome === 'timeout') {
    const line = lineAround(lower, lineStart, index);
    if (helmWait(line) || slowUpstream(line)) return null;
  }
  if (
    (outcome === 'reset' || outcome === 'failed') &&
    tlsHandshakeFailed(lineAround(lower, lineStart, index))
  )
    return null;
  if (outcome === 'nxdomain' && hit.endsWith('resolve') && resolvesAThing(lower, index + hit.length))
    return null;
  if (outcome) return { outcome, at: index - lineStart };
  if (outcome === null) return null;
  const at = denialAt(lineAround(lower, lineStart, index));
  return at >= 0 && at <= index - lineStart && index - lineStart - at < 600
    ? { outcome: 'forbidden', at }
    : null;
}

/**
 * Build tools and compilers resolve other things than hosts: "could not resolve dependencies",
 * "unable to resolve dependency tree", "cannot resolve symbol", gradle's "could not resolve all
 * files", MSAL's "unable to resolve an endpoint" (its authority discovery, whatever failed under
 * it). `from` is where the text after "resolve" starts. (People's own "unable to resolve the
 * address" or "... DNS names" are lookups and stay so.)
 */
export function resolvesAThing(lower: string, from: number): boolean {
  return RESOLVED_THING.test(lower.slice(from, from + 40));
}
const RESOLVED_THING =
  /^ (?:all|an? (?:endpoint|authority)|dependenc(?:y|ies)|symbols?|references?|modules?|imports?|types?|plugins?|artifacts?|peers?|placeholders?|templates?|variables?|versions?|conflicts?|packages?|merge conflicts?)\b(?![.-])/;

/**
 * `helm ... --wait` timing out is helm's own deadline for the release to be ready, not a
 * connection (unless the line also says a dial failed).
 */
function helmWait(line: string): boolean {
  return /--wait\b|\bwait\.go:/.test(line) && !/dial tcp|i\/o timeout|connection timed out/.test(line);
}

/**
 * nginx timing out "while reading response header from upstream" had connected and sent the
 * request: the upstream is slow to answer, which is the application's time, not a path that
 * drops packets ("while connecting to upstream" is the connection itself).
 */
function slowUpstream(line: string): boolean {
  return /while reading (?:response header from )?upstream/.test(line);
}

/**
 * Envoy's `transport failure reason: TLS_error: ... WRONG_VERSION_NUMBER`: it connected and the
 * TLS handshake failed (mTLS to a plain-text port, a protocol mismatch), which is configuration,
 * not a path that drops.
 */
function tlsHandshakeFailed(line: string): boolean {
  return line.includes('transport failure reason: tls_error');
}

/** The line of `lower` that starts at `lineStart` and holds `index`. */
function lineAround(lower: string, lineStart: number, index: number): string {
  const end = lower.indexOf('\n', index);
  return lower.slice(lineStart, end < 0 ? undefined : end);
}

/**
 * A phrase that ends in a letter and runs on into a longer word is part of an identifier
 * (`timeoutSeconds`, `timeouts_total`), not a report; `...Exception` and `...Error` still count.
 */
function runsOn(hit: string, lower: string, index: number): boolean {
  if (!/[a-z]$/.test(hit)) return false;
  const next = lower.slice(index + hit.length, index + hit.length + 9);
  return /^[a-z]/.test(next) && !/^(?:exception|error|s(?![a-z]))/.test(next);
}

/** A Kubernetes API request URL just after a status (`403, message='Forbidden', url=URL('https://...')`). */
const KUBE_API_URL = /^[^\n]{0,20}?https?:\/\/[^\s/]{1,253}\/(?:api\/v1|apis\/[a-z0-9.-]{1,100}\/v\d)/;
/** Client libraries' bare 403s: RBAC only when the URL is the Kubernetes API's. */
const ONLY_FOR_KUBE_API = new Set(['403 client error: forbidden for url', "403, message='forbidden'"]);

/** `^C` counts when it is all the line holds (after a prompt at most): the command was waiting. */
function ctrlCAlone(lower: string, lineStart: number, index: number): boolean {
  const end = lower.indexOf('\n', index);
  const after = lower.slice(index + 2, end < 0 ? undefined : end).trim();
  const before = lower.slice(lineStart, index).trim();
  return after === '' && (before === '' || /[#$>]$/.test(before));
}

/**
 * For the ReDoS test. ANY_OUTCOME_LOWER is PHRASE, RBAC_HINT and the SAID patterns side by side,
 * none inside a repetition, so what it costs at a position is the sum of what they cost: each is
 * checked on its own (the whole is too big for recheck to judge within its time on a busy machine).
 */
export const OUTCOME_REGEXES: readonly RegExp[] = [
  PHRASE,
  RBAC_HINT,
  SAID_FAILED,
  SAID_TIMEOUT,
  SAID_NOT_FROM,
  SAID_NOTHING,
  SAID_NO_IPS,
  SUBJECT_CANNOT,
  USER_CANNOT_RESOURCE,
  KUBE_API_URL,
  RESOLVED_THING,
];
