/** The knowledge base in Korean, by symptom id, then cause id; steps in the symptom module's order. */
import type { SymptomCatalogue } from '../../types.js';

export const symptoms: SymptomCatalogue = {
  'apiserver-unreachable': {
    title: 'kubectl이 API 서버에 닿지 못함',
    seen: '`Unable to connect to the server: dial tcp <ip>:443: i/o timeout`, `connectex: A connection attempt failed`',
    causes: {
      'client-ip-not-authorized': {
        title: '클라이언트의 공용 IP가 API 서버의 허용 IP 범위에 없음',
        explanation:
          '허용 IP 범위가 설정되면 API 서버는 다른 주소의 연결을 조용히 버리므로 kubectl은 오류 대신 시간 초과가 난다. 주소가 바뀌는 CI 에이전트, VPN, 집 주소가 흔히 걸린다.',
        fix: '공용 IP를 허용 범위에 추가하고 기존 범위는 유지한다(이 플래그는 목록을 통째로 바꾼다).',
        steps: ['{clientIp}/32를 허용 범위에 추가'],
      },
      'private-cluster': {
        title: '프라이빗 클러스터라서 API 서버에 공용 엔드포인트가 없음',
        explanation:
          '프라이빗 클러스터의 API 서버는 자기 VNet, 피어링된 네트워크, 프라이빗 엔드포인트를 통해서만 닿고, FQDN도 연결된 프라이빗 DNS 영역에서만 풀린다. 다른 곳에서는 이름이 풀리지 않거나 연결이 시간 초과된다.',
        fix: '네트워크 안에서 kubectl을 실행하거나 AKS command invoke로 명령을 보낸다.',
        steps: [
          'API 서버로 가는 네트워크 없이 클러스터 안에서 명령을 실행',
          '또는 프라이빗 DNS 영역으로 {privateFqdn}을 푸는 VNet이나 피어링된 네트워크의 VM에서 접속',
        ],
      },
    },
  },
  'node-cannot-reach-apiserver': {
    title: '파드나 노드가 Kubernetes API 서버에 닿지 못함',
    seen: '클러스터 안의 클라이언트가 `https://10.0.0.1:443`이나 API 서버 FQDN에서 시간 초과된다. CoreDNS가 "kubernetes"를 기다린다',
    causes: {
      'egress-firewall-rules': {
        title: '송신 방화벽(또는 UDR)이 노드에서 API 서버로 가는 트래픽을 막음',
        explanation:
          '라우팅 테이블이 0.0.0.0/0을 Azure Firewall이나 어플라이언스로 보내면, 클러스터 송신에서 API 서버의 FQDN이나 IP의 443을 허용해야 한다. 허용하지 않으면 kubelet과 클러스터 안 클라이언트가 시간 초과되고, SNI 없이 IP로 API 서버를 부르는 클라이언트는 FQDN 규칙에 거부된다.',
        fix: '방화벽에서 클러스터 API 서버의 443을 허용한다(FQDN 태그 AzureKubernetesService로 충분).',
        steps: ['Azure Firewall에서 노드 서브넷으로부터 AKS FQDN 태그의 443을 허용'],
      },
      'network-policy': {
        title: '네트워크 정책이 파드에서 API 서버로 가는 송신을 막음',
        explanation:
          '파드를 선택하는 송신 네트워크 정책이 API 서버 주소(kubernetes Service IP와 그 뒤의 컨트롤 플레인 IP)를 허용하지 않으면 호출이 버려진다. 정책이 선택한 파드만 영향을 받고, 노드 자신은 여전히 API 서버에 닿는다.',
        fix: '{policy}에서 API 서버 주소의 443으로 가는 송신을 허용한다.',
        steps: ['정책을 고쳐 API 서버 443으로 가는 송신을 허용'],
      },
      'client-ip-not-authorized': {
        title: '클러스터 자신의 송신 IP가 API 서버의 허용 IP 범위에 없음',
        explanation:
          '허용 IP 범위를 설정하면 클러스터의 송신 공용 IP도 그 안에 있어야 하며, 아니면 노드가 공용 엔드포인트로 보내는 호출이 버려진다. 송신 유형을 바꾸거나 NAT 게이트웨이나 방화벽을 추가하면 송신 IP가 바뀌므로 그 뒤에 자주 생긴다.',
        fix: '클러스터의 송신 IP를 허용 범위에 추가하고 기존 범위는 유지한다.',
        steps: ['{egressIp}/32를 허용 범위에 추가'],
      },
      'private-dns': {
        title: '노드가 프라이빗 클러스터의 API 서버 이름을 풀지 못함',
        explanation:
          '프라이빗 클러스터의 FQDN은 그 프라이빗 DNS 영역으로만 풀린다. VNet의 사용자 지정 DNS 서버는 privatelink.<region>.azmk8s.io를 Azure DNS(168.63.129.16)로 전달하거나 영역을 직접 가져야 한다. 그렇지 않으면 노드가 클러스터에 합류하지 못하고 kubelet이 API 서버를 찾지 못한다.',
        fix: '노드가 쓰는 DNS의 VNet에 프라이빗 DNS 영역을 연결하거나, 영역을 168.63.129.16으로 전달한다.',
        steps: ['프라이빗 DNS 영역을 노드의 VNet에 연결'],
      },
    },
  },
  'tunnel-10250': {
    title: 'API 서버가 포트 10250의 kubelet에 닿지 못함(logs/exec/port-forward 실패)',
    seen: '`kubectl get`은 되는데 `kubectl logs/exec/port-forward`가 `dial tcp <node-ip>:10250: i/o timeout`이나 `error dialing backend`로 실패한다',
    causes: {
      'nsg-blocks-10250': {
        title: '노드 서브넷이나 NIC의 NSG가 TCP 10250을 거부함',
        explanation:
          '기본 규칙보다 우선순위가 높은 사용자 지정 네트워크 보안 그룹 규칙이 포트 10250을 거부해, 터널이 kubelet에 연결을 넘기지 못한다. AKS는 이런 규칙을 스스로 추가하지 않으므로 정책이나 손으로 만든 전체 거부 규칙에서 온 것이다.',
        fix: '막는 규칙보다 앞에서 VNet 안의 TCP 10250을 허용한다.',
        steps: ['{blockingRule}보다 우선하는 허용 규칙을 추가'],
      },
      'egress-port-blocked': {
        title: '노드가 터널을 열지 못함: 터널 포트로 API 서버에 가는 송신이 막힘',
        explanation:
          '터널은 노드에서 컨트롤 플레인 쪽으로 열린다. konnectivity-agent는 443, tunnelfront는 9000, aks-link는 1194(UDP/TCP)를 쓴다. 방화벽, UDR, NSG가 이 송신을 버리면 에이전트 파드가 재시작을 반복하거나 끊긴 채로 남고 logs/exec 호출은 모두 시간 초과된다.',
        fix: '노드 서브넷에서 API 서버로 가는 터널 포트 송신을 허용한 뒤 터널 파드를 재시작한다.',
        steps: [
          'NSG나 방화벽에서 API 서버(또는 서비스 태그 AzureCloud)로 가는 {tunnelPort} 송신을 허용',
          '터널 파드를 재시작해 다시 연결하게 함',
        ],
      },
      'ufw-blocks-10250': {
        title: '노드의 ufw가 켜져 있고 10250을 허용하지 않음',
        explanation:
          'AKS 노드는 ufw가 꺼진 채로 나온다. 누군가(흔히 보안 강화 스크립트) 이를 켰고 기본 거부가 kubelet 포트를 막았다. 그 노드의 파드만 영향을 받으므로 어떤 파드는 로그가 보이고 어떤 파드는 안 보인다.',
        fix: '노드 이미지를 재설치하거나(지원되는 방법) 그 노드의 ufw에서 10250을 허용한다. 에이전트 노드를 직접 바꾸면 AKS 지원 범위를 벗어난다.',
        steps: [
          '지원됨: 인스턴스 이미지를 재설치해 AKS 이미지 기본값(ufw 꺼짐)으로 되돌림',
          '또는 노드에서: kubelet 포트를 허용',
        ],
      },
      'iptables-drops-10250': {
        title: '노드의 iptables 규칙이 10250을 버리거나 거부함',
        explanation:
          '노드 INPUT 체인(또는 거기서 점프하는 체인)의 규칙이 허용보다 먼저 TCP 10250을 버린다. 보통 보안 에이전트나 DaemonSet이 넣은 것이다. kubelet은 떠 있지만 연결이 하나도 닿지 않는다.',
        fix: '규칙을 넣는 것(DaemonSet, 에이전트)을 없애고 노드 이미지를 재설치한다. 손으로 규칙을 지워도 다시 들어올 때까지만 버티며, 노드는 AKS 지원 범위를 벗어난다.',
        steps: [
          '지원됨: 규칙의 출처를 없앤 뒤 인스턴스 이미지를 재설치',
          '또는 노드에서: {chain}의 규칙 {ruleNumber} 삭제(바로 전에 번호를 다시 읽을 것)',
        ],
      },
      'snat-exhaustion': {
        title: '송신 부하 분산 장치의 SNAT 포트가 고갈됨',
        explanation:
          '각 노드는 AKS 부하 분산 장치에서 정해진 수의 송신 SNAT 포트를 받는다. 바쁜 파드가 이를 다 쓰면 터널을 포함한 새 송신 연결이 간헐적으로 실패한다. 완전한 차단이 아니라 부하에 따라 나타났다 사라지는 시간 초과로 보인다.',
        fix: '노드마다 SNAT 포트를 늘린다: 송신 IP를 늘리고 노드별 할당을 명시하거나 NAT 게이트웨이를 쓴다.',
        steps: ['송신 IP와 노드당 포트 수를 늘림'],
      },
    },
  },
  'pod-ip-exhaustion': {
    title: '파드가 IP 주소를 받지 못함',
    seen: '파드가 ContainerCreating에서 멈춘다: `Failed to allocate address`, `not enough IPs available`, `no IP addresses available in range set`',
    causes: {
      'ipam-leak': {
        title: 'CNI가 삭제된 파드의 주소를 반환하지 않음',
        explanation:
          'kubenet의 host-local IPAM은 내준 주소마다 파일을 하나씩 둔다. 컨테이너가 깔끔하게 정리되지 않고 끝나면(노드 압박, 런타임 충돌) 파일이 남아 그 주소는 다시 쓰이지 않는다. 노드의 범위가 실행 중인 어떤 파드의 것도 아닌 주소로 찬다.',
        fix: '노드를 드레인하고 이미지를 재설치해 IPAM 저장소를 비운다. 컨테이너를 비정상 종료시키는 원인도 찾는다.',
        steps: [
          '{node}에서 파드를 옮김',
          '인스턴스 이미지를 재설치해 빈 IPAM 저장소로 시작',
          '파드가 다시 배치되도록 허용',
        ],
      },
      'pod-churn-outpaces-gc': {
        title: '주소가 반환되는 속도보다 파드 생성과 삭제가 빠름',
        explanation:
          '수백 개씩 뜨는 Job, CronJob, 충돌을 반복하는 파드는 샌드박스가 정리될 때까지 주소를 붙잡고, 범위가 작은 노드(kubenet /24, Azure CNI의 max-pods)는 몰릴 때마다 바닥난다. 생성과 삭제가 멈추면 저절로 풀린다는 점이 누수와 다르다.',
        fix: '생성과 삭제를 분산한다: Job 병렬도를 낮추고 끝난 파드를 정리하거나, 노드나 파드 범위를 늘린다.',
        steps: [
          '끝난 파드를 자동으로 정리하고(Job의 ttlSecondsAfterFinished) 지금 끝나 있는 파드를 삭제',
          '노드를 추가해 쓸 수 있는 주소를 늘림',
        ],
      },
      'subnet-exhausted': {
        title: '서브넷에 파드용 빈 주소가 없음(Azure CNI)',
        explanation:
          'Azure CNI에서는 파드마다 VNet 서브넷의 주소를 쓰고, 노드마다 max-pods만큼을 미리(동적 할당이면 묶음으로) 잡아 두므로, 노드만 보고 정한 서브넷은 모자란다. 그러면 확장, 업그레이드(서지 노드), 새 파드가 CNS나 서브넷 용량 오류로 실패한다.',
        fix: '파드에 주소를 더 준다: 새 노드 풀용으로 더 큰 서브넷을 새로 만들거나(쓰고 있는 서브넷은 노드가 주소를 가진 동안 키울 수 없다) Azure CNI Overlay로 옮긴다.',
        steps: ['더 큰 서브넷을 만듦', '거기에 노드 풀을 추가하고, 워크로드를 옮긴 뒤 기존 풀을 제거'],
      },
    },
  },
  'service-unreachable-in-cluster': {
    title: '클러스터 안에서 Service에 닿지 못함',
    seen: '파드가 Service를 부르면 `connection refused`, 연결 재설정, 시간 초과가 난다. 인그레스가 502/503/504를 돌려준다',
    causes: {
      'no-endpoints-selector-mismatch': {
        title: 'Service 셀렉터에 맞는 준비된 파드가 없어 엔드포인트가 없음',
        explanation:
          'Service는 셀렉터와 레이블이 맞는 준비된 파드에만 전달한다. 레이블 오타, 바뀐 Deployment 템플릿, readiness에 실패하는 파드가 있으면 엔드포인트가 없어진다. 그러면 파드가 돌고 있어도 호출이 거부된다(인그레스는 503).',
        fix: '셀렉터와 파드 레이블을 맞춘다(또는 파드의 readiness를 고친다).',
        steps: ['셀렉터를 원래 받아야 할 파드의 레이블과 비교', '셀렉터를 파드 레이블로 맞춤'],
      },
      'target-port-mismatch': {
        title: 'Service의 targetPort가 컨테이너가 듣는 포트와 다름',
        explanation:
          '트래픽이 파드에 닿지만 아무것도 듣지 않는 포트라서 거부된다(인그레스는 502). 컨테이너 포트를 바꾸고 Service는 그대로 둔 경우에 흔하다.',
        fix: 'targetPort를 컨테이너가 실제로 듣는 포트로 맞춘다.',
        steps: ['targetPort를 {containerPort}로 설정'],
      },
      'network-policy': {
        title: '네트워크 정책이 Service 뒤 파드로 가는 트래픽을 막음',
        explanation:
          '대상 파드의 수신 네트워크 정책(또는 호출자의 송신 정책)이 이 호출자를 허용하지 않으면 패킷이 버려지며, 거부가 아니라 시간 초과로 보인다. 기본 거부 정책 뒤에 있는 인그레스 컨트롤러가 대표적인 경우다.',
        fix: '{policy}에서 호출자(네임스페이스와 파드 레이블)가 서비스 포트로 오는 것을 허용한다.',
        steps: ['정책에 호출자용 수신 규칙을 추가'],
      },
      'kube-proxy-or-iptables': {
        title: '노드에 Service용 kube-proxy 규칙이 없거나 깨짐',
        explanation:
          'kube-proxy는 노드마다 Service IP를 파드 IP로 바꾸는 iptables(또는 nft) 규칙을 쓴다. kube-proxy가 돌지 않거나 다른 도구가 그 규칙을 지우거나 덮어쓰면 그 노드에서 ClusterIP가 동작하지 않지만 파드 IP는 계속 응답한다. Cilium 클러스터에서는 kube-proxy가 대체되어 이 규칙이 없는 게 정상이다.',
        fix: '노드의 kube-proxy를 재시작해 규칙을 다시 쓰게 하고, 규칙을 지운 것을 찾는다.',
        steps: ['{node}의 kube-proxy 파드를 재시작'],
      },
    },
  },
  'lb-service-timeout': {
    title: 'LoadBalancer Service의 외부 IP가 시간 초과됨',
    seen: '파드는 Running이고 Ready인데 `curl: (28) Failed to connect to <public-ip> port 80 ... Timed out`이 난다',
    causes: {
      'subnet-nsg-missing-rule': {
        title: '노드 서브넷의 사용자 지정 NSG가 인터넷에서 오는 서비스 포트를 허용하지 않음',
        explanation:
          'AKS는 LoadBalancer Service의 수신 규칙을 자기가 NIC 수준에서 관리하는 NSG에만 추가한다. 서브넷에 연결된 사용자 지정 NSG도 평가되며, 기본 규칙만으로는 인터넷 트래픽을 거부한다(DenyAllInBound, 65500). AzureLoadBalancer는 허용되므로 상태 프로브는 통과하고 서비스가 멀쩡해 보인다.',
        fix: '서브넷 NSG에서 외부 IP로 가는 서비스 포트를 허용한다.',
        steps: ['{publicIp}로 가는 {port}를 허용하는 수신 규칙을 65000보다 낮은 우선순위로 추가'],
      },
      'network-policy': {
        title: '파드의 네트워크 정책이 클러스터 밖에서 오는 트래픽을 허용하지 않음',
        explanation:
          'externalTrafficPolicy가 Cluster면 패킷은 SNAT 뒤 노드 IP에서, Local이면 클라이언트 자신의 IP에서 온다. 클러스터 안의 네임스페이스만 허용하는 정책은 둘 다 버린다. 부하 분산 장치의 프로브는 계속 성공하므로 실제 클라이언트만 시간 초과된다.',
        fix: '{policy}에서 외부에서 오는 서비스 포트를 허용한다(ipBlock 0.0.0.0/0 또는 클라이언트 범위).',
        steps: ['클라이언트용 ipBlock이 있는 수신 규칙을 추가'],
      },
    },
  },
  'rbac-forbidden': {
    title: 'Kubernetes RBAC가 작업을 거부함',
    seen: '`Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods" ...`',
    causes: {
      'missing-role-binding': {
        title: '{user}에게 {resource}에 대한 "{verb}"을(를) 주는 역할 바인딩이 없음',
        explanation:
          'Kubernetes는 기본적으로 거부한다. 사용자나 서비스 계정에는 이 리소스에 이 동사를 담은 Role이나 ClusterRole이 이 네임스페이스나 클러스터 전체에 바인딩되어 있어야 한다. Kubernetes용 Azure RBAC에서는 같은 권한이 클러스터나 네임스페이스 범위의 Azure 역할 할당이다.',
        fix: '빠진 동사만 정확히 주는 역할을, 통하는 가장 좁은 범위에 바인딩한다.',
        steps: [
          '{namespace}에 그 동사를 가진 Role을 만들고 주체에 바인딩',
          '거부가 클러스터 범위임: ClusterRole을 만들고 클러스터 전체에 바인딩',
          'Kubernetes용 Azure RBAC 권한 부여라면 대신 네임스페이스에 {azureRole}을 할당',
          'Kubernetes용 Azure RBAC 권한 부여라면 대신 클러스터에 {azureRole}을 할당',
        ],
      },
    },
  },
  'outbound-dns': {
    title: '파드나 노드에서 이름 확인이 실패함',
    seen: '`no such host`, `no servers could be reached`, CoreDNS `[ERROR] plugin/errors: ... i/o timeout`',
    causes: {
      'cluster-dns-failure': {
        title: 'CoreDNS가 응답하지 않음',
        explanation:
          'CoreDNS 파드가 준비되지 않았거나 과부하이거나 kube-dns Service에 엔드포인트가 없으면, 클러스터 안의 조회는 모두 시간 초과되지만 노드 자신은 이름을 푼다. 10.0.0.10:53으로 가는 쿼리의 시간 초과가 이를 가리킨다.',
        fix: 'CoreDNS를 정상으로 돌린다: 파드와 로그를 보고 재시작한다.',
        steps: ['CoreDNS 파드와 로그를 확인', 'CoreDNS를 재시작'],
      },
      'upstream-dns-failure': {
        title: 'CoreDNS의 상위 DNS 서버가 응답하지 않음',
        explanation:
          'CoreDNS는 외부 이름을 노드가 쓰는 DNS 서버로 전달한다. 그 서버(168.63.129.16의 Azure DNS 또는 사용자 지정 서버)에 닿지 않거나 고장 나면 CoreDNS는 `plugin/errors ... i/o timeout`을 기록하고 파드는 SERVFAIL을 받는다. 클러스터 내부 이름은 계속 풀린다.',
        fix: '노드에서 상위 서버에 닿게 하거나(UDP와 TCP 53), VNet이 동작하는 DNS 서버를 가리키게 한다.',
        steps: [
          'VNet이 나눠 주는 DNS 서버를 확인',
          'NSG나 방화벽에서 노드 서브넷으로부터 {dnsServer}로 가는 DNS를 허용',
        ],
      },
      'custom-dns-misconfigured': {
        title: 'VNet의 사용자 지정 DNS 서버가 클러스터에 필요한 이름을 풀지 못함',
        explanation:
          'VNet에 사용자 지정 DNS를 두면 노드와 CoreDNS는 Azure 이름과 프라이빗 영역까지 모두 그 서버에 묻는다. Azure DNS(168.63.129.16)로 전달하지 않는 서버는 그런 이름에 NXDOMAIN을 준다. 공용 이름은 되는데 privatelink 이름과 AKS 엔드포인트만 실패할 수 있다.',
        fix: '사용자 지정 DNS 서버에서 Azure와 privatelink 영역을 168.63.129.16으로 전달한 뒤 노드의 리졸버를 재시작한다.',
        steps: [
          '{dnsServer}에서: 필요한 영역을 168.63.129.16으로 보내는 조건부 전달자를 추가',
          '또는 {vnet}의 DNS 서버를 Azure 제공으로 되돌리고(포털: 가상 네트워크 > DNS 서버 > 기본값) 노드를 재시작해 반영',
        ],
      },
    },
  },
  'outbound-egress': {
    title: '파드나 노드가 외부 엔드포인트에 닿지 못함',
    seen: '외부 엔드포인트 호출이 시간 초과되거나 거부된다. 노드 프로비저닝이 CSE 종료 코드 50으로 실패한다',
    causes: {
      'egress-firewall-blocks': {
        title: '송신 방화벽이나 NSG가 대상을 허용하지 않음',
        explanation:
          '송신 유형이 userDefinedRouting이거나 송신 NSG 규칙이 있으면, 명시적으로 허용하지 않은 곳으로 가는 트래픽은 버려져 연결이 응답 없이 시간 초과된다. AKS 자신에게 필요한 엔드포인트가 막혀 있으면 새 노드 프로비저닝이 실패한다(CSE 종료 코드 50).',
        fix: '방화벽이나 NSG에서 대상(과 AKS에 필요한 엔드포인트)을 허용한다.',
        steps: ['Azure Firewall에서 노드 서브넷으로부터 {endpoint}의 {port}를 허용'],
      },
      'network-policy': {
        title: '파드의 송신 네트워크 정책이 대상을 허용하지 않음',
        explanation:
          '송신 정책이 파드를 하나라도 선택하면 허용하지 않은 것은 모두 버려지고, 목록에 없으면 DNS도 마찬가지다. 노드는 엔드포인트에 닿고, 선택된 파드만 닿지 못한다.',
        fix: '{policy}에서 대상(과 53번 DNS)으로 가는 송신을 허용한다.',
        steps: ['대상으로 가는 송신 규칙을 추가'],
      },
      'snat-exhaustion': {
        title: '송신 부하 분산 장치의 SNAT 포트가 고갈됨',
        explanation:
          '각 노드는 송신 연결용 SNAT 포트를 일정량씩 받는다. 같은 대상으로 가는 짧은 연결이 많으면 이를 다 쓰고, 포트가 풀릴 때까지 새 연결이 간헐적으로 실패한다. 늘 막힌 것이 아니라 부하 때 산발적인 시간 초과로 보인다.',
        fix: '노드마다 SNAT 포트를 늘리거나(송신 IP 추가, 할당 명시) NAT 게이트웨이를 쓴다. 앱에서는 연결을 재사용한다.',
        steps: ['송신 IP와 노드당 포트 수를 늘림'],
      },
      'endpoint-down': {
        title: '엔드포인트 자체가 다운됐거나 연결을 거부함',
        explanation:
          '연결 거부나 HTTP 오류는 패킷이 닿았다는 뜻이다. 상대편 서비스가 듣고 있지 않거나 정상이 아니다. 클러스터 안에서 막는 것은 없다.',
        fix: '클러스터 밖에서, 그리고 소유자와 함께 엔드포인트를 확인한다. AKS에서 바꿀 것은 없다.',
        steps: ['다른 네트워크에서 {endpoint}의 {port}를 확인하고 소유자에게 연락'],
      },
    },
  },
};
