/** The knowledge base in Japanese, by symptom id, then cause id; steps in the symptom module's order. */
import type { SymptomCatalogue } from '../../types.js';

export const symptoms: SymptomCatalogue = {
  'apiserver-unreachable': {
    title: 'kubectl が API サーバーに到達できない',
    seen: '`Unable to connect to the server: dial tcp <ip>:443: i/o timeout`、`connectex: A connection attempt failed`',
    causes: {
      'client-ip-not-authorized': {
        title: 'クライアントのパブリック IP が API サーバーの許可 IP 範囲に入っていない',
        explanation:
          '許可 IP 範囲を設定すると、API サーバーはそれ以外のアドレスからの接続を黙って破棄するため、kubectl はエラーではなくタイムアウトになる。変わりやすい CI エージェントや VPN、自宅のアドレスがよく引っかかる。',
        fix: 'パブリック IP を許可範囲に加える。既存の範囲も残すこと（このフラグは一覧を置き換える）。',
        steps: ['{clientIp}/32 を許可範囲に追加する'],
      },
      'private-cluster': {
        title: 'プライベート クラスターのため、API サーバーにパブリック エンドポイントがない',
        explanation:
          'プライベート クラスターの API サーバーには、その VNet、ピアリングしたネットワーク、またはプライベート エンドポイント経由でしか届かず、FQDN もリンクされたプライベート DNS ゾーンでしか解決できない。それ以外の場所からは名前が解決できないか、接続がタイムアウトする。',
        fix: 'ネットワーク内から kubectl を実行するか、AKS の command invoke でコマンドを送る。',
        steps: [
          'API サーバーへのネットワーク経路なしで、コマンドをクラスター内で実行する',
          'または、プライベート DNS ゾーン経由で {privateFqdn} を解決できる VNet かピアリング先ネットワークの VM から接続する',
        ],
      },
    },
  },
  'node-cannot-reach-apiserver': {
    title: 'ポッドやノードから Kubernetes API サーバーに到達できない',
    seen: 'クラスター内のクライアントが `https://10.0.0.1:443` や API サーバーの FQDN でタイムアウトする。CoreDNS が「kubernetes」を待ち続ける',
    causes: {
      'egress-firewall-rules': {
        title: '送信ファイアウォール（または UDR）がノードから API サーバーへの通信を通さない',
        explanation:
          'ルート テーブルで 0.0.0.0/0 を Azure Firewall やアプライアンスに送る場合、クラスターの送信通信で API サーバーの FQDN か IP の 443 を許可する必要がある。許可がないと kubelet やクラスター内のクライアントはタイムアウトし、SNI なしで IP 指定で呼ぶクライアントは FQDN ルールで拒否される。',
        fix: 'ファイアウォールでクラスターの API サーバーへの 443 を許可する（FQDN タグ AzureKubernetesService で足りる）。',
        steps: ['Azure Firewall で、ノード サブネットから AKS の FQDN タグへの 443 を許可する'],
      },
      'network-policy': {
        title: 'ネットワーク ポリシーがポッドから API サーバーへの送信を遮断している',
        explanation:
          'ポッドを選択する送信ネットワーク ポリシーが API サーバーのアドレス（kubernetes Service の IP と、その背後のコントロール プレーンの IP）を許可していないと、呼び出しは破棄される。影響を受けるのはポリシーが選択したポッドだけで、ノード自身は API サーバーに届く。',
        fix: '{policy} で API サーバーのアドレスへの 443 の送信を許可する。',
        steps: ['ポリシーを編集し、API サーバーへの 443 の送信を許可する'],
      },
      'client-ip-not-authorized': {
        title: 'クラスター自身の送信 IP が API サーバーの許可 IP 範囲に入っていない',
        explanation:
          '許可 IP 範囲を設定した場合、クラスターの送信パブリック IP もそこに含める必要があり、さもないとノードからパブリック エンドポイントへの呼び出しが破棄される。送信の種類を変えたり NAT ゲートウェイやファイアウォールを追加したりすると送信 IP が変わるため、その後によく起こる。',
        fix: 'クラスターの送信 IP を許可範囲に加える。既存の範囲は残すこと。',
        steps: ['{egressIp}/32 を許可範囲に追加する'],
      },
      'private-dns': {
        title: 'ノードがプライベート クラスターの API サーバー名を解決できない',
        explanation:
          'プライベート クラスターの FQDN はそのプライベート DNS ゾーンでしか解決できない。VNet のカスタム DNS サーバーは privatelink.<region>.azmk8s.io を Azure DNS（168.63.129.16）に転送するか、ゾーンを自分で持つ必要がある。そうでないとノードはクラスターに参加できず、kubelet は API サーバーを見つけられない。',
        fix: 'ノードが使う DNS の VNet にプライベート DNS ゾーンをリンクするか、ゾーンを 168.63.129.16 に転送する。',
        steps: ['プライベート DNS ゾーンをノードの VNet にリンクする'],
      },
    },
  },
  'tunnel-10250': {
    title: 'API サーバーがポート 10250 の kubelet に届かない（logs/exec/port-forward が失敗）',
    seen: '`kubectl get` は動くのに、`kubectl logs/exec/port-forward` が `dial tcp <node-ip>:10250: i/o timeout` や `error dialing backend` で失敗する',
    causes: {
      'nsg-blocks-10250': {
        title: 'ノード サブネットか NIC の NSG が TCP 10250 を拒否している',
        explanation:
          '既定の規則より優先度の高いカスタムのネットワーク セキュリティ グループ規則がポート 10250 への通信を拒否し、トンネルが kubelet に接続を渡せない。AKS がこのような規則を自分で加えることはなく、ポリシーか手作りの全拒否規則が原因だ。',
        fix: '遮断している規則より前に、VNet 内の TCP 10250 を許可する。',
        steps: ['{blockingRule} より優先度の高い許可規則を追加する'],
      },
      'egress-port-blocked': {
        title: 'ノードがトンネルを開けない: トンネルのポートで API サーバーへの送信が遮断されている',
        explanation:
          'トンネルはノードからコントロール プレーンへ向けて開かれる。konnectivity-agent は 443、tunnelfront は 9000、aks-link は 1194（UDP/TCP）を使う。ファイアウォール、UDR、NSG がこの送信を破棄すると、エージェントのポッドは再起動を繰り返すか切断されたままになり、logs/exec はすべてタイムアウトする。',
        fix: 'ノード サブネットから API サーバーへのトンネル ポートの送信を許可し、トンネルのポッドを再起動する。',
        steps: [
          'NSG かファイアウォールで、API サーバー（またはサービス タグ AzureCloud）への {tunnelPort} の送信を許可する',
          'トンネルのポッドを再起動して再接続させる',
        ],
      },
      'ufw-blocks-10250': {
        title: 'ノードの ufw が有効で、10250 を許可していない',
        explanation:
          'AKS のノードは ufw 無効で出荷される。誰か（多くは堅牢化スクリプト）が有効にし、既定の拒否で kubelet のポートがふさがれた。影響はそのノードのポッドだけなので、ログが見られるポッドと見られないポッドが出る。',
        fix: 'ノードを再イメージ化する（サポートされる方法）か、そのノードの ufw で 10250 を許可する。エージェント ノードを直接変更すると AKS のサポート対象外になる。',
        steps: [
          'サポート対象: インスタンスを再イメージ化し、AKS イメージの既定（ufw 無効）に戻す',
          'またはノード上で: kubelet のポートを許可する',
        ],
      },
      'iptables-drops-10250': {
        title: 'ノードの iptables 規則が 10250 を破棄または拒否している',
        explanation:
          'ノードの INPUT チェーン（またはそこからジャンプするチェーン）の規則が、受け入れより先に TCP 10250 を破棄している。たいていはセキュリティ エージェントか DaemonSet が加えたものだ。kubelet は動いているが、接続が一つも届かない。',
        fix: '規則を加えるもの（DaemonSet、エージェント）を取り除き、ノードを再イメージ化する。手で規則を消しても再び加えられるまでしかもたず、ノードは AKS のサポート対象外になる。',
        steps: [
          'サポート対象: 規則の出どころを取り除いてから、インスタンスを再イメージ化する',
          'またはノード上で: {chain} の規則 {ruleNumber} を削除する（直前に番号を読み直すこと）',
        ],
      },
      'snat-exhaustion': {
        title: '送信ロード バランサーの SNAT ポートが枯渇している',
        explanation:
          '各ノードには AKS のロード バランサー上で決まった数の送信 SNAT ポートが割り当てられる。忙しいポッドが使い切ると、トンネルを含む新しい送信接続がときどき失敗する。完全な遮断ではなく、負荷に応じて出たり消えたりするタイムアウトとして現れる。',
        fix: '各ノードの SNAT ポートを増やす: 送信 IP を増やしてノードごとの割り当てを明示するか、NAT ゲートウェイを使う。',
        steps: ['送信 IP とノードあたりのポート数を増やす'],
      },
    },
  },
  'pod-ip-exhaustion': {
    title: 'ポッドに IP アドレスが割り当てられない',
    seen: 'ポッドが ContainerCreating のまま止まる: `Failed to allocate address`、`not enough IPs available`、`no IP addresses available in range set`',
    causes: {
      'ipam-leak': {
        title: 'CNI が削除されたポッドのアドレスを解放していない',
        explanation:
          'kubenet の host-local IPAM は払い出したアドレスごとにファイルを持つ。コンテナーが正常に片付かずに終わる（ノードの逼迫、ランタイムのクラッシュ）とファイルが残り、そのアドレスは二度と使われない。ノードの範囲が、動いているどのポッドのものでもないアドレスで埋まっていく。',
        fix: 'ノードをドレインして再イメージ化し、IPAM の記録を消す。コンテナーを異常終了させている原因も探す。',
        steps: [
          '{node} からポッドを退避させる',
          'インスタンスを再イメージ化し、空の IPAM 記録で起動させる',
          'ポッドを再びスケジュールできるようにする',
        ],
      },
      'pod-churn-outpaces-gc': {
        title: 'アドレスが返却されるより速くポッドが作成と削除を繰り返している',
        explanation:
          '数百単位で起動する Job、CronJob、クラッシュを繰り返すポッドは、サンドボックスが片付くまでアドレスを握ったままになり、範囲の小さいノード（kubenet の /24、Azure CNI の max-pods）は断続的に枯渇する。作成と削除の嵐が収まれば自然に回復する点が、リークとの見分け方だ。',
        fix: '作成と削除を分散させる: Job の並列度を抑え、終了したポッドを片付けるか、ノードやポッドの範囲を増やす。',
        steps: [
          '終了したポッドを自動で片付け（Job の ttlSecondsAfterFinished）、今ある終了済みのポッドを削除する',
          'ノードを追加して、使えるアドレスを増やす',
        ],
      },
      'subnet-exhausted': {
        title: 'サブネットにポッド用の空きアドレスがない（Azure CNI）',
        explanation:
          'Azure CNI ではポッドごとに VNet サブネットのアドレスを使い、各ノードは max-pods 分を前もって（動的割り当てならまとめて）確保するため、ノード分だけを見込んだサブネットは足りなくなる。するとスケールアウト、アップグレード（サージ ノード）、新しいポッドが CNS やサブネット容量のエラーで失敗する。',
        fix: 'ポッドのアドレスを増やす: 新しいノード プール用に大きなサブネットを新設する（使用中のサブネットはノードがアドレスを持つ間は広げられない）か、Azure CNI Overlay に移行する。',
        steps: [
          'より大きなサブネットを作成する',
          'そこにノード プールを追加し、ワークロードを移してから古いプールを削除する',
        ],
      },
    },
  },
  'service-unreachable-in-cluster': {
    title: 'クラスター内から Service に到達できない',
    seen: 'ポッドが Service を呼ぶと `connection refused`、リセット、タイムアウトになる。イングレスが 502/503/504 を返す',
    causes: {
      'no-endpoints-selector-mismatch': {
        title: 'Service のセレクターに一致する準備完了のポッドがなく、エンドポイントがない',
        explanation:
          'Service は、セレクターとラベルが一致する準備完了のポッドにしか転送しない。ラベルの打ち間違い、Deployment のテンプレート変更、readiness に失敗するポッドがあると、エンドポイントがなくなる。ポッドは動いているのに、呼び出しは拒否される（イングレスなら 503）。',
        fix: 'セレクターとポッドのラベルを一致させる（またはポッドの readiness を直す）。',
        steps: [
          'セレクターと、本来対象となるポッドのラベルを見比べる',
          'セレクターをポッドのラベルに合わせる',
        ],
      },
      'target-port-mismatch': {
        title: 'Service の targetPort がコンテナーの待ち受けポートと違う',
        explanation:
          '通信はポッドに届くが、何も待ち受けていないポートなので拒否される（イングレスなら 502）。コンテナーのポートを変えたのに Service を直していない場合によく起こる。',
        fix: 'targetPort をコンテナーが実際に待ち受けるポートに向ける。',
        steps: ['targetPort を {containerPort} にする'],
      },
      'network-policy': {
        title: 'ネットワーク ポリシーが Service の背後のポッドへの通信を遮断している',
        explanation:
          '宛先ポッドの受信ネットワーク ポリシー（または呼び出し元の送信ポリシー）がこの呼び出し元を許可していないとパケットは破棄され、拒否ではなくタイムアウトとして見える。既定で拒否するポリシーの背後にあるイングレス コントローラーが典型例だ。',
        fix: '{policy} で、呼び出し元（名前空間とポッドのラベル）からサービス ポートへの通信を許可する。',
        steps: ['呼び出し元を許可する受信規則をポリシーに追加する'],
      },
      'kube-proxy-or-iptables': {
        title: 'ノード上で、Service 用の kube-proxy の規則が欠けているか壊れている',
        explanation:
          'kube-proxy は各ノードに、Service の IP をポッドの IP に変換する iptables（または nft）の規則を書き込む。kube-proxy が動いていないか、別のツールが規則を消したり上書きしたりすると、そのノードでは ClusterIP が効かなくなるが、ポッドの IP は応答し続ける。Cilium のクラスターでは kube-proxy が置き換えられており、これらの規則はなくて正常だ。',
        fix: 'ノードの kube-proxy を再起動して規則を書き直させ、規則を消したものを探す。',
        steps: ['{node} の kube-proxy ポッドを再起動する'],
      },
    },
  },
  'lb-service-timeout': {
    title: 'LoadBalancer Service の外部 IP がタイムアウトする',
    seen: 'ポッドは Running かつ Ready なのに `curl: (28) Failed to connect to <public-ip> port 80 ... Timed out` になる',
    causes: {
      'subnet-nsg-missing-rule': {
        title: 'ノード サブネットのカスタム NSG が、インターネットからのサービス ポートを許可していない',
        explanation:
          'AKS は LoadBalancer Service の受信規則を、NIC 単位で自分が管理する NSG にしか追加しない。サブネットに関連付けたカスタム NSG も評価され、既定の規則だけではインターネットからの通信を拒否する（DenyAllInBound、65500）。AzureLoadBalancer は許可されているので正常性プローブは通り、サービスは正常に見える。',
        fix: 'サブネットの NSG で、外部 IP へのサービス ポートを許可する。',
        steps: ['{publicIp} への {port} を許可する受信規則を、65000 より小さい優先度で追加する'],
      },
      'network-policy': {
        title: 'ポッドのネットワーク ポリシーがクラスター外からの通信を許可していない',
        explanation:
          'externalTrafficPolicy が Cluster ならパケットは SNAT 後のノード IP から、Local ならクライアント自身の IP から届く。クラスター内の名前空間だけを許可するポリシーは、どちらも破棄する。ロード バランサーのプローブは成功し続けるため、タイムアウトするのは実際のクライアントだけだ。',
        fix: '{policy} で、外部からのサービス ポートを許可する（ipBlock 0.0.0.0/0、またはクライアントの範囲）。',
        steps: ['クライアント用の ipBlock を持つ受信規則を追加する'],
      },
    },
  },
  'rbac-forbidden': {
    title: 'Kubernetes の RBAC が操作を拒否している',
    seen: '`Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods" ...`',
    causes: {
      'missing-role-binding': {
        title: '{user} に {resource} への「{verb}」を許可するロール バインドがない',
        explanation:
          'Kubernetes は既定で拒否する。ユーザーやサービス アカウントには、このリソースへのこの動詞を含む Role か ClusterRole を、この名前空間かクラスター全体でバインドする必要がある。Kubernetes 向け Azure RBAC では、同じ許可はクラスターか名前空間のスコープでの Azure ロール割り当てになる。',
        fix: '足りない動詞だけを許可するロールを、用が足りる最も狭いスコープでバインドする。',
        steps: [
          '{namespace} にその動詞を持つ Role を作成し、対象にバインドする',
          '拒否はクラスター スコープ: ClusterRole を作成し、クラスター全体でバインドする',
          'Kubernetes 向け Azure RBAC 認可の場合は、代わりに名前空間に {azureRole} を割り当てる',
          'Kubernetes 向け Azure RBAC 認可の場合は、代わりにクラスターに {azureRole} を割り当てる',
        ],
      },
    },
  },
  'outbound-dns': {
    title: 'ポッドやノードで名前解決に失敗する',
    seen: '`no such host`、`no servers could be reached`、CoreDNS の `[ERROR] plugin/errors: ... i/o timeout`',
    causes: {
      'cluster-dns-failure': {
        title: 'CoreDNS が応答していない',
        explanation:
          'CoreDNS のポッドが準備できていない、過負荷になっている、または kube-dns Service にエンドポイントがないと、クラスター内の名前解決はすべてタイムアウトするが、ノード自身は名前を解決できる。10.0.0.10:53 へのクエリのタイムアウトはこれを示す。',
        fix: 'CoreDNS を正常に戻す: ポッドとログを確認し、再起動する。',
        steps: ['CoreDNS のポッドとそのログを確認する', 'CoreDNS を再起動する'],
      },
      'upstream-dns-failure': {
        title: 'CoreDNS の上位 DNS サーバーが応答しない',
        explanation:
          'CoreDNS は外部の名前をノードが使う DNS サーバーに転送する。そのサーバー（168.63.129.16 の Azure DNS かカスタム サーバー）に届かないか障害が起きていると、CoreDNS は `plugin/errors ... i/o timeout` を記録し、ポッドには SERVFAIL が返る。クラスター内部の名前は解決できる。',
        fix: 'ノードから上位サーバーに届くようにする（UDP と TCP の 53）か、VNet を動作する DNS サーバーに向ける。',
        steps: [
          'VNet が配布している DNS サーバーを確認する',
          'NSG かファイアウォールで、ノード サブネットから {dnsServer} への DNS を許可する',
        ],
      },
      'custom-dns-misconfigured': {
        title: 'VNet のカスタム DNS サーバーが、クラスターに必要な名前を解決できない',
        explanation:
          'VNet にカスタム DNS を設定すると、ノードと CoreDNS は Azure の名前やプライベート ゾーンも含めてすべてをそのサーバーに問い合わせる。Azure DNS（168.63.129.16）に転送しないサーバーは、それらに NXDOMAIN を返す。パブリックな名前は解決できても、privatelink の名前や AKS のエンドポイントは失敗することがある。',
        fix: 'カスタム DNS サーバーから Azure と privatelink のゾーンを 168.63.129.16 に転送し、ノードのリゾルバーを再起動する。',
        steps: [
          '{dnsServer} 上で、必要なゾーンを 168.63.129.16 に送る条件付きフォワーダーを追加する',
          'または {vnet} の DNS サーバーを Azure 提供に戻し（ポータル: 仮想ネットワーク > DNS サーバー > 既定）、ノードを再起動して反映させる',
        ],
      },
    },
  },
  'outbound-egress': {
    title: 'ポッドやノードから外部のエンドポイントに到達できない',
    seen: '外部エンドポイントへの呼び出しがタイムアウトするか拒否される。ノードのプロビジョニングが CSE 終了コード 50 で失敗する',
    causes: {
      'egress-firewall-blocks': {
        title: '送信ファイアウォールか NSG が宛先を許可していない',
        explanation:
          '送信の種類が userDefinedRouting の場合や送信 NSG 規則がある場合、明示的に許可していない宛先への通信は破棄され、接続は応答のないままタイムアウトする。AKS 自身が必要とするエンドポイントが遮断されていると、新しいノードのプロビジョニングが失敗する（CSE 終了コード 50）。',
        fix: 'ファイアウォールか NSG で、宛先（と AKS が必要とするエンドポイント）を許可する。',
        steps: ['Azure Firewall で、ノード サブネットから {endpoint} の {port} を許可する'],
      },
      'network-policy': {
        title: 'ポッドの送信ネットワーク ポリシーが宛先を許可していない',
        explanation:
          '送信ポリシーがひとたびポッドを選択すると、許可していない通信はすべて破棄される。記載がなければ DNS も例外ではない。ノードからはエンドポイントに届き、届かないのは選択されたポッドだけだ。',
        fix: '{policy} で、宛先（と 53 番の DNS）への送信を許可する。',
        steps: ['宛先への送信規則を追加する'],
      },
      'snat-exhaustion': {
        title: '送信ロード バランサーの SNAT ポートが枯渇している',
        explanation:
          '各ノードには送信接続用の SNAT ポートが一定数ずつ割り当てられる。同じ宛先への短い接続が多いと使い切り、ポートが解放されるまで新しい接続がときどき失敗する。常時の遮断ではなく、負荷時の散発的なタイムアウトとして現れる。',
        fix: '各ノードの SNAT ポートを増やす（送信 IP の追加、割り当ての明示）か NAT ゲートウェイを使う。アプリでは接続を再利用する。',
        steps: ['送信 IP とノードあたりのポート数を増やす'],
      },
      'endpoint-down': {
        title: 'エンドポイント自体が停止しているか、接続を拒否している',
        explanation:
          '接続の拒否や HTTP エラーは、パケットが相手に届いた証拠だ。向こう側のサービスが待ち受けていないか、正常でない。クラスター内に遮断しているものはない。',
        fix: 'クラスターの外から、また所有者とともにエンドポイントを確認する。AKS で変えることはない。',
        steps: ['別のネットワークから {endpoint} の {port} を確認し、所有者に連絡する'],
      },
    },
  },
};
