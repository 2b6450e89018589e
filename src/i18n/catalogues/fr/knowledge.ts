/** The knowledge base in French, by symptom id, then cause id; steps in the symptom module's order. */
import type { SymptomCatalogue } from '../../types.js';

export const symptoms: SymptomCatalogue = {
  'apiserver-unreachable': {
    title: "kubectl n'atteint pas le serveur API",
    seen: '`Unable to connect to the server: dial tcp <ip>:443: i/o timeout`, `connectex: A connection attempt failed`',
    causes: {
      'client-ip-not-authorized': {
        title: "L'IP publique de votre client n'est pas dans les plages d'IP autorisées du serveur API",
        explanation:
          "Avec des plages d'IP autorisées, le serveur API ignore sans réponse toute autre adresse : kubectl expire au lieu de recevoir une erreur. Les agents de CI et les adresses VPN ou domestiques qui changent en sont les victimes habituelles.",
        fix: 'Ajoutez votre IP publique aux plages autorisées en gardant les existantes (le paramètre remplace la liste).',
        steps: ['Ajouter {clientIp}/32 aux plages autorisées'],
      },
      'private-cluster': {
        title: "Le cluster est privé : son serveur API n'a pas de point de terminaison public",
        explanation:
          "Le serveur API d'un cluster privé n'est joignable que depuis son VNet, des réseaux appairés ou un point de terminaison privé, et son FQDN ne se résout que dans la zone DNS privée liée. Ailleurs, le nom ne se résout pas ou la connexion expire.",
        fix: 'Lancez kubectl depuis le réseau, ou passez la commande par AKS command invoke.',
        steps: [
          'Exécuter la commande dans le cluster, sans accès réseau au serveur API',
          'Ou se connecter depuis une VM du VNet ou d’un réseau appairé dont le DNS résout {privateFqdn} via la zone DNS privée',
        ],
      },
    },
  },
  'node-cannot-reach-apiserver': {
    title: "Les pods ou les nœuds n'atteignent pas le serveur API Kubernetes",
    seen: 'les clients dans le cluster expirent sur `https://10.0.0.1:443` ou sur le FQDN du serveur API ; CoreDNS attend « kubernetes »',
    causes: {
      'egress-firewall-rules': {
        title: 'Le pare-feu de sortie (ou la UDR) empêche les nœuds de joindre le serveur API',
        explanation:
          "Si une table de routage envoie 0.0.0.0/0 vers Azure Firewall ou une appliance, la sortie du cluster doit autoriser le FQDN ou l'IP du serveur API sur 443. Sinon, le kubelet et les clients du cluster expirent ; les clients qui appellent le serveur API par IP sans SNI sont refusés par les règles FQDN.",
        fix: 'Autorisez le serveur API du cluster sur 443 dans le pare-feu (la balise FQDN AzureKubernetesService le couvre).',
        steps: ['Autoriser la balise FQDN AKS sur 443 depuis le sous-réseau des nœuds dans Azure Firewall'],
      },
      'network-policy': {
        title: 'Une stratégie réseau bloque la sortie des pods vers le serveur API',
        explanation:
          "Une stratégie réseau de sortie qui sélectionne les pods sans autoriser l'adresse du serveur API (l'IP du Service kubernetes et celle du plan de contrôle derrière) rejette leurs appels. Seuls les pods sélectionnés sont touchés ; le nœud lui-même atteint toujours le serveur API.",
        fix: "Autorisez la sortie vers l'adresse du serveur API sur 443 dans {policy}.",
        steps: ['Modifier la stratégie pour autoriser la sortie vers le serveur API sur 443'],
      },
      'client-ip-not-authorized': {
        title: "L'IP de sortie du cluster n'est pas dans les plages d'IP autorisées du serveur API",
        explanation:
          "Avec des plages d'IP autorisées, les IP publiques sortantes du cluster doivent y figurer, sinon les appels des nœuds au point de terminaison public sont ignorés. Cela arrive après un changement de type de sortie ou l'ajout d'une passerelle NAT ou d'un pare-feu, car l'IP de sortie change.",
        fix: "Ajoutez l'IP de sortie du cluster aux plages autorisées en gardant les existantes.",
        steps: ['Ajouter {egressIp}/32 aux plages autorisées'],
      },
      'private-dns': {
        title: 'Les nœuds ne résolvent pas le nom du serveur API du cluster privé',
        explanation:
          "Le FQDN d'un cluster privé ne se résout que par sa zone DNS privée ; des serveurs DNS personnalisés sur le VNet doivent transférer privatelink.<region>.azmk8s.io vers Azure DNS (168.63.129.16) ou héberger la zone. Sinon les nœuds ne rejoignent pas le cluster et le kubelet ne trouve pas le serveur API.",
        fix: 'Liez la zone DNS privée au VNet dont les nœuds utilisent le DNS, ou transférez la zone vers 168.63.129.16.',
        steps: ['Lier la zone DNS privée au VNet des nœuds'],
      },
    },
  },
  'tunnel-10250': {
    title: "Le serveur API n'atteint pas le kubelet sur le port 10250 (logs/exec/port-forward échouent)",
    seen: '`kubectl logs/exec/port-forward` échouent avec `dial tcp <node-ip>:10250: i/o timeout` ou `error dialing backend`, alors que `kubectl get` marche',
    causes: {
      'nsg-blocks-10250': {
        title: "Un NSG du sous-réseau des nœuds ou d'une carte réseau refuse TCP 10250",
        explanation:
          "Une règle de groupe de sécurité réseau personnalisée, plus prioritaire que celles par défaut, refuse le port 10250 : le tunnel ne peut plus passer les connexions au kubelet. AKS n'ajoute jamais une telle règle : elle vient d'une stratégie ou d'un « deny-all » fait main.",
        fix: 'Autorisez TCP 10250 dans le VNet avant la règle qui le bloque.',
        steps: ["Ajouter une règle d'autorisation dont la priorité passe avant {blockingRule}"],
      },
      'egress-port-blocked': {
        title:
          'Les nœuds ne peuvent pas ouvrir le tunnel : la sortie vers le serveur API sur le port du tunnel est bloquée',
        explanation:
          "Le tunnel est ouvert des nœuds vers le plan de contrôle : konnectivity-agent utilise 443, tunnelfront 9000 et aks-link 1194 (UDP/TCP). Si un pare-feu, une UDR ou un NSG rejette cette sortie, les pods de l'agent redémarrent ou restent déconnectés et chaque appel logs/exec expire.",
        fix: 'Autorisez la sortie du sous-réseau des nœuds vers le serveur API sur le port du tunnel, puis redémarrez les pods du tunnel.',
        steps: [
          'Autoriser la sortie {tunnelPort} vers le serveur API (ou la balise de service AzureCloud) dans le NSG ou le pare-feu',
          "Redémarrer les pods du tunnel pour qu'ils se reconnectent",
        ],
      },
      'ufw-blocks-10250': {
        title: "ufw est actif sur le nœud et n'autorise pas 10250",
        explanation:
          "Les nœuds AKS sont livrés avec ufw désactivé ; quelqu'un l'a activé (souvent un script de durcissement) et son refus par défaut bloque le port du kubelet. Seuls les pods de ce nœud sont touchés : d'où des logs qui marchent pour certains pods et pas pour d'autres.",
        fix: "Réimagez le nœud (voie supportée) ou autorisez 10250 dans son ufw. Modifier directement un nœud d'agent le sort du support AKS.",
        steps: [
          "Supporté : réimager l'instance pour qu'elle revienne avec les réglages de l'image AKS (ufw désactivé)",
          'Ou sur le nœud : autoriser le port du kubelet',
        ],
      },
      'iptables-drops-10250': {
        title: 'Une règle iptables du nœud rejette ou ignore 10250',
        explanation:
          "Une règle de la chaîne INPUT du nœud (ou d'une chaîne appelée depuis elle) rejette TCP 10250 avant toute acceptation ; elle vient souvent d'un agent de sécurité ou d'un DaemonSet. Le kubelet tourne, mais aucune connexion ne l'atteint.",
        fix: "Supprimez ce qui ajoute la règle (DaemonSet, agent) et réimagez le nœud ; l'effacer à la main tient jusqu'à son retour et sort le nœud du support AKS.",
        steps: [
          "Supporté : réimager l'instance une fois la source de la règle supprimée",
          'Ou sur le nœud : supprimer la règle {ruleNumber} de {chain} (relire le numéro juste avant)',
        ],
      },
      'snat-exhaustion': {
        title: "Les ports SNAT de l'équilibreur de charge sortant sont épuisés",
        explanation:
          "Chaque nœud reçoit un nombre fixe de ports SNAT sortants sur l'équilibreur de charge AKS ; quand des pods chargés les épuisent, les nouvelles connexions sortantes, tunnel compris, échouent par intermittence. Cela se voit comme des expirations qui vont et viennent sous charge plutôt qu'un blocage franc.",
        fix: "Donnez plus de ports SNAT à chaque nœud : davantage d'IP sortantes et une allocation explicite par nœud, ou une passerelle NAT.",
        steps: ['Augmenter les IP sortantes et les ports par nœud'],
      },
    },
  },
  'pod-ip-exhaustion': {
    title: "Les pods n'obtiennent pas d'adresse IP",
    seen: 'pods bloqués en ContainerCreating : `Failed to allocate address`, `not enough IPs available`, `no IP addresses available in range set`',
    causes: {
      'ipam-leak': {
        title: "Le CNI n'a pas libéré les adresses des pods supprimés",
        explanation:
          "L'IPAM host-local de kubenet garde un fichier par adresse attribuée ; si un conteneur est détruit salement (pression sur le nœud, plantage du runtime), le fichier reste et l'adresse n'est jamais réutilisée. La plage du nœud se remplit d'adresses qu'aucun pod actif ne possède.",
        fix: 'Videz et réimagez le nœud pour effacer son stock IPAM ; cherchez ce qui tue les conteneurs salement.',
        steps: [
          'Déplacer les pods hors de {node}',
          "Réimager l'instance, qui redémarre avec un stock IPAM vide",
          'Laisser de nouveau les pods y être planifiés',
        ],
      },
      'pod-churn-outpaces-gc': {
        title: 'Les pods sont créés et supprimés plus vite que les adresses ne sont rendues',
        explanation:
          "Des Jobs, CronJobs ou pods en crash-loop lancés par centaines gardent leurs adresses jusqu'au nettoyage de leurs sandboxes, et un nœud à petite plage (kubenet /24, ou max-pods sous Azure CNI) s'épuise par à-coups. Cela se résorbe quand le va-et-vient cesse, ce qui le distingue d'une fuite.",
        fix: 'Étalez le va-et-vient : limitez le parallélisme des Jobs, nettoyez les pods terminés, ou ajoutez des nœuds ou une plage de pods plus grande.',
        steps: [
          'Nettoyer automatiquement les pods terminés (ttlSecondsAfterFinished des Jobs) et supprimer dès maintenant ceux qui le sont',
          "Ajouter des nœuds pour que le va-et-vient dispose de plus d'adresses",
        ],
      },
      'subnet-exhausted': {
        title: "Le sous-réseau n'a plus d'adresse libre pour les pods (Azure CNI)",
        explanation:
          "Avec Azure CNI chaque pod prend une adresse du sous-réseau du VNet, et chaque nœud en réserve max-pods d'avance (ou par lots, en allocation dynamique) : un sous-réseau dimensionné pour les seuls nœuds s'épuise. Le scale-out, les mises à niveau (nœuds de surge) et les nouveaux pods échouent alors avec des erreurs CNS ou de capacité du sous-réseau.",
        fix: "Donnez plus d'adresses aux pods : un nouveau sous-réseau plus grand pour un nouveau pool de nœuds (un sous-réseau utilisé ne se redimensionne pas tant que des nœuds y ont des adresses), ou passez à Azure CNI Overlay.",
        steps: [
          'Créer un sous-réseau plus grand',
          "Y ajouter un pool de nœuds, puis déplacer les charges et supprimer l'ancien pool",
        ],
      },
    },
  },
  'service-unreachable-in-cluster': {
    title: 'Un Service est injoignable depuis le cluster',
    seen: 'un pod reçoit `connection refused`, une réinitialisation ou une expiration en appelant un Service ; l’ingress répond 502/503/504',
    causes: {
      'no-endpoints-selector-mismatch': {
        title: "Le sélecteur du Service ne correspond à aucun pod prêt : il n'a pas de points de terminaison",
        explanation:
          "Un Service ne transmet qu'aux pods prêts dont les labels correspondent à son sélecteur ; une faute dans un label, un modèle de Deployment modifié ou des pods qui échouent leur readiness le laissent sans points de terminaison. Les appels sont alors refusés (ou un ingress répond 503) alors que les pods tournent.",
        fix: 'Accordez le sélecteur et les labels des pods (ou réparez la readiness des pods).',
        steps: [
          'Comparer le sélecteur aux labels des pods censés le servir',
          'Régler le sélecteur sur les labels des pods',
        ],
      },
      'target-port-mismatch': {
        title: "Le targetPort du Service n'est pas le port sur lequel écoute le conteneur",
        explanation:
          "Le trafic atteint le pod mais sur un port où rien n'écoute : il est refusé (ou l'ingress renvoie 502). Cela suit souvent un changement de port du conteneur que le Service n'a pas reçu.",
        fix: 'Faites pointer targetPort sur le port où le conteneur écoute réellement.',
        steps: ['Régler targetPort sur {containerPort}'],
      },
      'network-policy': {
        title: 'Une stratégie réseau bloque le trafic vers les pods du Service',
        explanation:
          "Une stratégie réseau d'entrée sur les pods de destination (ou de sortie sur l'appelant) qui n'autorise pas cet appelant ignore ses paquets : on voit des expirations plutôt que des refus. Les contrôleurs d'ingress derrière une stratégie de refus par défaut sont le cas d'école.",
        fix: "Autorisez l'appelant (son namespace et les labels de ses pods) sur le port du service dans {policy}.",
        steps: ["Ajouter à la stratégie une règle d'entrée pour l'appelant"],
      },
      'kube-proxy-or-iptables': {
        title: 'Les règles de kube-proxy pour le Service manquent ou sont cassées sur le nœud',
        explanation:
          "kube-proxy écrit sur chaque nœud les règles iptables (ou nft) qui traduisent l'IP du Service en IP de pod ; s'il ne tourne pas, ou si un autre outil vide ou écrase ces règles, le ClusterIP cesse de marcher sur ce nœud alors que les IP des pods répondent. Sur un cluster Cilium, kube-proxy est remplacé et ces règles ne sont pas attendues.",
        fix: "Redémarrez kube-proxy sur le nœud pour qu'il réécrive ses règles ; cherchez ce qui les a vidées.",
        steps: ['Redémarrer le pod kube-proxy sur {node}'],
      },
    },
  },
  'lb-service-timeout': {
    title: "L'IP externe d'un Service LoadBalancer expire",
    seen: '`curl: (28) Failed to connect to <public-ip> port 80 ... Timed out` alors que les pods sont Running et Ready',
    causes: {
      'subnet-nsg-missing-rule': {
        title:
          "Un NSG personnalisé du sous-réseau des nœuds n'autorise pas le port du service depuis Internet",
        explanation:
          "AKS n'ajoute la règle d'entrée d'un Service LoadBalancer qu'au NSG qu'il gère au niveau des cartes réseau ; un NSG personnalisé attaché au sous-réseau est évalué aussi et, avec ses seules règles par défaut, refuse le trafic Internet (DenyAllInBound, 65500). La sonde de santé passe quand même car AzureLoadBalancer est autorisé : le service a l'air sain.",
        fix: "Autorisez le port du service vers l'IP externe dans le NSG du sous-réseau.",
        steps: [
          "Ajouter une règle d'entrée autorisant {port} vers {publicIp}, de priorité inférieure à 65000",
        ],
      },
      'network-policy': {
        title: "Une stratégie réseau sur les pods n'autorise pas le trafic venu de l'extérieur du cluster",
        explanation:
          "Avec externalTrafficPolicy Cluster, les paquets arrivent des IP des nœuds après SNAT, et avec Local de l'IP du client elle-même ; une stratégie qui n'autorise que des namespaces du cluster rejette les deux. Les sondes de l'équilibreur de charge réussissent toujours : seuls les vrais clients expirent.",
        fix: "Autorisez le port du service depuis l'extérieur (ipBlock 0.0.0.0/0, ou les plages des clients) dans {policy}.",
        steps: ["Ajouter une règle d'entrée avec un ipBlock pour les clients"],
      },
    },
  },
  'rbac-forbidden': {
    title: "Le RBAC de Kubernetes refuse l'action",
    seen: '`Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods" ...`',
    causes: {
      'missing-role-binding': {
        title: 'Aucune liaison de rôle ne donne à {user} le droit « {verb} » sur {resource}',
        explanation:
          "Kubernetes refuse par défaut : l'utilisateur ou le compte de service a besoin d'un Role ou d'un ClusterRole avec ce verbe sur cette ressource, lié dans ce namespace ou pour tout le cluster. Avec Azure RBAC pour Kubernetes, le même droit est une attribution de rôle Azure à l'étendue du cluster ou du namespace.",
        fix: 'Liez un rôle qui accorde exactement le verbe manquant, dans la plus petite étendue qui suffit.',
        steps: [
          'Créer un Role avec ce verbe dans {namespace} et le lier au sujet',
          'Le refus est au niveau du cluster : créer un ClusterRole et le lier pour tout le cluster',
          "Avec l'autorisation Azure RBAC pour Kubernetes, attribuer plutôt {azureRole} sur le namespace",
          "Avec l'autorisation Azure RBAC pour Kubernetes, attribuer plutôt {azureRole} sur le cluster",
        ],
      },
    },
  },
  'outbound-dns': {
    title: 'La résolution de noms échoue depuis les pods ou les nœuds',
    seen: '`no such host`, `no servers could be reached`, CoreDNS `[ERROR] plugin/errors: ... i/o timeout`',
    causes: {
      'cluster-dns-failure': {
        title: 'CoreDNS ne répond pas',
        explanation:
          "Si les pods CoreDNS ne sont pas prêts, sont surchargés ou si leur Service kube-dns n'a pas de points de terminaison, chaque résolution dans le cluster expire alors que les nœuds résolvent toujours. Des requêtes vers 10.0.0.10:53 qui expirent mènent ici.",
        fix: 'Remettez CoreDNS en état : examinez ses pods et ses journaux, et redémarrez-le.',
        steps: ['Examiner les pods CoreDNS et leurs journaux', 'Redémarrer CoreDNS'],
      },
      'upstream-dns-failure': {
        title: 'Le serveur DNS amont de CoreDNS ne répond pas',
        explanation:
          'CoreDNS transfère les noms externes aux serveurs DNS du nœud ; quand ce serveur (Azure DNS en 168.63.129.16 ou un serveur personnalisé) est injoignable ou en panne, CoreDNS journalise `plugin/errors ... i/o timeout` et les pods reçoivent SERVFAIL. Les noms internes au cluster se résolvent toujours.',
        fix: 'Rendez le serveur amont joignable depuis les nœuds (UDP et TCP 53), ou faites pointer le VNet vers un serveur DNS qui marche.',
        steps: [
          'Vérifier quels serveurs DNS le VNet distribue',
          'Autoriser le DNS du sous-réseau des nœuds vers {dnsServer} dans le NSG ou le pare-feu',
        ],
      },
      'custom-dns-misconfigured': {
        title: 'Les serveurs DNS personnalisés du VNet ne résolvent pas ce dont le cluster a besoin',
        explanation:
          'Avec un DNS personnalisé sur le VNet, les nœuds et CoreDNS demandent tout à ces serveurs, y compris les noms Azure et les zones privées ; un serveur qui ne transfère pas vers Azure DNS (168.63.129.16) répond NXDOMAIN pour eux. Les noms publics peuvent marcher alors que les noms privatelink et les points de terminaison AKS échouent.',
        fix: 'Transférez les zones Azure et privatelink du serveur DNS personnalisé vers 168.63.129.16, puis redémarrez les résolveurs des nœuds.',
        steps: [
          'Sur {dnsServer} : ajouter un redirecteur conditionnel des zones nécessaires vers 168.63.129.16',
          "Ou remettre les serveurs DNS de {vnet} sur ceux fournis par Azure (portail : Réseau virtuel > Serveurs DNS > Par défaut), puis redémarrer les nœuds pour qu'ils les prennent",
        ],
      },
    },
  },
  'outbound-egress': {
    title: "Les pods ou les nœuds n'atteignent pas un point de terminaison externe",
    seen: "les appels vers un point de terminaison externe expirent ou sont refusés ; le provisionnement d'un nœud échoue avec le code de sortie CSE 50",
    causes: {
      'egress-firewall-blocks': {
        title: "Le pare-feu de sortie ou le NSG n'autorise pas la destination",
        explanation:
          'Avec le type de sortie userDefinedRouting, ou des règles NSG sortantes, tout trafic non autorisé explicitement est ignoré : les connexions expirent sans réponse. Les nouveaux nœuds échouent à se provisionner (CSE 50) quand les points de terminaison dont AKS a lui-même besoin sont bloqués.',
        fix: 'Autorisez la destination (et les points de terminaison requis par AKS) dans le pare-feu ou le NSG.',
        steps: ['Autoriser {endpoint} sur {port} depuis le sous-réseau des nœuds dans Azure Firewall'],
      },
      'network-policy': {
        title: "Une stratégie réseau de sortie sur les pods n'autorise pas la destination",
        explanation:
          "Dès qu'une stratégie de sortie sélectionne un pod, tout ce qu'elle n'autorise pas est rejeté, DNS compris s'il n'y figure pas. Le nœud atteint toujours le point de terminaison ; seuls les pods sélectionnés échouent.",
        fix: 'Autorisez la sortie vers la destination (et vers le DNS sur 53) dans {policy}.',
        steps: ['Ajouter une règle de sortie pour la destination'],
      },
      'snat-exhaustion': {
        title: "Les ports SNAT de l'équilibreur de charge sortant sont épuisés",
        explanation:
          "Chaque nœud reçoit une part fixe de ports SNAT pour ses connexions sortantes ; beaucoup de connexions courtes vers la même destination les épuisent et les nouvelles échouent par intermittence jusqu'à leur libération. Cela se voit comme des expirations sporadiques sous charge plutôt qu'un blocage constant.",
        fix: "Donnez plus de ports SNAT à chaque nœud (plus d'IP sortantes, allocation explicite) ou utilisez une passerelle NAT ; réutilisez les connexions dans l'application.",
        steps: ['Augmenter les IP sortantes et les ports par nœud'],
      },
      'endpoint-down': {
        title: 'Le point de terminaison lui-même est en panne ou refuse les connexions',
        explanation:
          "Une connexion refusée ou une erreur HTTP prouve que les paquets sont arrivés : le service d'en face n'écoute pas ou va mal. Rien dans le cluster ne le bloque.",
        fix: 'Vérifiez le point de terminaison hors du cluster et avec son propriétaire ; rien à changer dans AKS.',
        steps: ['Vérifier {endpoint} sur {port} depuis un autre réseau et contacter son propriétaire'],
      },
    },
  },
};
