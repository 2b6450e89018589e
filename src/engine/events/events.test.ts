/**
 * The event reader on lines as the tools print them: the same failure must come out as the
 * same event whichever tool, language or redaction it is written in.
 */
import { readEvents } from './index.js';

const first = (text: string) => {
  const e = readEvents(text)[0];
  return e ? { outcome: e.outcome, role: e.role, vantage: e.vantage, port: e.dest.port } : null;
};

describe('network events', () => {
  it.each([
    [
      'kubectl through Go net',
      'Unable to connect to the server: dial tcp 20.31.5.6:443: i/o timeout',
      { outcome: 'timeout', role: 'apiserver', vantage: 'outside', port: 443 },
    ],
    [
      'kubectl on Windows (connectex)',
      'Unable to connect to the server: dial tcp 52.143.1.2:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time',
      { outcome: 'timeout', role: 'apiserver', vantage: 'outside', port: 443 },
    ],
    [
      'connectex in Japanese',
      'Unable to connect to the server: dial tcp 52.143.1.2:443: connectex: 接続済みの呼び出し先が一定の時間を過ぎても正しく応答しなかったため、接続できませんでした。',
      { outcome: 'timeout', role: 'apiserver', vantage: 'outside', port: 443 },
    ],
    [
      'a redacted address still classified by its context',
      'Unable to connect to the server: dial tcp X.X.X.X:YYY: i/o timeout',
      { outcome: 'timeout', role: 'apiserver', vantage: 'outside', port: undefined },
    ],
    [
      'an in-cluster controller on the kubernetes Service',
      'E0101 12:00:00.000000 1 reflector.go:147] failed to list *v1.Pod: Get "https://10.0.0.1:443/api/v1/pods?limit=500": dial tcp 10.0.0.1:443: i/o timeout',
      { outcome: 'timeout', role: 'apiserver-service', vantage: 'pod', port: 443 },
    ],
    [
      'the API server dialing the kubelet',
      'Error from server: Get "https://aks-nodepool1-12345678-vmss000000:10250/containerLogs/default/web/web": dial tcp 10.224.0.4:10250: i/o timeout',
      { outcome: 'timeout', role: 'kubelet', vantage: 'control-plane', port: 10250 },
    ],
    [
      'a webhook call timing out',
      'Internal error occurred: failed calling webhook "validate.nginx.ingress.kubernetes.io": failed to call webhook: Post "https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s": context deadline exceeded',
      { outcome: 'timeout', role: 'webhook', vantage: 'control-plane', port: 443 },
    ],
    [
      'a Go lookup through CoreDNS',
      'dial tcp: lookup login.microsoftonline.com on 10.0.0.10:53: read udp 10.244.0.12:45678->10.0.0.10:53: i/o timeout',
      { outcome: 'dns-timeout', role: 'external-host', vantage: 'unknown', port: undefined },
    ],
    [
      'busybox wget',
      "/ # wget -qO- http://api.example.com\nwget: bad address 'api.example.com'",
      { outcome: 'nxdomain', role: 'external-host', vantage: 'pod', port: undefined },
    ],
    [
      'curl from a pod to a ClusterIP',
      'kubectl exec -it client -- curl -v http://10.0.123.45:8080\ncurl: (28) Failed to connect to 10.0.123.45 port 8080 after 130000 ms: Connection timed out',
      { outcome: 'timeout', role: 'cluster-ip', vantage: 'pod', port: 8080 },
    ],
    [
      'nc refused',
      'nc: connect to 10.224.0.5 port 10250 (tcp) failed: Connection refused',
      { outcome: 'refused', role: 'kubelet', vantage: 'unknown', port: 10250 },
    ],
    [
      'a registry pull through a silent firewall',
      'Failed to pull image "mcr.microsoft.com/oss/nginx/nginx:1.25": failed to do request: Head "https://mcr.microsoft.com/v2/oss/nginx/nginx/manifests/1.25": dial tcp 204.79.197.219:443: i/o timeout',
      { outcome: 'timeout', role: 'registry', vantage: 'node', port: 443 },
    ],
    [
      'Node.js',
      'Error: connect ETIMEDOUT 20.50.2.3:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
      { outcome: 'timeout', role: 'public-ip', vantage: 'pod', port: 443 },
    ],
    [
      'Python requests',
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.contoso.com', port=443): Max retries exceeded with url: / (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'))",
      { outcome: 'dns-timeout', role: 'external-host', vantage: 'pod', port: 443 },
    ],
    [
      'Envoy in front of a Service',
      'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
      { outcome: 'reset', role: 'cluster-service', vantage: 'pod', port: undefined },
    ],
    [
      'ingress-nginx with nothing behind a Service',
      'W1123 10:00:00.000000 7 controller.go:1214] Service "shop/web" does not have any active Endpoint.',
      { outcome: 'no-endpoints', role: 'cluster-service', vantage: 'unknown', port: undefined },
    ],
    [
      'an RBAC denial from a client library',
      'pods is forbidden: User "system:serviceaccount:ci:deployer" cannot list resource "pods" in API group "" at the cluster scope',
      { outcome: 'forbidden', role: 'unknown', vantage: 'pod', port: undefined },
    ],
    [
      'konnectivity with no agent',
      'Error from server: error dialing backend: No agent available',
      { outcome: 'no-agent', role: 'kubelet', vantage: 'control-plane', port: undefined },
    ],
  ])('%s', (_tool, text, want) => {
    expect(first(text)).toEqual(want);
  });

  it('reads a log position as a position, not a destination', () => {
    const [e] = readEvents(
      'E1123 memcache.go:265] Get "https://10.0.0.1:443/api": dial tcp 10.0.0.1:443: i/o timeout',
    );
    expect(e?.dest).toEqual({ ip: '10.0.0.1', port: 443 });
  });

  it('finds nothing in a line that reports success', () => {
    expect(readEvents('Connection to 10.224.0.5 10250 port [tcp/*] succeeded!')).toEqual([]);
  });

  it('stays bounded on a log full of failures', () => {
    const log = Array.from(
      { length: 5_000 },
      (_, i) => `dial tcp 10.1.${i % 250}.${i % 200}:80: i/o timeout`,
    ).join('\n');
    expect(readEvents(log).length).toBeLessThanOrEqual(200);
  });
});

describe('tool output that is itself the failure', () => {
  it('reads an empty Endpoints field of kubectl describe service', () => {
    const text = [
      'Name:              web',
      'Namespace:         shop',
      'Selector:          app=web-frontend',
      'Type:              ClusterIP',
      'IP:                10.0.143.12',
      'Port:              http  80/TCP',
      'TargetPort:        8080/TCP',
      'Endpoints:         <none>',
      'Session Affinity:  None',
    ].join('\n');
    expect(readEvents(text).map((e) => e.outcome)).toEqual(['no-endpoints']);
  });

  it('reads a blank ENDPOINTS column (newer kubectl), and not the rows of the next table', () => {
    const text = [
      '$ kubectl get endpoints,services',
      'NAME                       ENDPOINTS           AGE',
      'endpoints/redis-master     10.32.0.8:6379      3h9m',
      'endpoints/redis-slave                          3h9m',
    ].join('\n');
    expect(readEvents(text).map((e) => e.outcome)).toEqual(['no-endpoints']);
    expect(
      readEvents(text.replace('endpoints/redis-slave  ', 'endpoints/redis-slave 10.32.0.9:6379')),
    ).toEqual([]);
  });

  it('reads <none> in kubectl get endpoints', () => {
    expect(readEvents('NAME   ENDPOINTS   AGE\nweb    <none>      3m').map((e) => e.outcome)).toEqual([
      'no-endpoints',
    ]);
  });

  it('reads a full Cilium IPAM pool, and not one with room left', () => {
    expect(readEvents('IPAM:                   IPv4: 254/256 allocated from 10.0.1.0/24,')[0]?.outcome).toBe(
      'no-ips',
    );
    expect(readEvents('IPAM:                   IPv4: 12/256 allocated from 10.0.1.0/24,')).toEqual([]);
  });
});

describe("the kubernetes Service's endpoints", () => {
  it('are the API server as pods reach it, in `get endpoints` and in `describe service`', () => {
    const curl = "$ kubectl exec web-0 -- curl -k https://172.31.4.20/healthz\nthe endpoint doesn't respond";
    const table = 'NAME         ENDPOINTS          AGE\nkubernetes   172.31.4.20:443    139d';
    const described =
      'Name:              kubernetes\nNamespace:         default\nEndpoints:         172.31.4.20:443';
    for (const listing of [table, described])
      expect(readEvents(`${listing}\n${curl}`)[0]).toMatchObject({
        role: 'apiserver-service',
        vantage: 'pod',
      });
    // Any other Service's endpoints are its pods.
    expect(readEvents(`${described.replace('kubernetes', 'web')}\n${curl}`)[0]?.role).toBe('pod-ip');
  });
});

describe('what the paste itself says its addresses are', () => {
  const roles = (text: string) => readEvents(text).map((e) => `${e.outcome} ${e.role}`);

  it('an address that kubectl get svc lists as a LoadBalancer external IP is the load balancer', () => {
    const text = [
      'NAME      TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE',
      'web       LoadBalancer   10.0.5.131    10.240.0.7    80:31825/TCP   2m',
      'curl: (28) Failed to connect to 10.240.0.7 port 80 after 21000 ms: Timeout was reached',
    ].join('\n');
    expect(roles(text)).toEqual(['timeout load-balancer']);
  });

  it('the same address without the table is just a private address', () => {
    expect(
      roles('curl: (28) Failed to connect to 10.240.0.7 port 80 after 21000 ms: Timeout was reached'),
    ).toEqual(['timeout private-ip']);
  });

  it("a failure with no address takes the paste's subject: a load balancer, said in words", () => {
    expect(roles('The external IP of my LoadBalancer service cannot be reached from the internet.')).toEqual([
      'failed load-balancer',
    ]);
  });

  it('a redacted address keeps what it stood for', () => {
    expect(roles('dial tcp <storage-endpoint-ip-address>:443: i/o timeout')).toEqual([
      'timeout external-host',
    ]);
    expect(roles('dial tcp [CLUSTERIP]:8080: connect: connection refused')).toEqual(['refused cluster-ip']);
    // A redaction of the first label only keeps the rest of the name.
    expect(
      roles(
        'K9s can\'t connect to cluster error="Get \\"https://[REDACTED].eks.amazonaws.com/version?timeout=5s\\": net/http: request canceled while waiting for connection"',
      ),
    ).toContain('timeout apiserver');
    expect(
      roles('Get "https://<redacted>.hcp.westeurope.azmk8s.io:443/api": dial tcp: i/o timeout'),
    ).toContain('dns-timeout apiserver');
  });

  it("a Service's short name is a Service, a documentation link is no destination", () => {
    expect(roles('curl: (7) Failed to connect to web-api port 8080: Connection refused')).toEqual([
      'refused cluster-service',
    ]);
    expect(
      readEvents('I followed https://learn.microsoft.com/en-us/azure/aks/ingress-basic and it times out')[0]
        ?.dest,
    ).toEqual({});
  });

  it("reads git's and Python's ways of naming the host", () => {
    const git = readEvents(
      'fatal: unable to connect to github.com:\ngithub.com[0: 140.82.113.3]: errno=Connection timed out',
    );
    expect(git.map((e) => `${e.outcome} ${e.dest.host}`)).toContain('timeout github.com');
    const py = readEvents(
      "HTTPConnectionPool(host='orders', port=80): Max retries exceeded (Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))",
    );
    expect(py.map((e) => `${e.outcome} ${e.role} ${e.dest.port}`)).toEqual(['refused cluster-service 80']);
  });

  it('a build tool resolving its dependencies is no lookup; a person unable to resolve an address is', () => {
    const maven = readEvents(
      '[ERROR] Failed to execute goal on project api: Could not resolve dependencies: Could not transfer artifact org.slf4j:slf4j-api:pom:2.0.9 from/to central (https://repo.maven.apache.org/maven2): Connect to repo.maven.apache.org:443 [repo.maven.apache.org/199.232.196.215] failed: Connect timed out',
    );
    expect(maven.map((e) => `${e.outcome} ${e.dest.host}`)).toEqual(['timeout repo.maven.apache.org']);
    expect(readEvents('npm ERR! ERESOLVE unable to resolve dependency tree')).toEqual([]);
    // MSAL's authority discovery timing out is a timeout to login.microsoftonline.com, not a lookup.
    const msal = readEvents(
      'failed to acquire token: unable to resolve an endpoint: server response error: Get "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration": context deadline exceeded',
    );
    expect(msal.map((e) => `${e.outcome} ${e.dest.host}`)).toEqual(['timeout login.microsoftonline.com']);
    // "the" is a word, not the name looked up.
    expect(readEvents('Our pods are unable to resolve the address of the key vault')[0]?.dest.host).not.toBe(
      'the',
    );
    expect(
      readEvents('Our pods are unable to resolve the address of the key vault').map((e) => e.outcome),
    ).toEqual(['nxdomain']);
  });

  it('nginx timing out on a slow answer is no network timeout; timing out on the connection is', () => {
    const line = (phase: string) =>
      `2024/05/02 10:00:00 [error] 117#117: *16706 upstream timed out (110: Operation timed out) while ${phase}, client: 10.240.0.4, server: shop.example.com, request: "GET /report HTTP/1.1", upstream: "http://10.244.1.23:8080/report"`;
    expect(readEvents(line('reading response header from upstream'))).toEqual([]);
    expect(readEvents(line('connecting to upstream')).map((e) => e.outcome)).toContain('timeout');
  });

  it('the lines `kubectl logs` prints are the pod talking; kubectl failing to reach the kubelet is kubectl', () => {
    const podLog = readEvents(
      '$ kubectl logs notifier -c notifier\n2024-07-31 06:54:35 Post https://hooks.contoso.com/api/notify: dial tcp 52.14.70.158:443: i/o timeout',
    );
    expect(podLog.map((e) => e.role)).not.toContain('kubelet');
    expect(podLog.map((e) => e.outcome)).toContain('timeout');
    const kubectl = readEvents(
      '$ kubectl logs web-5d9fc5b9b9-xnqjs\nError from server: Get "https://10.240.0.4:10250/containerLogs/default/web-5d9fc5b9b9-xnqjs/web": dial tcp 10.240.0.4:10250: i/o timeout',
    );
    expect(kubectl.map((e) => e.role)).toContain('kubelet');
  });

  it("Go's `dial tcp: i/o timeout` is a lookup running out of time, unless the address dialled is named", () => {
    expect(readEvents('dial tcp: i/o timeout').map((e) => e.outcome)).toEqual(['dns-timeout']);
    expect(
      readEvents('gocql: unable to dial control conn 10.0.2.60: dial tcp: i/o timeout').map((e) => e.outcome),
    ).toEqual(['timeout']);
  });

  it('"timed-out" is a timeout; a Service reached "via DNS" (by its name) is no lookup failing', () => {
    const said = (text: string) => readEvents(text).map((e) => `${e.outcome} ${e.role}`);
    expect(said('Through the kubernetes service via DNS I get a connection timed-out error.')).toEqual([
      'timeout cluster-service',
    ]);
    expect(said('In the pods, DNS queries timed-out.')).toEqual(['dns-timeout unknown']);
  });

  it("a Java trace's inner exception is about where the exception at its head was going", () => {
    const trace = [
      'INFO 182 --- [b-orders:27017] org.mongodb.driver.cluster : Exception in monitor thread while connecting to server mongo-orders:27017',
      '',
      'com.mongodb.MongoSocketOpenException: Exception opening socket',
      '\tat com.mongodb.internal.connection.SocketStream.open(SocketStream.java:67)',
      '\tat java.lang.Thread.run(Thread.java:748)',
      'Caused by: java.net.SocketTimeoutException: connect timed out',
      '\tat java.net.PlainSocketImpl.socketConnect(Native Method)',
    ];
    expect(
      readEvents(trace.join('\n')).map((e) => `${e.outcome} ${e.role} ${e.dest.host}:${e.dest.port}`),
    ).toEqual(['timeout cluster-service mongo-orders:27017']);
    // A line that is no part of the trace ends the search.
    trace.splice(2, 0, 'Retrying in 5 seconds');
    expect(readEvents(trace.join('\n')).map((e) => e.dest.host)).toEqual([undefined]);
  });

  it("the AWS SDK's connect timeout to S3 is egress; ingress-nginx missing a rule's Service is the Service", () => {
    const said = (text: string) => readEvents(text).map((e) => `${e.outcome} ${e.role}`);
    expect(
      said(
        'Connections to s3 time out: Error [TimeoutError]: @smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.',
      ),
    ).toContain('timeout external-host');
    expect(
      said(
        'W0414 08:34:43.942485 8 controller.go:753] Error obtaining Endpoints for Service "shop/web": no object matching key "shop/web" in local store',
      ),
    ).toEqual(['no-endpoints cluster-service']);
  });

  it('the OpenShift CLI is a client outside the cluster, as kubectl is', () => {
    const said = (text: string) => readEvents(text).map((e) => `${e.outcome} ${e.role} ${e.vantage}`);
    expect(
      said(
        '$ oc login -u developer\nerror: dial tcp 172.17.0.14:6443: connect: connection refused - verify you have provided the correct host and port and that the server is currently running.',
      ),
    ).toEqual(['refused apiserver outside']);
  });

  it("helm's own wait is not a network timeout", () => {
    expect(readEvents('Error: INSTALLATION FAILED: timed out waiting for the condition')).toEqual([]);
  });

  it('an Endpoints object with no subsets is a Service with nothing behind it', () => {
    const text = ['apiVersion: v1', 'kind: Endpoints', 'metadata:', '  name: web', 'subsets: []'].join('\n');
    expect(roles(text)).toEqual(['no-endpoints cluster-service']);
    expect(roles(['kind: Endpoints', 'subsets:', '- addresses:', '  - ip: 10.244.1.5'].join('\n'))).toEqual(
      [],
    );
  });
});

describe('a command that hung', () => {
  it('Ctrl-C under telnet is a timeout to what telnet was trying', () => {
    const [e] = readEvents('~# telnet 10.134.0.4 30072\nTrying 10.134.0.4...\n^C');
    expect(e).toMatchObject({
      outcome: 'timeout',
      role: 'node-port',
      dest: { ip: '10.134.0.4', port: 30072 },
    });
  });

  it('Ctrl-C inside a line of text is not', () => {
    expect(readEvents('press ^C to stop the port-forward')).toEqual([]);
  });

  it('curl -v left at "Trying" until the next prompt is a timeout to that address', () => {
    const paste = [
      'user@jumpbox:~$ curl -v http://20.50.1.9/',
      '*   Trying 20.50.1.9:80...',
      '* TCP_NODELAY set',
      'user@jumpbox:~$ curl -v http://20.50.1.9/healthz',
      '*   Trying 20.50.1.9:80...',
    ].join('\n');
    expect(readEvents(paste)).toMatchObject([
      { outcome: 'timeout', role: 'public-ip', dest: { ip: '20.50.1.9', port: 80 } },
    ]);
  });

  it('curl -v that went on to connect, or to say how it failed, did not hang', () => {
    const connected =
      '$ curl -v http://20.50.1.9/\n*   Trying 20.50.1.9:80...\n* Connected to 20.50.1.9 (20.50.1.9) port 80 (#0)\n> GET / HTTP/1.1';
    expect(readEvents(connected)).toEqual([]);
    const refused =
      '$ curl -v http://20.50.1.9/\n*   Trying 20.50.1.9:80...\n* connect to 20.50.1.9 port 80 failed: Connection refused';
    expect(readEvents(refused).map((e) => e.outcome)).toEqual(['refused']);
  });
});

describe('RBAC refusals from Kubernetes client libraries', () => {
  it("Python requests' 403 on a Kubernetes API path is RBAC; on any other URL it is not", () => {
    expect(
      readEvents(
        'requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://kubernetes:443/apis/apps/v1/namespaces/default/statefulsets',
      )[0]?.outcome,
    ).toBe('forbidden');
    expect(
      readEvents(
        'requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://example.com/upload',
      ),
    ).toEqual([]);
  });
});

describe('what a destination is, read from how it is written', () => {
  const roleOf = (text: string) => readEvents(text)[0]?.role;

  it('a NodePort on a node address is the Service as exposed outside; a public address stays public', () => {
    expect(roleOf('curl: (28) Failed to connect to 192.168.49.2 port 30840: Operation timed out')).toBe(
      'node-port',
    );
    expect(roleOf('curl: (28) Failed to connect to 20.51.3.9 port 30840: Operation timed out')).toBe(
      'public-ip',
    );
  });

  it('loopback is the machine itself, whatever the line says around it', () => {
    expect(roleOf('kubectl logs mongo-0 -c sidecar\nError: connect ECONNREFUSED 127.0.0.1:27017')).toBe(
      'local',
    );
    expect(
      roleOf(
        'Error: Post http://localhost/api/v1/namespaces: dial tcp 127.0.0.1:80: connect: connection refused',
      ),
    ).toBe('local');
  });

  it('`<service>.<namespace>` is a Service; a name under a real top-level domain is not', () => {
    expect(
      roleOf('MongoError: failed to connect to server [mongo-1.mongo:27017]: connect ECONNREFUSED'),
    ).toBe('cluster-service');
    expect(roleOf('dial tcp: lookup api.github.com on 10.0.0.10:53: i/o timeout')).not.toBe(
      'cluster-service',
    );
    expect(roleOf('wget: cannot connect to shop.example.de:443: Connection timed out')).toBe('external-host');
  });

  it("wget's `Connecting to <name> (<address>)` is about the name typed", () => {
    const [e] = readEvents(
      '/ # wget --spider --timeout=3 nginx.test01\nConnecting to nginx.test01 (x.x.x.x:80)\nwget: download timed out',
    );
    expect(e).toMatchObject({
      outcome: 'timeout',
      role: 'cluster-service',
      dest: { host: 'nginx.test01', port: 80 },
    });
  });

  it("an application's own /api path is not the Kubernetes API", () => {
    expect(
      roleOf('I/O error on GET request for "http://web.shop:8080/api/messages": Connection timed out'),
    ).toBe('cluster-service');
    // A Service's own health or REST path, on its own port: still the Service.
    expect(
      roleOf('Get "http://orders:8080/healthz": dial tcp 10.0.143.21:8080: connect: connection refused'),
    ).toBe('cluster-service');
    expect(
      roleOf('Get "https://shop.example.com/api/v1/users": dial tcp 52.1.2.3:443: i/o timeout'),
    ).not.toBe('apiserver');
    // The Kubernetes API's own paths, an old API version and a redacted name too.
    expect(
      roleOf(
        'Post https://10.245.1.2/api/v1beta3/namespaces/default/services: dial tcp 10.245.1.2:443: i/o timeout',
      ),
    ).toBe('apiserver');
    expect(
      roleOf(
        "HTTPSConnectionPool(host='xxxxxxxx', port=443): Max retries exceeded with url: /api/v1/nodes (timed out)",
      ),
    ).toBe('apiserver');
    expect(
      roleOf('Get "https://k8s.corp.example.com/api?timeout=32s": dial tcp 10.1.2.3:443: i/o timeout'),
    ).toBe('apiserver');
  });

  it("a name the paste reaches with API paths is the API server's when its lookup fails", () => {
    const events = readEvents(
      'Unable to access servergroups url:"https://api.prod/api?timeout=32s"\nerror="Get \\"https://api.prod/version?timeout=10s\\": dial tcp: lookup api.prod on 192.168.1.1:53: server misbehaving"',
    );
    expect(events.find((e) => e.outcome === 'dns-failure')?.role).toBe('apiserver');
  });

  it('a failure that names nothing is about the one place the paste names', () => {
    const [e] = readEvents(
      'An IP was assigned, http://40.114.64.229/ but it does not load\n\nI get this site cant be reached.',
    );
    expect(e).toMatchObject({
      outcome: 'timeout',
      role: 'public-ip',
      vantage: 'outside',
      dest: { ip: '40.114.64.229' },
    });
  });

  it('Windows ping names its target above the timeouts', () => {
    const [e] = readEvents(
      'Pinging www.google.com [172.217.3.164] with 32 bytes of data:\nRequest timed out.',
    );
    expect(e).toMatchObject({ outcome: 'timeout', role: 'external-host', dest: { host: 'www.google.com' } });
  });
});

describe('outcome words inside identifiers', () => {
  it('`timeoutSeconds` in a stack frame is no timeout; `...TimeoutException` and a plural still are', () => {
    expect(
      readEvents('at k8s.ListNamespacedConfigMapAsync(Nullable`1 timeoutSeconds, Nullable`1 watch)'),
    ).toEqual([]);
    expect(readEvents('java.net.SocketTimeoutException: connect timed out')[0]?.outcome).toBe('timeout');
    expect(readEvents('service default/web does not have any active endpoints')[0]?.outcome).toBe(
      'no-endpoints',
    );
  });
});

describe('IPAM in the words of other plugins', () => {
  it.each([
    '{"error":"unable to reuse from pool default: pool empty","msg":"Failed to allocate PodCIDRs to node"}',
    'err: assignPodIPv4AddressUnsafe: no available IP/Prefix addresses',
    'InsufficientFreeAddressesInSubnet: The specified subnet does not have enough free addresses to satisfy the request.',
    '[error] Error assigning IP: Could not allocate IP in range: ip: 10.20.0.151 / - 10.20.0.154',
    'E0519 00:37:28.550351 1 network.go:102] failed to register network: failed to acquire lease: node "worker-3" pod cidr not assigned',
    'level=info msg="Waiting for IPs to become available in CRD-backed allocation pool" available=0 required=8 subsys=ipam',
  ])('%s', (line) => {
    expect(readEvents(line)[0]?.outcome).toBe('no-ips');
  });
});

describe('running out of pod addresses, told in words', () => {
  it.each([
    'the new node never came up: the vnet had an insufficient number of IP addresses left for max pods',
    'Code: IpNotEnough Message: The specified VSwitch "vsw-1" has not enough IpAddress.',
    "after a week of crash loops the CNI had exhausted the node's entire IP pool",
    'pods stuck in ContainerCreating with an IP allocation failure on two nodes',
    'looks like our pod ip range is exhausted',
  ])('%s', (line) => {
    expect(readEvents(line)[0]?.outcome).toBe('no-ips');
  });

  it.each([
    'outbound flows fail once the SNAT IP is exhausted',
    'we do not have enough public IP addresses in the region quota',
  ])('not a pod address: %s', (line) => {
    expect(readEvents(line).some((e) => e.outcome === 'no-ips')).toBe(false);
  });
});

describe('a Service by its short name and port', () => {
  it('`redis-master:6379` is a Service; `errcode:500` and `line:12` are not hosts', () => {
    expect(
      readEvents('Could not connect to Redis at redis-master:6379: Connection refused')[0],
    ).toMatchObject({
      role: 'cluster-service',
      dest: { host: 'redis-master', port: 6379 },
    });
    expect(readEvents('request failed errcode:500 connection refused')[0]?.dest).toEqual({});
  });
});

describe('said in words', () => {
  it('"from (pods)" is a pod\'s vantage', () => {
    expect(
      readEvents('Unable to make external calls with curl from (pods) but able to do so from Node.')[0]
        ?.vantage,
    ).toBe('pod');
  });

  it('what is said to work is not what failed', () => {
    // kubectl port-forward working says the kubelet path is fine: the failure is the public IP's.
    expect(
      readEvents(
        "The ingress controller's public IP stopped responding. Pods are healthy and kubectl port-forward works.",
      )[0]?.role,
    ).toBe('load-balancer');
    // DNS said to resolve is not a DNS timeout.
    expect(
      readEvents('curl https://www.google.com from a pod times out, DNS resolves fine.')[0]?.outcome,
    ).toBe('timeout');
  });

  it('a Service or a pod named in passing on the failing line', () => {
    expect(
      readEvents('my app can no longer connect to the redis service, connection timed out')[0]?.role,
    ).toBe('cluster-service');
    expect(readEvents("curl to another pod's IP times out across nodes")[0]?.role).toBe('pod-ip');
    // A cloud's own service is not one in the cluster.
    expect(
      readEvents('my app can no longer connect to the app service, connection timed out')[0]?.role,
    ).not.toBe('cluster-service');
    // ...but not from elsewhere in the paste: "my node service" may be anything.
    expect(
      readEvents('I am running my node service in minikube.\n\nError: connect ETIMEDOUT')[0]?.role,
    ).not.toBe('cluster-service');
  });

  it('"it works from inside the cluster" is where it works, and pods failing to reach are the vantage', () => {
    expect(
      readEvents(
        'The external IP of the load balancer gives Empty reply from the server.\nEverything is working from inside the cluster.',
      )[0],
    ).toMatchObject({ role: 'load-balancer', vantage: 'unknown' });
    expect(readEvents('Pods are not able to communicate outside of the cluster.')[0]).toMatchObject({
      outcome: 'failed',
      role: 'external-host',
      vantage: 'pod',
    });
    expect(
      readEvents('Pods on different nodes cannot communicate. Pods on the same node can.')[0]?.role,
    ).toBe('pod-ip');
  });

  it('a negation before reaching the thing is a failure, however it is spelled', () => {
    for (const said of [
      "From my laptop the external IP just doesn't respond.",
      'From my laptop the external IP just doesnt respond.',
      "The load balancer IP isn't accessible from outside.",
      'I am not able to curl the load balancer IP from my mac.',
      'I was unable to successfully curl the ingress IP from hosts outside the cluster.',
      'The load balancer works from the nodes but not from outside.',
      "From my laptop I haven't been able to reach the load balancer IP since Friday.",
    ])
      expect({ said, event: readEvents(said)[0] }).toMatchObject({
        said,
        event: { outcome: 'failed', role: 'load-balancer', vantage: 'outside' },
      });
    // A timeout or silence told rather than printed.
    expect(
      readEvents('Any request to the load balancer from outside results in a timeout.')[0],
    ).toMatchObject({
      outcome: 'timeout',
      role: 'load-balancer',
      vantage: 'outside',
    });
    expect(
      readEvents('MetalLB gave it 192.168.1.240, but nothing answers on it from my desktop.')[0],
    ).toMatchObject({
      outcome: 'timeout',
      role: 'load-balancer',
      vantage: 'outside',
    });
  });

  it('a tool left waiting, other languages, and what lies outside', () => {
    expect(readEvents('curl http://10.0.0.80/ just hangs')[0]).toMatchObject({ outcome: 'timeout' });
    expect(readEvents('kubectl get pods hangs')).toEqual([]);
    expect(
      readEvents('Requests from outside the cluster to the L2 LB IP stopped getting through.')[0],
    ).toMatchObject({ outcome: 'timeout', role: 'load-balancer', vantage: 'outside' });
    expect(readEvents('LoadBalancer 的 IP 已分配，但是外网无法正常访问')[0]).toMatchObject({
      outcome: 'failed',
      role: 'load-balancer',
    });
    expect(readEvents("From the pods I can't telnet to our outside services.")[0]).toMatchObject({
      outcome: 'failed',
      role: 'external-host',
      vantage: 'pod',
    });
  });

  it('the same reports in the languages teams paste in', () => {
    expect(
      readEvents('Los pods no pueden conectarse a internet: curl desde el pod termina en timeout.')[0],
    ).toMatchObject({
      role: 'external-host',
      vantage: 'pod',
    });
    expect(
      readEvents('Pods können keine externen Dienste erreichen, curl aus dem Pod läuft in einen Timeout.')[0],
    ).toMatchObject({
      role: 'external-host',
      vantage: 'pod',
    });
    expect(readEvents('Não consigo acessar o serviço pelo IP externo do LoadBalancer.')[0]).toMatchObject({
      outcome: 'failed',
      role: 'load-balancer',
    });
  });

  it('a negation that is about something else is no failure', () => {
    expect(readEvents('The pod never reaches Ready and is OOMKilled.')).toEqual([]);
    expect(readEvents("The pods don't respond with errors in their logs.")).toEqual([]);
    expect(readEvents('Error: cannot open file /etc/app/config.yaml')).toEqual([]);
    // A manifest's file name says nothing about where traffic went.
    expect(readEvents('kubectl apply -f ingress.yaml does not work')[0]?.role).not.toBe('load-balancer');
    // Something answered: the application's own status, not a connection that failed.
    expect(readEvents("Through the ingress it doesn't work and returns 404.")).toEqual([]);
    expect(readEvents("Through the ingress it doesn't work, the page just hangs.")).not.toEqual([]);
  });

  it('so is the subject of a contrast told in words', () => {
    const said = (text: string) => readEvents(text).map((e) => `${e.role} ${e.vantage}`);
    expect(
      said('The external IP answers fine from my laptop, but from a pod the cluster ip does not respond.'),
    ).toEqual(['cluster-ip pod']);
    expect(
      said('Inside the cluster the service ip works, but from my laptop the load balancer ip just hangs.'),
    ).toEqual(['load-balancer outside']);
    expect(
      said(
        'I can reach it by cluster ip from the node but not able to access it from my browser using node ip & port',
      ),
    ).toEqual(['node-port outside']);
  });

  it('the vantage of a contrast is the one in the failing clause', () => {
    expect(
      readEvents('From inside the pod curl to the service works, but from my laptop it does not respond.')[0]
        ?.vantage,
    ).toBe('outside');
    // A Service reached from outside goes through what exposes it.
    expect(readEvents('My service is not reachable from outside the cluster.')[0]?.role).toBe(
      'load-balancer',
    );
    expect(
      readEvents('Cannot connect to service http://10.20.0.40:8080/ from outside the cluster')[0]?.role,
    ).toBe('load-balancer');
    expect(readEvents('curl http://10.20.0.40:8080/ from outside the cluster times out')[0]?.role).toBe(
      'private-ip',
    );
    // "from outside the cluster" is where the client is, not an egress destination.
    expect(readEvents('Requests from outside the cluster time out.')[0]?.role).not.toBe('external-host');
  });

  it('one address, one role: an address a line calls the ingress keeps that role on the lines that only number it', () => {
    const events = readEvents(
      [
        'The ingress IP times out: IP=$(kubectl get ingress web -o jsonpath="{.status.loadBalancer.ingress[0].ip}") gives 10.0.2.15, connection timed out',
        'curl: (7) Failed to connect to 10.0.2.15 port 80: Connection timed out',
      ].join('\n'),
    );
    expect(events.map((e) => e.role)).toEqual(['load-balancer', 'load-balancer']);
  });

  it("words about the node port keep their subject over a table's pod endpoint", () => {
    const events = readEvents(
      [
        'Type:                   NodePort',
        'NodePort:               <unset> 30176/TCP',
        'Endpoints:              100.96.2.11:3000',
        '',
        'On curl to the instance IP on the given node port the connection hangs',
      ].join('\n'),
    );
    expect(events[0]?.role).toBe('node-port');
  });

  it('a pod reachable "with kubectl port-forward" says the kubelet path works', () => {
    expect(
      readEvents(
        'They cannot be reached via the service, however the pods can be connected to directly with the appropriate `kubectl port-forward`.',
      )[0]?.role,
    ).not.toBe('kubelet');
  });

  it('a kubelet updating its node status is on a node; the API server proxying to a Service is the control plane', () => {
    expect(
      readEvents(
        'Error updating node status, will retry: error getting node "worker-2": Get https://api.internal:6443/api/v1/nodes/worker-2?timeout=10s: context deadline exceeded',
      )[0],
    ).toMatchObject({ role: 'apiserver', vantage: 'node' });
    expect(
      readEvents('"message": "error trying to reach service: dial tcp 192.168.63.69:8443: i/o timeout",')[0]
        ?.vantage,
    ).toBe('control-plane');
  });

  it('an exception names a pod only when the paste names nothing stronger', () => {
    expect(
      readEvents(
        'I connect from my local machine with the Java client.\nio.kubernetes.client.openapi.ApiException: java.net.SocketTimeoutException: connect timed out',
      ).find((e) => e.role === 'apiserver')?.vantage,
    ).toBe('outside');
  });

  it("helm's --wait running out is not a connection timing out", () => {
    expect(
      readEvents('helm upgrade --install app ./chart --wait\nthe build task with --wait times out')
        .map((e) => e.outcome)
        .includes('timeout'),
    ).toBe(false);
  });

  it('ping: what it was pinging, and a ClusterIP that never answers ping is no evidence', () => {
    expect(
      readEvents(
        'root@web-7d9c7b8c9b-x2x8k:/# ping 8.8.8.8\nPING 8.8.8.8 (8.8.8.8) 56(84) bytes of data.\nFrom 10.244.1.1 icmp_seq=1 Destination Host Unreachable',
      )[0],
    ).toMatchObject({ outcome: 'unreachable', role: 'public-ip', dest: { ip: '8.8.8.8' } });
    expect(
      readEvents(
        '/ # ping 10.0.125.7\nPING 10.0.125.7 (10.0.125.7): 56 data bytes\n--- 10.0.125.7 ping statistics ---\n4 packets transmitted, 0 packets received, 100% packet loss\nI cannot ping my ClusterIP service from a pod.',
      ),
    ).toEqual([]);
  });

  it('the words people and runtimes use for a connection closed or not working', () => {
    expect(
      readEvents('Error: socket hang up\n    at connResetException (node:internal/errors:720:14)')[0]
        ?.outcome,
    ).toBe('reset');
    expect(
      readEvents("This page isn't working: 20.1.2.3 didn't send any data. ERR_EMPTY_RESPONSE")[0]?.outcome,
    ).toBe('reset');
    expect(readEvents('The external IP of our load balancer stopped working this morning.')[0]).toMatchObject(
      {
        outcome: 'failed',
        role: 'load-balancer',
      },
    );
    // "Azure Kubernetes Service" is AKS itself, not a Service in it.
    expect(
      readEvents('az aks browse on our Azure Kubernetes Service is not working anymore')[0]?.role,
    ).not.toBe('cluster-service');
  });

  it("a default pod range is a pod's address; CoreDNS's query log names the name asked for", () => {
    expect(readEvents('dial tcp 10.244.3.12:8080: connect: no route to host')[0]?.role).toBe('pod-ip');
    expect(
      readEvents(
        '[INFO] 10.244.0.5:50123 - 12345 "A IN login.microsoftonline.com. udp 43 false 512" SERVFAIL qr,rd 43 2.001s',
      )[0],
    ).toMatchObject({ outcome: 'dns-failure', dest: { host: 'login.microsoftonline.com' } });
  });

  it("curl's exit code, printed by what ran it, says what happened to the curl above", () => {
    expect(
      readEvents(
        '$ kubectl exec -it sleep -- curl -sL -o /dev/null https://edition.cnn.com/politics\ncommand terminated with exit code 35',
      )[0],
    ).toMatchObject({ outcome: 'reset', role: 'external-host', vantage: 'pod' });
    expect(
      readEvents(
        '$ kubectl exec -it sleep -- curl http://web.shop:8080/\ncommand terminated with exit code 28',
      )[0],
    ).toMatchObject({ outcome: 'timeout', role: 'cluster-service' });
    // Exit code 22 is an HTTP error status: something answered.
    expect(
      readEvents(
        '$ kubectl exec -it sleep -- curl -f http://web:8080/\ncommand terminated with exit code 22',
      ),
    ).toEqual([]);
  });

  it("an address is read as written: okhttp's /ip:port, IPv6 unique-local, a name put in place of an address", () => {
    expect(
      readEvents(
        'io.kubernetes.client.openapi.ApiException: java.net.ConnectException: Failed to connect to /10.96.0.1:443',
      )[0],
    ).toMatchObject({ role: 'apiserver-service', dest: { ip: '10.96.0.1', port: 443 } });
    expect(
      readEvents('curl: (28) Failed to connect to fd03::999 port 20069 after 5001 ms: Timeout was reached')[0]
        ?.role,
    ).toBe('private-ip');
    expect(
      readEvents(
        "I open https://server-ip:8443/api/v1/namespaces/kube-system/services/https:dashboard:/proxy/\nError: 'dial tcp 10.244.0.24:8443: i/o timeout'",
      )[0]?.role,
    ).toBe('pod-ip');
  });

  it("curl's code 28 is a timeout whatever its message; a nip.io name is the ingress's address", () => {
    expect(
      readEvents(
        "curl: (28) Failed to connect to 192.168.49.2 port 30140 after 75007 ms: Couldn't connect to server",
      )[0],
    ).toMatchObject({ outcome: 'timeout', role: 'node-port' });
    expect(
      readEvents('curl: (7) Failed to connect to shop.20.50.60.70.nip.io port 80: Connection timed out')[0]
        ?.role,
    ).toBe('load-balancer');
  });

  it("native clients' words for a lookup that failed", () => {
    expect(readEvents('Error -3 connecting to netbox-redis-master:6379. Try again.')[0]).toMatchObject({
      outcome: 'dns-failure',
      dest: { host: 'netbox-redis-master' },
    });
    expect(readEvents('Failed to upload to ODS: Error resolving address')[0]?.outcome).toBe('dns-failure');
    expect(readEvents('Unable to start blobfuse. DNS server lookup failed errno=6')[0]?.outcome).toBe(
      'dns-failure',
    );
  });

  it("minikube's SVC_UNREACHABLE is a Service with nothing behind it", () => {
    expect(readEvents('X  Exiting due to SVC_UNREACHABLE: service not availab')[0]).toMatchObject({
      outcome: 'no-endpoints',
      role: 'cluster-service',
    });
  });

  it("a proxy's client address is not where the connection went; kubespray's pod range is pods'", () => {
    expect(
      readEvents(
        'WARN outbound: serve: connection closed error=connect timed out after 1s client.addr=10.20.3.13:59656',
      )[0]?.dest,
    ).toEqual({});
    expect(readEvents('dial tcp 10.233.103.151:8080: connect: connection refused')[0]?.role).toBe('pod-ip');
    expect(readEvents('dial tcp 10.233.12.40:8080: connect: connection refused')[0]?.role).toBe('cluster-ip');
  });

  it("the ingress controller's own pod dialling a private address stays inside the cluster", () => {
    const events = readEvents(
      [
        '$ kubectl exec -it pod/ingress-nginx-controller-57ff8464d9-pvjpc -n ingress-nginx -- bash',
        'ingress-nginx-controller-57ff8464d9-pvjpc:/etc/nginx$ nc -zv 10.85.0.12 8080',
        'nc: 10.85.0.12 (10.85.0.12:8080): Host is unreachable',
      ].join('\n'),
    );
    expect(events[0]).toMatchObject({ role: 'private-ip', vantage: 'pod' });
    expect(
      readEvents('flux-system  False  dial tcp 3.19.108.9:7999: connect: connection timed out')[0]?.vantage,
    ).toBe('pod');
  });

  it("a ClusterIP with the Service's NodePort could never answer: no evidence", () => {
    const table = [
      'NAME             TYPE       CLUSTER-IP       EXTERNAL-IP   PORT(S)          AGE',
      'system-service   NodePort   172.21.164.253   <none>        9080:31000/TCP   26s',
      'curl: (7) Failed to connect to 172.21.164.253 port 31000: Connection timed out',
    ].join('\n');
    expect(readEvents(table)).toEqual([]);
  });

  it('a desktop database client is outside the cluster', () => {
    expect(
      readEvents(
        'Connecting with pgAdmin to the node IP fails:\nUnable to connect to server: connection timeout expired (10.240.0.4:30432)',
      )[0]?.vantage,
    ).toBe('outside');
  });

  it("Java's ConnectException is not Windows' connectex", () => {
    expect(
      readEvents(
        'java.net.ConnectException: Connection refused\n\tat java.net.Socket.connect(Socket.java:607)',
      )[0]?.vantage,
    ).not.toBe('outside');
  });
});

describe('how clients name where they were going', () => {
  it.each([
    [
      'Java: name/address:port',
      'java.net.NoRouteToHostException: Host is unreachable\nINFO Opening socket connection to server zookeeper.kafka.svc.cluster.local/10.103.187.203:2181.',
      { host: 'zookeeper.kafka.svc.cluster.local', port: 2181 },
    ],
    [
      'psql: the host on the line below',
      'psql: could not connect to server: Connection timed out\n\tIs the server running on host "db.default.svc.cluster.local" (10.96.234.102) and accepting',
      { host: 'db.default.svc.cluster.local' },
    ],
    [
      'psql 14 and later: server at "<host>" (<address>), port <n>',
      'psql: error: connection to server at "postgres.db.svc.cluster.local" (10.0.23.4), port 5432 failed: Connection refused',
      { host: 'postgres.db.svc.cluster.local', port: 5432 },
    ],
    [
      'redis-py: the sentence ends right after the port',
      'redis.exceptions.ConnectionError: Error 111 connecting to redis-master:6379. Connection refused.',
      { host: 'redis-master', port: 6379 },
    ],
    [
      'fluentd: a Ruby hash',
      'error="Can not reach Elasticsearch cluster ({:host=>\\"elasticsearch-logging\\", :port=>9200, :scheme=>\\"http\\"})!"',
      { host: 'elasticsearch-logging', port: 9200 },
    ],
    [
      'the MySQL client: server on the quoted host',
      "ERROR 2003 (HY000): Can't connect to MySQL server on 'orders-db.shop.svc.cluster.local' (110)",
      { host: 'orders-db.shop.svc.cluster.local', port: 3306 },
    ],
  ])('%s', (_name, paste, dest) => {
    expect(readEvents(paste)[0]).toMatchObject({ role: 'cluster-service', dest });
  });

  it('a driver dialling a peer by address with no port still names it', () => {
    expect(
      readEvents('cassandra client: unable to dial control conn 10.0.148.7: dial tcp: i/o timeout')[0],
    ).toMatchObject({
      outcome: 'timeout',
      dest: { ip: '10.0.148.7' },
      role: 'cluster-ip',
    });
  });

  it('ssh: connect to host <name> port <n>', () => {
    expect(readEvents('ssh: connect to host git.contoso.dev port 22: Connection timed out')[0]).toMatchObject(
      {
        outcome: 'timeout',
        dest: { host: 'git.contoso.dev', port: 22 },
      },
    );
  });

  it("curl's `connect to <ip> port <n>` keeps its port (one destination, not two)", () => {
    const [e] = readEvents('curl: (28) Failed to connect to 192.168.49.2 port 30140 after 75007 ms');
    expect(e?.dest).toEqual({ ip: '192.168.49.2', port: 30140 });
  });

  it('PowerShell: Test-NetConnection names the address in its warning; urllib3 names the host', () => {
    expect(readEvents('WARNING: TCP connect to (20.40.1.2 : 443) failed')[0]).toMatchObject({
      outcome: 'timeout',
      role: 'public-ip',
      vantage: 'outside',
      dest: { ip: '20.40.1.2', port: 443 },
    });
    expect(
      readEvents(
        "after connection broken by 'ConnectTimeoutError(<HTTPSConnection object>, 'Connection to pypi.org timed out. (connect timeout=15)')'",
      )[0],
    ).toMatchObject({ outcome: 'timeout', dest: { host: 'pypi.org' } });
  });

  it("a NodePort on a node's name; urllib3's retry names only the API path; 'telnet to' is words", () => {
    expect(
      readEvents(
        'node-1:~$ curl -m 30 -I http://node-0:31005\ncurl: (28) Connection timed out after 30001 milliseconds',
      )[0]?.role,
    ).toBe('node-port');
    expect(
      readEvents(
        "WARNING Retrying after connection broken by 'NewConnectionError('<urllib3.connection.VerifiedHTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 110] Connection timed out')': /api/v1/namespaces/kadalu/configmaps",
      )[0]?.role,
    ).toBe('apiserver');
    expect(
      readEvents('I tried doing telnet to 192.*.*.*  1433 and it was not able to connect')[0]?.dest.host,
    ).not.toBe('to');
  });

  it("Envoy's access log flags: UF is a failed connection, UH no healthy upstream", () => {
    expect(
      readEvents(
        '"GET /api HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{connection_failure} 0 91',
      )[0],
    ).toMatchObject({ outcome: 'failed', role: 'cluster-service' });
    expect(readEvents('"GET / HTTP/1.1" 503 UH no_healthy_upstream 0 19 0')[0]?.outcome).toBe('no-endpoints');
    // The errno behind the failure, and the sidecar that logged it (a pod), when the line gives them.
    expect(
      readEvents(
        '[2024-05-02T08:01:13.411Z] "POST /orders HTTP/2" 0 UF upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111} - "-" 5 0 0 - "10.1.0.16:9000" inbound|9000|| - 10.1.0.16:9000',
      )[0],
    ).toMatchObject({ outcome: 'refused', vantage: 'pod', dest: { ip: '10.1.0.16', port: 9000 } });
    expect(
      readEvents(
        'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 113',
      ).map((e) => e.outcome),
    ).toContain('unreachable');
  });

  it("a cloud load balancer's own DNS name is a load balancer, an ECR registry is a registry", () => {
    expect(
      readEvents(
        'Get "http://a0dd-b15.elb.us-west-2.amazonaws.com": dial tcp 54.201.91.39:80: i/o timeout',
      )[0]?.role,
    ).toBe('load-balancer');
    expect(
      readEvents('dial tcp: lookup 123456789012.dkr.ecr.us-east-1.amazonaws.com: i/o timeout')[0]?.role,
    ).toBe('registry');
  });

  it("an app's /v2/api-docs is not a registry; a partly redacted public address is public", () => {
    expect(
      readEvents(
        'connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://192.168.2.213:8082/v2/api-docs"',
      )[0]?.role,
    ).not.toBe('registry');
    expect(
      readEvents('curl: (28) Failed to connect to 52.177.yyy.xxx port 80: Connection timed out')[0]?.role,
    ).toBe('public-ip');
  });

  it('a documentation link is never where the traffic went', () => {
    const [e] = readEvents(
      'I followed https://eclipse.dev/che/docs/stable/installing-che-on-minikube/\nOpening the dashboard shows ERR_CONNECTION_TIMED_OUT.',
    );
    expect(e?.dest).toEqual({});
  });
});

describe('the control plane by its names', () => {
  it("the API server calls a webhook's Service with ?timeout=: a webhook, not a Service a pod called", () => {
    expect(
      readEvents(
        'Post https://ingress-nginx-controller-admission.ingress-nginx.svc:443/extensions/v1beta1/ingresses?timeout=30s: context deadline exceeded',
      )[0]?.role,
    ).toBe('webhook');
  });

  it("EKS's endpoint and a redacted cluster URL are the API server", () => {
    expect(
      readEvents('dial tcp: lookup abc.gr7.eu-west-1.eks.amazonaws.com on 192.168.1.1:53: no such host')[0]
        ?.role,
    ).toBe('apiserver');
    expect(
      readEvents(
        'Error: Kubernetes cluster unreachable: Get "<cluster-url>": dial tcp: lookup <cluster-domain> on 127.0.0.53:53: read udp 127.0.0.1:36274->127.0.0.53:53: i/o timeout',
      )[0],
    ).toMatchObject({ outcome: 'dns-timeout', role: 'apiserver', vantage: 'outside' });
  });

  it("Go's `: EOF` after a URL is the connection closed", () => {
    expect(
      readEvents('Get "https://cluster-2.hcp.centralus.azmk8s.io:443/version?timeout=32s": EOF')[0],
    ).toMatchObject({
      outcome: 'reset',
      role: 'apiserver',
    });
  });
});

describe('more of how people and clients say it', () => {
  it("aiohttp's 403 on a Kubernetes API URL is RBAC; on another URL it is not", () => {
    expect(
      readEvents(
        "aiohttp.client_exceptions.ClientResponseError: 403, message='Forbidden', url=URL('https://10.32.0.1:443/api/v1/namespaces')",
      )[0]?.outcome,
    ).toBe('forbidden');
    expect(
      readEvents(
        "aiohttp.client_exceptions.ClientResponseError: 403, message='Forbidden', url=URL('https://api.example.com/v2/items')",
      ),
    ).toEqual([]);
  });

  it('"the curl is timeout" from "in pod" to external services is a pod\'s timeout', () => {
    expect(readEvents('When I curl an External Services in pod, the curl is timeout')[0]).toMatchObject({
      outcome: 'timeout',
      vantage: 'pod',
      role: 'external-host',
    });
  });
});

describe('timestamps, load balancers and logs', () => {
  it("a timestamp's :53 is not the DNS port", () => {
    expect(
      readEvents(
        'time="2023-09-22T17:53:57Z" level=warning msg="could not connect to Postgres database: dial tcp 10.43.255.26:5432: i/o timeout"',
      )[0]?.outcome,
    ).toBe('timeout');
    expect(readEvents('read udp 10.244.0.5:41234->10.0.0.10:53: i/o timeout')[0]?.outcome).toBe(
      'dns-timeout',
    );
  });

  it("'the LB IP' is a load balancer, and a private address in a paste about one is its frontend", () => {
    expect(readEvents('When I try port 443 on the LB IP, I end up in ERR_CONNECTION_REFUSED')[0]?.role).toBe(
      'load-balancer',
    );
    expect(
      readEvents(
        'kubectl get service lb-service-local\ncurl: (7) Failed to connect to 10.89.0.10 port 80 after 0 ms: Could not connect to server\nthe loadbalancer does not answer',
      )[0]?.role,
    ).toBe('load-balancer');
  });

  it("curl (52) is the connection closed; what `kubectl logs` prints is a pod's", () => {
    expect(readEvents('curl: (52) Empty reply from server')[0]?.outcome).toBe('reset');
    expect(
      readEvents(
        '$ kubectl logs -f wordpress-76b66d5644-76rtc\nMySQL Connection Error: (2002) No route to host',
      )[0]?.vantage,
    ).toBe('pod');
  });
});

describe('loopback', () => {
  it('[::1] is the machine itself; a resolver on loopback is still DNS', () => {
    expect(
      readEvents(
        'connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://[::1]:5000/users/get"',
      )[0]?.role,
    ).toBe('local');
    expect(
      readEvents(
        'dial tcp: lookup mcr.microsoft.com on [::1]:53: read udp [::1]:44017->[::1]:53: read: connection refused',
      )[0]?.role,
    ).not.toBe('local');
  });
});

describe('application clients, read for what they say', () => {
  it('libpq cannot translate a host name: a lookup that failed, for that name', () => {
    const [e] = readEvents(
      'psycopg2.OperationalError: could not translate host name "orders-db.postgres.database.azure.com" to address: Temporary failure in name resolution',
    );
    expect(e).toMatchObject({
      outcome: 'dns-failure',
      dest: { host: 'orders-db.postgres.database.azure.com' },
    });
    expect(readEvents('could not translate host name "db" to address: Try again').map((x) => x.dest)).toEqual(
      [{ host: 'db' }],
    );
  });

  it("ncat's banner names its home page, not where it was connecting", () => {
    const paste = [
      '$ nc -zv 10.244.2.3 9090',
      'Ncat: Version 7.70 ( https://nmap.org/ncat )',
      'Ncat: Connection timed out.',
    ].join('\n');
    expect(readEvents(paste)[0]).toMatchObject({
      outcome: 'timeout',
      role: 'pod-ip',
      dest: { ip: '10.244.2.3' },
    });
  });

  it('a database host Terraform named is not Terraform running on a laptop', () => {
    const paste = [
      '$ kubectl run -it --rm --image=mysql:8 --restart=Never mysql-client -- mysql -h terraform-20240102 -u app -p',
      "ERROR 2003 (HY000): Can't connect to MySQL server on 'terraform-20240102.c5abcdef.eu-west-1.rds.amazonaws.com' (110)",
    ].join('\n');
    expect(readEvents(paste)[0]).toMatchObject({ role: 'external-host', vantage: 'pod' });
  });

  it('an address redacted whole is not a host in a `.xxx` domain', () => {
    expect(
      readEvents('curl: (7) Failed to connect to XXX.XXX.XX.XXX port 8080: Connection timed out')[0]?.role,
    ).not.toBe('external-host');
  });

  it("a client library's own balancer class is not a load balancer; Java's ip/ip:port names the peer", () => {
    const [e] = readEvents(
      'ERROR org.redisson.connection.balancer.LoadBalancerManager - Unable to connect to Redis server: 10.244.3.7/10.244.3.7:6379',
    );
    expect(e).toMatchObject({ role: 'pod-ip', dest: { ip: '10.244.3.7', port: 6379 } });
  });
});

describe("lookups in other tools' words", () => {
  it.each([
    [
      "apt's",
      "Err:1 http://archive.ubuntu.com/ubuntu jammy InRelease\n  Temporary failure resolving 'archive.ubuntu.com'",
      'dns-failure',
      'archive.ubuntu.com',
    ],
    [
      "Windows' Resolve-DnsName",
      'resolve-dnsname : orders.shop : DNS name does not exist',
      'nxdomain',
      'orders.shop',
    ],
    [
      "ClickHouse's and MongoDB's clients",
      'DB::NetException: Host not found: chi-0.clickhouse-headless.data.svc.cluster.local (chi-0.clickhouse-headless.data.svc.cluster.local:9000)',
      'nxdomain',
      'chi-0.clickhouse-headless.data.svc.cluster.local',
    ],
    [
      'an agent in its own words',
      'warning [native] Unable to connect to https://tenant.live.example.com: DNS resolution failed',
      'dns-failure',
      'tenant.live.example.com',
    ],
  ])('%s', (_tool, paste, outcome, host) => {
    expect(readEvents(paste)[0]).toMatchObject({ outcome, dest: { host } });
  });
});

describe("cluster DNS's own complaints", () => {
  it("kube-dns's dnsmasq at its limit of queries in flight is a DNS failure", () => {
    expect(
      readEvents(
        'I0208 19:04:33.947520 1 nanny.go:108] dnsmasq[10]: Maximum number of concurrent DNS queries reached (max: 150)',
      )[0]?.outcome,
    ).toBe('dns-failure');
  });
});

describe('a log kubectl printed, however kubectl was typed', () => {
  it.each(['kubectl -n ingress logs ctrl-0 --previous', '$ k -n ingress logs ctrl-0 --previous'])(
    '%s',
    (command) => {
      const paste = `${command}\nF1218 03:08:19.406232 1 main.go:147] Get https://10.43.168.1:443/api/v1/namespaces/ingress/secrets/tls: dial tcp 10.43.168.1:443: i/o timeout`;
      expect(readEvents(paste)[0]).toMatchObject({ outcome: 'timeout', role: 'apiserver', vantage: 'pod' });
    },
  );
});

describe('kubectl apply, and the API groups it names', () => {
  it('is a client outside, even when the resources are cert-manager.io ones', () => {
    const paste = [
      'error when retrieving current configuration of:',
      'Resource: "cert-manager.io/v1, Resource=certificates", GroupVersionKind: "cert-manager.io/v1, Kind=Certificate"',
      'from server for: "certificate.yaml": Get "https://34.155.15.145/apis/cert-manager.io/v1/namespaces/web/certificates/tls": net/http: TLS handshake timeout',
    ].join('\n');
    expect(readEvents(paste)[0]).toMatchObject({
      outcome: 'tls-timeout',
      role: 'apiserver',
      vantage: 'outside',
    });
  });
});

describe('a log that wraps a line', () => {
  it("urllib3's pool keeps its host and port when the closing parenthesis moved to the next line", () => {
    const paste =
      "WARNING - HTTPError when attempting to run task. Exception: HTTPSConnectionPool(host='10.2.0.1', port=443\n): Read timed out. (read timeout=None)";
    expect(readEvents(paste)[0]).toMatchObject({
      outcome: 'timeout',
      dest: { ip: '10.2.0.1', port: 443 },
      role: 'apiserver-service',
    });
  });
});

describe("klog's process id", () => {
  it('is 1 in a container: a pod, where a laptop or a node prints its own large pid', () => {
    const line = (pid: number) =>
      `F0319 21:03:36.597392 ${String(pid).padStart(7)} main.go:355] Failed to get nodes: Get "https://10.0.0.1:443/api/v1/nodes": dial tcp 10.0.0.1:443: i/o timeout`;
    expect(readEvents(line(1))[0]?.vantage).toBe('pod');
    expect(readEvents(line(26292))[0]?.vantage).toBe('unknown');
  });
});
