/** The knowledge base in Dutch, by symptom id, then cause id; steps in the symptom module's order. */
import type { SymptomCatalogue } from '../../types.js';

export const symptoms: SymptomCatalogue = {
  'apiserver-unreachable': {
    title: 'kubectl bereikt de API-server niet',
    seen: '`Unable to connect to the server: dial tcp <ip>:443: i/o timeout`, `connectex: A connection attempt failed`',
    causes: {
      'client-ip-not-authorized': {
        title: 'Het openbare IP van je client staat niet in de toegestane IP-bereiken van de API-server',
        explanation:
          'Met toegestane IP-bereiken laat de API-server verbindingen van elk ander adres stil vallen, dus kubectl loopt in een time-out in plaats van een fout te krijgen. CI-agents en VPN- of thuisadressen die wisselen zijn de gebruikelijke slachtoffers.',
        fix: 'Voeg je openbare IP toe aan de toegestane bereiken en houd de bestaande (de optie vervangt de lijst).',
        steps: ['Voeg {clientIp}/32 toe aan de toegestane bereiken'],
      },
      'private-cluster': {
        title: 'Het cluster is privé: de API-server heeft geen openbaar eindpunt',
        explanation:
          'De API-server van een privécluster is alleen bereikbaar vanuit het eigen VNet, gekoppelde netwerken of via een privé-eindpunt, en de FQDN wordt alleen in de gekoppelde privé-DNS-zone omgezet. Van elders wordt de naam niet omgezet of loopt de verbinding in een time-out.',
        fix: 'Draai kubectl vanuit het netwerk, of stuur de opdracht via AKS command invoke.',
        steps: [
          'Voer de opdracht uit binnen het cluster, zonder netwerktoegang tot de API-server',
          'Of maak verbinding vanaf een VM in het VNet of een gekoppeld netwerk waarvan de DNS {privateFqdn} via de privé-DNS-zone omzet',
        ],
      },
    },
  },
  'node-cannot-reach-apiserver': {
    title: 'Pods of nodes bereiken de Kubernetes-API-server niet',
    seen: 'clients binnen het cluster lopen in een time-out op `https://10.0.0.1:443` of de FQDN van de API-server; CoreDNS wacht op "kubernetes"',
    causes: {
      'egress-firewall-rules': {
        title: 'De uitgaande firewall (of UDR) laat de nodes de API-server niet bereiken',
        explanation:
          'Stuurt een routetabel 0.0.0.0/0 naar Azure Firewall of een appliance, dan moet het uitgaande verkeer van het cluster de FQDN of het IP van de API-server op 443 toestaan. Gebeurt dat niet, dan lopen kubelet en clients in het cluster in een time-out; clients die de API-server op IP aanroepen zonder SNI worden door FQDN-regels geweigerd.',
        fix: 'Sta de API-server van het cluster op 443 toe in de firewall (de FQDN-tag AzureKubernetesService dekt dat).',
        steps: ['Sta in Azure Firewall de AKS-FQDN-tag op 443 toe vanuit het nodesubnet'],
      },
      'network-policy': {
        title: 'Een netwerkbeleid blokkeert uitgaand verkeer van de pods naar de API-server',
        explanation:
          'Een uitgaand netwerkbeleid dat de pods selecteert en het adres van de API-server niet toestaat (het IP van de kubernetes-Service en het IP van het besturingsvlak daarachter) laat hun aanroepen vallen. Alleen pods die het beleid selecteert hebben er last van; de node zelf bereikt de API-server nog.',
        fix: 'Sta in {policy} uitgaand verkeer naar het adres van de API-server op 443 toe.',
        steps: ['Pas het beleid aan zodat uitgaand verkeer naar de API-server op 443 mag'],
      },
      'client-ip-not-authorized': {
        title:
          'Het uitgaande IP van het cluster zelf staat niet in de toegestane IP-bereiken van de API-server',
        explanation:
          'Met toegestane IP-bereiken moeten de uitgaande openbare IP’s van het cluster erin staan, anders vallen de aanroepen van de nodes naar het openbare eindpunt weg. Dat gebeurt na een wijziging van het uitgaande type of na het toevoegen van een NAT-gateway of firewall, omdat het uitgaande IP dan verandert.',
        fix: 'Voeg het uitgaande IP van het cluster toe aan de toegestane bereiken en houd de bestaande.',
        steps: ['Voeg {egressIp}/32 toe aan de toegestane bereiken'],
      },
      'private-dns': {
        title: 'De nodes kunnen de naam van de API-server van het privécluster niet omzetten',
        explanation:
          'De FQDN van een privécluster wordt alleen via de privé-DNS-zone omgezet; eigen DNS-servers op het VNet moeten privatelink.<region>.azmk8s.io doorsturen naar Azure DNS (168.63.129.16) of de zone zelf hosten. Anders komen nodes niet in het cluster en vindt kubelet de API-server niet.',
        fix: 'Koppel de privé-DNS-zone aan het VNet waarvan de nodes de DNS gebruiken, of stuur de zone door naar 168.63.129.16.',
        steps: ['Koppel de privé-DNS-zone aan het VNet van de nodes'],
      },
    },
  },
  'tunnel-10250': {
    title: 'De API-server bereikt de kubelet niet op poort 10250 (logs/exec/port-forward mislukken)',
    seen: '`kubectl logs/exec/port-forward` mislukken met `dial tcp <node-ip>:10250: i/o timeout` of `error dialing backend`, terwijl `kubectl get` werkt',
    causes: {
      'nsg-blocks-10250': {
        title: 'Een NSG op het nodesubnet of de NIC weigert TCP 10250',
        explanation:
          'Een eigen regel in een netwerkbeveiligingsgroep met een hogere prioriteit dan de standaardregels weigert verkeer naar poort 10250, zodat de tunnel geen verbindingen aan de kubelet kan doorgeven. AKS voegt zo’n regel nooit zelf toe: hij komt uit een beleid of een zelfgemaakte deny-all.',
        fix: 'Sta TCP 10250 binnen het VNet toe, vóór de regel die het blokkeert.',
        steps: ['Voeg een toestaanregel toe met een prioriteit die voorgaat op {blockingRule}'],
      },
      'egress-port-blocked': {
        title:
          'De nodes kunnen de tunnel niet openen: uitgaand verkeer naar de API-server op de tunnelpoort is geblokkeerd',
        explanation:
          'De tunnel wordt vanaf de nodes naar het besturingsvlak geopend: konnectivity-agent gebruikt 443, tunnelfront 9000 en aks-link 1194 (UDP/TCP). Laat een firewall, UDR of NSG dat verkeer vallen, dan herstarten de agentpods of blijven ze losgekoppeld, en loopt elke logs/exec-aanroep in een time-out.',
        fix: 'Sta uitgaand verkeer van het nodesubnet naar de API-server op de tunnelpoort toe en herstart daarna de tunnelpods.',
        steps: [
          'Sta in de NSG of firewall uitgaand {tunnelPort} toe naar de API-server (of de servicetag AzureCloud)',
          'Herstart de tunnelpods zodat ze opnieuw verbinden',
        ],
      },
      'ufw-blocks-10250': {
        title: 'ufw staat aan op de node en laat 10250 niet toe',
        explanation:
          'AKS-nodes worden geleverd met ufw uit; iemand heeft het aangezet (vaak een hardeningscript) en de standaardweigering blokkeert de kubeletpoort. Alleen pods op die node hebben er last van, daarom werken logs voor sommige pods wel en voor andere niet.',
        fix: 'Reimage de node (ondersteunde weg) of sta 10250 toe in ufw op de node. Een agentnode rechtstreeks wijzigen valt buiten de AKS-ondersteuning.',
        steps: [
          'Ondersteund: reimage de instantie zodat die terugkomt met de standaardinstellingen van de AKS-image (ufw uit)',
          'Of op de node: sta de kubeletpoort toe',
        ],
      },
      'iptables-drops-10250': {
        title: 'Een iptables-regel op de node laat 10250 vallen of weigert het',
        explanation:
          'Een regel in de INPUT-keten van de node (of een keten waar die naartoe springt) laat TCP 10250 vallen voordat iets het accepteert, meestal toegevoegd door een beveiligingsagent of een DaemonSet. De kubelet draait, maar geen verbinding komt aan.',
        fix: 'Verwijder wat de regel toevoegt (DaemonSet, agent) en reimage de node; de regel met de hand wissen helpt tot hij terugkomt en haalt de node buiten de AKS-ondersteuning.',
        steps: [
          'Ondersteund: reimage de instantie zodra de bron van de regel weg is',
          'Of op de node: verwijder regel {ruleNumber} van {chain} (lees het nummer vlak ervoor opnieuw)',
        ],
      },
      'snat-exhaustion': {
        title: 'De SNAT-poorten op de uitgaande load balancer zijn op',
        explanation:
          'Elke node krijgt een vast aantal uitgaande SNAT-poorten op de AKS-load balancer; als drukke pods ze opmaken, mislukken nieuwe uitgaande verbindingen, de tunnel inbegrepen, met tussenpozen. Je ziet time-outs die onder belasting komen en gaan in plaats van een harde blokkade.',
        fix: 'Geef elke node meer SNAT-poorten: meer uitgaande IP’s en een expliciete toewijzing per node, of een NAT-gateway.',
        steps: ['Verhoog de uitgaande IP’s en de poorten per node'],
      },
    },
  },
  'pod-ip-exhaustion': {
    title: 'Pods krijgen geen IP-adres',
    seen: 'pods blijven hangen in ContainerCreating: `Failed to allocate address`, `not enough IPs available`, `no IP addresses available in range set`',
    causes: {
      'ipam-leak': {
        title: 'De CNI gaf de adressen van verwijderde pods niet vrij',
        explanation:
          'De host-local-IPAM van kubenet houdt per uitgegeven adres een bestand bij; wordt een container onzuiver afgebroken (druk op de node, crash van de runtime), dan blijft het bestand staan en wordt het adres nooit hergebruikt. Het bereik van de node loopt vol met adressen die geen draaiende pod bezit.',
        fix: 'Leeg de node en reimage hem om de IPAM-opslag te wissen; zoek uit wat containers onzuiver stopt.',
        steps: [
          'Verplaats de pods weg van {node}',
          'Reimage de instantie; die start met een lege IPAM-opslag',
          'Laat pods weer op de node plannen',
        ],
      },
      'pod-churn-outpaces-gc': {
        title: 'Pods worden sneller gemaakt en verwijderd dan adressen worden teruggegeven',
        explanation:
          'Jobs, CronJobs of crashende pods die bij honderden starten houden hun adressen vast tot hun sandboxes zijn opgeruimd, en een node met een klein bereik (kubenet /24, of max-pods bij Azure CNI) raakt schoksgewijs leeg. Het verdwijnt vanzelf als het aanmaken en weggooien stopt; daaraan herken je het, anders dan een lek.',
        fix: 'Spreid het verloop: beperk de parallelliteit van Jobs, ruim afgeronde pods op, of voeg nodes of een groter podbereik toe.',
        steps: [
          'Ruim afgeronde pods automatisch op (ttlSecondsAfterFinished bij Jobs) en verwijder de afgeronde pods nu',
          'Voeg nodes toe zodat het verloop meer adressen heeft',
        ],
      },
      'subnet-exhausted': {
        title: 'Het subnet heeft geen vrije adressen meer voor pods (Azure CNI)',
        explanation:
          'Met Azure CNI neemt elke pod een adres uit het VNet-subnet, en elke node reserveert er vooraf max-pods (of in blokken, bij dynamische toewijzing), dus een subnet dat alleen voor de nodes is bemeten raakt op. Opschalen, upgrades (surge-nodes) en nieuwe pods mislukken dan met CNS- of subnetcapaciteitsfouten.',
        fix: 'Geef pods meer adressen: een nieuw, groter subnet voor een nieuwe nodepool (een subnet in gebruik kan niet groeien zolang nodes er adressen hebben), of stap over op Azure CNI Overlay.',
        steps: [
          'Maak een groter subnet',
          'Voeg er een nodepool op toe, verplaats dan de workloads en verwijder de oude pool',
        ],
      },
    },
  },
  'service-unreachable-in-cluster': {
    title: 'Een Service is vanuit het cluster niet bereikbaar',
    seen: 'een pod krijgt `connection refused`, een reset of een time-out bij het aanroepen van een Service; ingress antwoordt 502/503/504',
    causes: {
      'no-endpoints-selector-mismatch': {
        title: 'De selector van de Service past op geen enkele gereede pod, dus er zijn geen endpoints',
        explanation:
          'Een Service stuurt alleen door naar gereede pods waarvan de labels bij de selector passen; een tikfout in een label, een gewijzigde Deployment-template of pods die hun readiness niet halen laten hem zonder endpoints. Aanroepen worden dan geweigerd (of een ingress antwoordt 503) terwijl de pods draaien.',
        fix: 'Laat de selector en de podlabels overeenkomen (of herstel de readiness van de pods).',
        steps: [
          'Vergelijk de selector met de labels van de pods die hem moeten bedienen',
          'Zet de selector op de labels van de pods',
        ],
      },
      'target-port-mismatch': {
        title: 'De targetPort van de Service is niet de poort waarop de container luistert',
        explanation:
          'Verkeer komt bij de pod aan, maar op een poort waar niets luistert, dus het wordt geweigerd (of de ingress geeft 502). Dit volgt vaak op een gewijzigde containerpoort die de Service niet heeft meegekregen.',
        fix: 'Laat targetPort wijzen naar de poort waarop de container echt luistert.',
        steps: ['Zet targetPort op {containerPort}'],
      },
      'network-policy': {
        title: 'Een netwerkbeleid blokkeert verkeer naar de pods achter de Service',
        explanation:
          'Een inkomend netwerkbeleid op de doelpods (of een uitgaand op de aanroeper) dat deze aanroeper niet toestaat laat zijn pakketten vallen; dat zie je als time-outs, niet als weigeringen. Ingress-controllers achter een standaard-weigerbeleid zijn het klassieke geval.',
        fix: 'Sta in {policy} de aanroeper (zijn namespace en podlabels) toe op de servicepoort.',
        steps: ['Voeg een inkomende regel voor de aanroeper aan het beleid toe'],
      },
      'kube-proxy-or-iptables': {
        title: 'De regels van kube-proxy voor de Service ontbreken of zijn kapot op de node',
        explanation:
          'kube-proxy schrijft op elke node de iptables- (of nft-)regels die het Service-IP omzetten in een pod-IP; draait hij niet, of wist of overschrijft een andere tool die regels, dan werkt het ClusterIP op die node niet meer terwijl pod-IP’s nog antwoorden. Op Cilium-clusters is kube-proxy vervangen en horen deze regels er niet te zijn.',
        fix: 'Herstart kube-proxy op de node zodat hij zijn regels opnieuw schrijft; zoek uit wat ze wiste.',
        steps: ['Herstart de kube-proxy-pod op {node}'],
      },
    },
  },
  'lb-service-timeout': {
    title: 'Het externe IP van een LoadBalancer-Service loopt in een time-out',
    seen: '`curl: (28) Failed to connect to <public-ip> port 80 ... Timed out` terwijl de pods Running en Ready zijn',
    causes: {
      'subnet-nsg-missing-rule': {
        title: 'Een eigen NSG op het nodesubnet staat de servicepoort vanaf internet niet toe',
        explanation:
          'AKS voegt de inkomende regel voor een LoadBalancer-Service alleen toe aan de NSG die het op NIC-niveau beheert; een eigen NSG op het subnet wordt ook geëvalueerd en weigert met alleen zijn standaardregels internetverkeer (DenyAllInBound, 65500). De health probe slaagt toch omdat AzureLoadBalancer is toegestaan, waardoor de service gezond lijkt.',
        fix: 'Sta in de subnet-NSG de servicepoort naar het externe IP toe.',
        steps: [
          'Voeg een inkomende toestaanregel toe voor {port} naar {publicIp} met een prioriteit onder 65000',
        ],
      },
      'network-policy': {
        title: 'Een netwerkbeleid op de pods staat geen verkeer van buiten het cluster toe',
        explanation:
          'Met externalTrafficPolicy Cluster komen de pakketten na SNAT van node-IP’s, en met Local van het eigen IP van de client; een beleid dat alleen namespaces binnen het cluster toestaat laat beide vallen. De probes van de load balancer slagen nog, dus alleen echte clients lopen in een time-out.',
        fix: 'Sta in {policy} de servicepoort van buiten toe (ipBlock 0.0.0.0/0, of de bereiken van de clients).',
        steps: ['Voeg een inkomende regel met een ipBlock voor de clients toe'],
      },
    },
  },
  'rbac-forbidden': {
    title: 'Kubernetes-RBAC weigert de actie',
    seen: '`Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods" ...`',
    causes: {
      'missing-role-binding': {
        title: 'Geen rolbinding geeft {user} "{verb}" op {resource}',
        explanation:
          'Kubernetes weigert standaard: de gebruiker of het serviceaccount heeft een Role of ClusterRole nodig met dit werkwoord op deze resource, gebonden in deze namespace of voor het hele cluster. Met Azure RBAC voor Kubernetes is dezelfde toekenning een Azure-roltoewijzing op cluster- of namespaceniveau.',
        fix: 'Bind een rol die precies het ontbrekende werkwoord toekent, in het kleinste bereik dat werkt.',
        steps: [
          'Maak in {namespace} een Role met het werkwoord en bind die aan het subject',
          'De weigering is op clusterniveau: maak een ClusterRole en bind die voor het hele cluster',
          'Met Azure RBAC voor Kubernetes-autorisatie: wijs in plaats daarvan {azureRole} toe op de namespace',
          'Met Azure RBAC voor Kubernetes-autorisatie: wijs in plaats daarvan {azureRole} toe op het cluster',
        ],
      },
    },
  },
  'outbound-dns': {
    title: 'Naamomzetting mislukt vanuit pods of nodes',
    seen: '`no such host`, `no servers could be reached`, CoreDNS `[ERROR] plugin/errors: ... i/o timeout`',
    causes: {
      'cluster-dns-failure': {
        title: 'CoreDNS antwoordt niet',
        explanation:
          'Zijn de CoreDNS-pods niet gereed of overbelast, of heeft hun kube-dns-Service geen endpoints, dan loopt elke opzoeking binnen het cluster in een time-out terwijl de nodes zelf nog namen omzetten. Query’s naar 10.0.0.10:53 die in een time-out lopen wijzen hierheen.',
        fix: 'Maak CoreDNS weer gezond: bekijk de pods en logs, en herstart het.',
        steps: ['Bekijk de CoreDNS-pods en hun logs', 'Herstart CoreDNS'],
      },
      'upstream-dns-failure': {
        title: 'De upstream-DNS-server van CoreDNS antwoordt niet',
        explanation:
          'CoreDNS stuurt externe namen door naar de DNS-servers die de node gebruikt; is die server (Azure DNS op 168.63.129.16 of een eigen server) onbereikbaar of defect, dan logt CoreDNS `plugin/errors ... i/o timeout` en krijgen pods SERVFAIL. Namen binnen het cluster worden gewoon omgezet.',
        fix: 'Maak de upstream bereikbaar vanaf de nodes (UDP en TCP 53), of laat het VNet naar een werkende DNS-server wijzen.',
        steps: [
          'Kijk welke DNS-servers het VNet uitdeelt',
          'Sta in de NSG of firewall DNS toe van het nodesubnet naar {dnsServer}',
        ],
      },
      'custom-dns-misconfigured': {
        title: 'De eigen DNS-servers op het VNet kunnen niet omzetten wat het cluster nodig heeft',
        explanation:
          'Met eigen DNS op het VNet vragen nodes en CoreDNS die servers om alles, ook Azure-namen en privézones; een server die niet doorstuurt naar Azure DNS (168.63.129.16) antwoordt daarvoor NXDOMAIN. Openbare namen kunnen werken terwijl privatelink-namen en AKS-eindpunten mislukken.',
        fix: 'Stuur Azure- en privatelink-zones vanaf de eigen DNS-server door naar 168.63.129.16 en herstart daarna de resolvers van de nodes.',
        steps: [
          'Op {dnsServer}: voeg een voorwaardelijke doorstuurserver voor de benodigde zones naar 168.63.129.16 toe',
          'Of zet de DNS-servers van {vnet} terug op door Azure geleverd (portal: Virtueel netwerk > DNS-servers > Standaard) en herstart daarna de nodes zodat ze dat oppakken',
        ],
      },
    },
  },
  'outbound-egress': {
    title: 'Pods of nodes bereiken een extern eindpunt niet',
    seen: 'aanroepen naar een extern eindpunt lopen in een time-out of worden geweigerd; het inrichten van een node mislukt met CSE-afsluitstatus 50',
    causes: {
      'egress-firewall-blocks': {
        title: 'De uitgaande firewall of NSG staat de bestemming niet toe',
        explanation:
          'Met uitgaand type userDefinedRouting, of uitgaande NSG-regels, valt verkeer naar alles wat niet uitdrukkelijk is toegestaan weg, zodat verbindingen zonder antwoord in een time-out lopen. Nieuwe nodes komen niet op (CSE-afsluitstatus 50) als de eindpunten die AKS zelf nodig heeft geblokkeerd zijn.',
        fix: 'Sta de bestemming (en de eindpunten die AKS vereist) toe in de firewall of NSG.',
        steps: ['Sta in Azure Firewall {endpoint} op {port} toe vanuit het nodesubnet'],
      },
      'network-policy': {
        title: 'Een uitgaand netwerkbeleid op de pods staat de bestemming niet toe',
        explanation:
          'Zodra een uitgaand beleid een pod selecteert, valt alles weg wat het niet toestaat, DNS inbegrepen tenzij dat erin staat. De node bereikt het eindpunt nog, alleen de geselecteerde pods niet.',
        fix: 'Sta in {policy} uitgaand verkeer naar de bestemming (en naar DNS op 53) toe.',
        steps: ['Voeg een uitgaande regel voor de bestemming toe'],
      },
      'snat-exhaustion': {
        title: 'De SNAT-poorten op de uitgaande load balancer zijn op',
        explanation:
          'Elke node krijgt een vast deel van de SNAT-poorten voor uitgaande verbindingen; veel korte verbindingen naar dezelfde bestemming maken ze op, en nieuwe mislukken met tussenpozen tot er poorten vrijkomen. Je ziet sporadische time-outs onder belasting in plaats van een constante blokkade.',
        fix: 'Geef elke node meer SNAT-poorten (meer uitgaande IP’s, expliciete toewijzing) of gebruik een NAT-gateway; hergebruik verbindingen in de app.',
        steps: ['Verhoog de uitgaande IP’s en de poorten per node'],
      },
      'endpoint-down': {
        title: 'Het eindpunt zelf ligt plat of weigert verbindingen',
        explanation:
          'Een geweigerde verbinding of een HTTP-fout betekent dat de pakketten aankwamen: de dienst aan de andere kant luistert niet of is niet gezond. Niets in het cluster blokkeert het.',
        fix: 'Controleer het eindpunt van buiten het cluster en met de eigenaar; in AKS hoeft niets te veranderen.',
        steps: ['Controleer {endpoint} op {port} vanaf een ander netwerk en neem contact op met de eigenaar'],
      },
    },
  },
};
