/** French messages of the Slack bot: see ../en/slack.ts for what each one is. */
import type { SlackMessages } from '../en/messages.js';

export const slack: SlackMessages = {
  'slack.reply.headline': '*{title}* (confiance {confidence})',
  'slack.reply.likelyCauses': 'Causes probables',
  'slack.reply.doesNotFit': '(ne correspond pas au collage)',
  'slack.reply.checksLookAt': 'Ce que regardent les vérifications',
  'slack.reply.foundInPaste': 'Trouvé dans le collage : {parts}',
  'slack.reply.nodes': 'nœuds',
  'slack.reply.redacted': 'Les secrets du collage ont été masqués avant toute lecture et tout stockage.',
  'slack.reply.checksOff':
    "Les vérifications en direct sont désactivées : définissez {setting} pour qu'aksdiag puisse vérifier le cluster.",
  'slack.reply.notRecognised':
    "Je n'ai pas reconnu d'erreur réseau AKS ici. Collez l'erreur entière (sortie kubectl, journaux, curl -v), ou lancez `/aksdiag <cluster>` pour un bilan de santé.",
  'slack.fixes.text': 'commandes de correction pour {title}',

  'slack.button.runOn': 'Lancer les vérifications sur {cluster}',
  'slack.button.runPick': 'Lancer les vérifications (choisir un cluster)',
  'slack.button.showFix': 'Voir les commandes de correction',
  'slack.button.notThis': 'Pas ça',
  'slack.button.rerun': 'Relancer',
  'slack.button.rawOutput': 'Voir la sortie brute',
  'slack.button.resolved': 'Résolu',

  'slack.apply.nsg-allow': 'Corriger : ajouter la règle NSG',
  'slack.apply.authorize-ip': "Corriger : autoriser l'IP",
  'slack.apply.vnet-dns-default': 'Corriger : revenir au DNS Azure',
  'slack.apply.outbound-ports': 'Corriger : plus de ports SNAT',
  'slack.apply.firewall-allow': 'Corriger : ajouter la règle de pare-feu',
  'slack.apply.private-dns-link': 'Corriger : lier la zone DNS',
  'slack.apply.vmss-reimage': 'Corriger : réimager le nœud',
  'slack.apply.ufw-allow-10250': 'Corriger : autoriser 10250 dans ufw',
  'slack.apply.iptables-delete-rule': 'Corriger : supprimer la règle iptables',
  'slack.apply.kube-patch-service': 'Corriger : rectifier le Service',
  'slack.apply.kube-grant': "Corriger : accorder l'accès",
  'slack.apply.kube-delete-pods': 'Corriger : redémarrer les pods',
  'slack.apply.kube-restart': 'Corriger : redémarrer le Deployment',
  'slack.apply.kube-allow-policy': 'Corriger : autoriser le flux',

  'slack.progress.checking': 'Vérification de *{cluster}* pour _{title}_',
  'slack.progress.count': '{done} vérifications sur {total}',
  'slack.progress.text': 'vérification de {cluster} : {done} sur {total}',
  'slack.progress.everything': 'tous les problèmes connus',
  'slack.progress.step': '{title} ({n} sur {count})',
  'slack.run.failed': 'Impossible de vérifier *{cluster}* : {why}',
  'slack.run.failedText': 'impossible de vérifier {cluster} : {why}',

  'slack.verdict.found': 'Trouvé : {title}',
  'slack.verdict.noneOn': 'Aucune cause confirmée sur {cluster}',
  'slack.verdict.checks': '{count, plural, one {# vérification} other {# vérifications}}',
  'slack.verdict.more': '…et {count} de plus',
  'slack.verdict.fix': 'Correctif',
  'slack.verdict.none': 'aucune cause confirmée',
  'slack.status.confirmed': 'Confirmée',
  'slack.status.ruled-out': 'Écartée',
  'slack.status.unknown': 'Non vérifiable',
  'slack.cut': '(coupé : « Voir la sortie brute » montre tout)',
  'slack.overflow': "Plus que ce qu'un message peut contenir : « Voir la sortie brute » montre le reste.",
  'slack.sweep.found':
    'Bilan de santé de {cluster} : {count, plural, one {# problème trouvé} other {# problèmes trouvés}}',
  'slack.sweep.nothing': 'Bilan de santé de {cluster} : rien trouvé',
  'slack.sweep.clean': 'Aucune cause confirmée pour : {symptoms}',
  'slack.raw.text': 'sortie brute de {count, plural, one {# constat} other {# constats}}',
  'slack.raw.none': "Aucun constat n'a été enregistré.",

  'slack.picker.ask': 'Quel cluster ? Choisissez-en un, ou lancez `/aksdiag bind <cluster>` dans ce canal.',
  'slack.picker.which': 'Quel cluster dois-je vérifier ?',
  'slack.picker.placeholder': 'Choisir un cluster',
  'slack.picker.none': "Aucun cluster AKS n'est visible par aksdiag dans les abonnements configurés.",
  'slack.picker.gone': "Ce choix n'est plus proposé : appuyez de nouveau sur « Lancer les vérifications ».",
  'slack.run.already': 'Les vérifications de ce diagnostic sont déjà en cours ; le fil affichera le verdict.',
  'slack.run.off':
    "Les vérifications en direct sont désactivées : définissez AKSDIAG_SUBSCRIPTIONS pour qu'aksdiag puisse vérifier les clusters.",
  'slack.button.foreign': "Ce bouton appartient à un diagnostic d'un autre canal ; rien n'a été fait.",
  'slack.button.expired': "Ce diagnostic a expiré ; collez de nouveau l'erreur.",
  'slack.notThis.thanks':
    '{user} a indiqué que ce diagnostic ne correspond pas au problème. Merci : cela aide à affiner la reconnaissance.',
  'slack.notThis.text': 'marqué comme hors sujet',
  'slack.resolved': '{user} a marqué ceci comme résolu.',

  'slack.fix.gone': "Ce correctif n'est plus proposé : relancez les vérifications.",
  'slack.fix.notApprover':
    'Seules les personnes et les groupes de AKSDIAG_FIX_APPROVERS peuvent appliquer des correctifs. Les commandes sont dans le verdict, à lancer à la main.',
  'slack.fix.cannot': "Impossible d'appliquer ce correctif : {why}.",
  'slack.fix.expired': 'le diagnostic a expiré',
  'slack.fix.noLongerApprover': "vous n'êtes pas sur la liste des approbateurs",
  'slack.fix.busy': "ce correctif est déjà en cours d'application",
  'slack.fix.nothingChanged': "Rien n'a été modifié : {why}.",
  'slack.fix.applied': '{user} a appliqué le correctif : {result}',
  'slack.fix.failed': '{user} a tenté le correctif, qui a échoué : {error}',
  'slack.fix.passes': 'Après le correctif, la vérification passe : {cause} est écartée.',
  'slack.fix.notPassing': 'Après le correctif, {cause} reste {status} : voyez le verdict ci-dessus.',
  'slack.fix.stale':
    "Cette confirmation a déjà servi, a expiré ou ne vous appartient pas : rien n'a été modifié. Appuyez de nouveau sur *Corriger* dans le fil.",

  'slack.modal.title': 'Appliquer le correctif',
  'slack.modal.submit': 'Appliquer',
  'slack.modal.cancel': 'Annuler',
  'slack.modal.close': 'Fermer',
  'slack.modal.willChange': '*Ceci va modifier {cluster} :*',
  'slack.modal.theCluster': 'le cluster',
  'slack.modal.byHand': 'La même chose à la main',
  'slack.modal.after':
    'Les vérifications sont relancées ensuite et le fil dit si la cause a disparu. Chaque tentative est journalisée.',
  'slack.modal.nodeWarning':
    "AKS ne prend pas en charge la modification à la main des réglages d'un nœud : elle se perd au réimage ou à la mise à niveau, et le support AKS peut vous demander de l'annuler. L'alternative prise en charge est une règle NSG (ARM) ou le réimage du nœud.",

  'change.nsg-allow':
    'Ajouter la règle {rule} au NSG {nsg} (groupe de ressources {group}) : autoriser {direction} {protocol} de {source} vers {destination} port {port}, priorité {priority}',
  'change.authorize-ip':
    "Définir les plages d'IP autorisées du serveur d'API de {cluster} (groupe de ressources {group}) à {ranges}",
  'change.vnet-dns-default':
    'Remettre les serveurs DNS du VNet {vnet} (groupe de ressources {group}) sur le DNS fourni par Azure ; les nœuds le prennent au renouvellement de leur bail DHCP ou à leur redémarrage',
  'change.outbound-ports':
    'Donner à chaque nœud de {cluster} (groupe de ressources {group}) {ports} ports SNAT, avec {count, plural, one {# IP sortante gérée} other {# IP sortantes gérées}}',
  'change.firewall-network':
    'Ajouter la règle {rule} à la collection de règles {kind} {collection} du pare-feu Azure {firewall} (groupe de ressources {group}) : autoriser TCP vers {destination} port {port} depuis {source}',
  'change.firewall-fqdn':
    'Ajouter la règle {rule} à la collection de règles {kind} {collection} du pare-feu Azure {firewall} (groupe de ressources {group}) : autoriser HTTPS 443 vers la balise FQDN {tag} depuis {source}',
  'change.private-dns-link':
    'Lier la zone DNS privée {zone} (groupe de ressources {group}) au VNet {vnet} sous le nom {link}, sans inscription automatique',
  'change.vmss-reimage':
    "Réimager le nœud {node} ({vmss} instance {instance}, groupe de ressources {group}) : il redémarre depuis l'image de nœud AKS, et ses pods sont arrêtés puis replanifiés",
  'change.node-script': 'Sur le nœud {node} ({vmss} instance {instance}) : {summary}',
  'change.iptables-delete-rule': 'supprimer la règle {rule} de la chaîne iptables {chain}',
  'change.kube': 'Dans le cluster {cluster} : {change}',
  'change.kube-selector': 'Définir le sélecteur du Service {service} à {selector}',
  'change.kube-target-port': 'Définir le targetPort du port n°{index} du Service {service} à {port}',
  'change.kube-grant':
    'Créer le Role {role} autorisant « {verb} » sur {resource}, et le lier à {user} (RoleBinding {binding})',
  'change.kube-delete-pods':
    'Supprimer le pod {what} du nœud {node} ({namespace}, {selector}) ; son DaemonSet en démarre un nouveau',
  'change.kube-restart':
    'Redémarrer le Deployment {deployment} (rollout restart : ses pods sont remplacés un par un)',
  'change.kube-allow-ingress':
    "Ajouter la NetworkPolicy {policy} autorisant l'entrée sur TCP {port} depuis {peer} pour les pods {selector} (les stratégies existantes restent telles quelles)",
  'change.kube-allow-egress':
    'Ajouter la NetworkPolicy {policy} autorisant la sortie vers {peer} sur TCP {port} pour les pods {selector} (les stratégies existantes restent telles quelles)',
  'change.anySource': "n'importe quelle source",
  'change.anyDestination': "n'importe quelle destination",

  'slack.help.intro':
    '*aksdiag* diagnostique les erreurs réseau AKS. Collez une erreur dans un canal où je suis (ou en message direct), ou :',
  'slack.help.check': '`/aksdiag <cluster>` : vérifie un cluster pour tous les problèmes connus',
  'slack.help.checkError':
    "`/aksdiag <cluster> <texte d'erreur>` : le vérifie pour le problème que montre cette erreur",
  'slack.help.bind':
    '`/aksdiag bind <cluster>` : en fait le cluster par défaut de ce canal pour le bouton « Lancer les vérifications »',
  'slack.help.lang':
    "`/aksdiag lang <code>` : répondre dans ce canal dans cette langue ({codes}) quand Slack ne me donne pas celle d'une personne ; `/aksdiag lang off` l'efface",
  'slack.help.shortcut': 'Sur tout message : *{shortcut}* dans son menu répond dans son fil',
  'slack.help.help': '`/aksdiag help` : ce texte',
  'slack.help.clusters':
    "Un cluster s'écrit `<name>`, `<resourceGroup>/<name>` ou `<subscription>/<resourceGroup>/<name>`.",
  'slack.command.notCluster':
    "{name} n'est pas un cluster. Donnez-le sous la forme `<name>`, `<resourceGroup>/<name>` ou `<subscription>/<resourceGroup>/<name>`.",
  'slack.command.bound': 'Le cluster par défaut de ce canal est désormais {cluster}.',
  'slack.command.asked': '{user} a demandé de vérifier {cluster} pour {what}.',
  'slack.lang.set':
    "Ce canal répond désormais en {language} quand Slack ne me donne pas la langue d'une personne.",
  'slack.lang.cleared': "Ce canal n'a plus de langue propre : {language} s'applique.",
  'slack.lang.show': 'Ce canal : {channel}. Vous : {yours}, {source}.',
  'slack.lang.none': 'aucune',
  'slack.lang.unknown':
    "aksdiag ne parle pas {code} : utilisez l'un de {codes}, ou `off` pour effacer la langue du canal.",

  'slack.shortcut.notMember':
    'Je ne peux pas répondre dans le fil de ce message : je ne suis pas dans ce canal. Invitez-moi avec `/invite @aksdiag` puis réessayez.',
  'slack.shortcut.cannotPost':
    "Je n'ai pas pu publier dans le fil de ce message ({error}) ; rien n'a été publié.",
  'slack.shortcut.noText': "Ce message n'a pas de texte à lire.",
  'slack.shortcut.already': 'Ce message a déjà reçu une réponse : voyez son fil.',

  'slack.source.locale': 'selon votre langue Slack',
  'slack.source.channel': 'selon le réglage de ce canal',
  'slack.source.bot': 'la langue par défaut du bot (AKSDIAG_LANGUAGE)',
  'slack.source.default': 'la langue par défaut',

  'slack.home.recent': 'Vos diagnostics récents',
  'slack.home.noRecent':
    "Aucun pour l'instant. Collez une erreur AKS dans un canal où je suis, ou choisissez *{shortcut}* dans le menu d'un message.",
  'slack.home.status.diagnosed': 'pas encore vérifié',
  'slack.home.status.running': 'vérifications en cours sur {cluster}',
  'slack.home.status.found': 'trouvé sur {cluster} : {causes}',
  'slack.home.status.clean': 'vérifié sur {cluster} : aucune cause confirmée',
  'slack.home.status.failed': 'impossible de vérifier {cluster}',
  'slack.home.status.resolved': 'résolu',
  'slack.home.status.rejected': 'marqué hors sujet',
  'slack.home.status.fix-applied': 'correctif appliqué',
  'slack.home.channels': 'Canaux',
  'slack.home.cluster': 'cluster {cluster}',
  'slack.home.language': 'langue {language}',
  'slack.home.noChannels':
    "Aucun canal n'a encore de cluster ni de langue : `/aksdiag bind <cluster>` et `/aksdiag lang <code>` les définissent.",
  'slack.home.fixes': 'Correctifs récents',
  'slack.home.fixApplied': 'appliqué',
  'slack.home.fixFailed': 'échoué',
  'slack.home.noFixes': "Aucun correctif n'a encore été appliqué depuis Slack.",
  'slack.home.settings': 'Vos réglages',
  'slack.home.yourLanguage': 'Langue : {language}, {source}.',
  'slack.home.channelLanguage':
    'Slack ne me donne pas pour vous une langue que je parle : un canal réglé avec `/aksdiag lang` vous répond donc dans la sienne.',
  'slack.home.mayApply': 'Vous pouvez appliquer des correctifs depuis Slack, après avoir confirmé chacun.',
  'slack.home.mayNotApply':
    'Vous ne pouvez pas appliquer de correctifs depuis Slack : seules les personnes et les groupes de AKSDIAG_FIX_APPROVERS le peuvent. Les commandes figurent dans chaque verdict.',
  'slack.home.fixesOff':
    'Les correctifs ne peuvent pas être appliqués depuis Slack ici : les commandes figurent dans chaque verdict.',
  'slack.home.asOf': 'État au {when}.',

  'azure.heading': "Ce qu'en dit Azure",
  'azure.disagrees':
    "Second avis NSG EN DÉSACCORD : {check} sur {target} : aksdiag l'a trouvé {verdict}, Azure Network Watcher dit {by}",
  'azure.agrees':
    "Second avis NSG d'accord : {check} sur {target} : {verdict} ; Azure Network Watcher : {by}",
  'azure.decided':
    "Second avis NSG tranché par Azure : {check} sur {target} : aksdiag n'a pas pu l'évaluer ; Azure Network Watcher : {by}",
  'azure.watcher': 'Second avis NSG : Network Watcher {why}',
  'azure.notAvailable': 'indisponible ({reason})',
  'azure.notAsked': 'pas interrogé lors de cette exécution',
  'azure.notAskedFlow':
    "pas interrogé sur ce flux (son adresse n'a été connue qu'après les vérifications des nœuds, ou au-delà des flux demandés par exécution)",
  'azure.detectors': 'Détecteurs AKS : {summary}',
  'azure.detectorsPortal': 'Détecteurs AKS dans le portail : {url}',
  'azure.nodeImage': "vérification sortante de l'image de nœud sur {target} : {verdict}",
  'azure.nodeImageDetail': "vérification sortante de l'image de nœud sur {target} : {verdict} ({detail})",

  // Alerts from Alertmanager and Azure Monitor: the alert's message and its thread's notes.
  'slack.alert.firing': ':fire: *En cours*',
  'slack.alert.resolved': ':white_check_mark: *Résolue*',
  'slack.alert.cluster': 'cluster `{cluster}`',
  'slack.alert.noCluster': 'ne nomme aucun cluster',
  'slack.alert.resolvedMark': '_(résolue)_',
  'slack.alert.count': '{total, plural, one {# alerte} other {# alertes}}, {firing} en cours',
  'slack.alert.notShown': '({more} non affichées)',
  'slack.alert.fired': 'déclenchée {n} fois',
  'slack.alert.resolvedTimes': 'résolue {n} fois',
  'slack.alert.notifications':
    '{n, plural, one {# notification} other {# notifications}}, la dernière à {at}',
  'slack.alert.quiet':
    ":zzz: change souvent : ce message est mis à jour, rien de nouveau n'est publié avant {until}",
  'slack.alert.source': 'Source : {link}',
  'slack.alert.text.firing': 'aksdiag : en cours : {title}',
  'slack.alert.text.resolved': 'aksdiag : résolue : {title}',
  'slack.alert.change.resolved': ':white_check_mark: Résolue à {at}.',
  'slack.alert.change.firedAgain': ':fire: De nouveau déclenchée à {at}.',
  'slack.alert.change.checkingAgain': 'Nouvelle vérification de `{cluster}`.',
  'slack.alert.change.text.resolved': 'aksdiag : {title} : résolue',
  'slack.alert.change.text.firedAgain': 'aksdiag : {title} : de nouveau déclenchée',
  'slack.alert.unrecognised': "Je n'ai reconnu aucune erreur réseau AKS dans cette alerte.",
  'slack.alert.unrecognised.running': 'Vérification de `{cluster}` pour chaque problème connu.',
  'slack.alert.unrecognised.off':
    "Les vérifications en direct sont désactivées : définissez AKSDIAG_SUBSCRIPTIONS pour qu'aksdiag puisse vérifier le cluster.",
  'slack.alert.unrecognised.noCluster':
    "Elle ne nomme aucun cluster, rien n'est donc vérifié : ajoutez le cluster aux étiquettes de l'alerte, ou lancez `/aksdiag <cluster>` ici.",
  'slack.alert.unrecognised.text': 'aksdiag : aucune erreur réseau AKS reconnue dans cette alerte',
};
