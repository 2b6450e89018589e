/** French messages (ICU MessageFormat): see ../en/messages.ts for what each one is. */
import type { CoreMessages, Messages } from '../en/messages.js';
import { slack } from './slack.js';

const core: CoreMessages = {
  'note.truncated':
    "L'entrée faisait {chars} caractères : seuls son début et sa fin ({scanned} caractères) ont été lus.",
  'note.masked':
    '{count, plural, one {# secret a été masqué} other {# secrets ont été masqués}} avant tout affichage.',

  'fix.via.arm': 'Azure',
  'fix.via.kubernetes': 'Kubernetes',
  'fix.via.client': 'Vous',
  'fix.via.node': 'Nœud',
  'fix.warning':
    "Attention : changement sur le nœud. Modifier directement un nœud d'agent AKS sort du support AKS et se perd au réimage ou à la mise à niveau. Préférez l'étape ci-dessus.",
  'fix.unfilled.before':
    'Les valeurs entre <chevrons> ne figurent pas dans le collage : `aksdiag check <cluster>` (ou Lancer les vérifications dans Slack) les lit dans Azure. À la main :',
  'fix.unfilled.after': "Les vérifications n'ont pas trouvé les valeurs entre <chevrons>. À la main :",

  'status.confirmed': 'CONFIRMÉE',
  'status.ruled-out': 'écartée',
  'status.unknown': 'indéterminée',

  'terminal.note': 'Remarque : {note}',
  'terminal.noMatch': 'Aucun symptôme réseau AKS reconnu.',
  'terminal.closest':
    'Le plus proche : {symptom} à {confidence}, sous le seuil de {threshold} pour conclure.',
  'terminal.pasteMore':
    "Collez davantage de l'erreur (la ligne kubectl ou de journal complète), ou vérifiez tous les symptômes sur le cluster : aksdiag check <cluster>",
  'terminal.headline': '{symptom}  (confiance {confidence})',
  'terminal.recognisedBy': 'Reconnu par : {signals}',
  'terminal.foundInPaste': 'Trouvé dans le collage :',
  'terminal.toolOutput': "Sortie d'outil dans le collage :",
  'terminal.likelyCauses': 'Causes probables :',
  'terminal.doesNotFit': '[ne correspond pas : {outcomes}]',
  'terminal.pointedAt': '[le collage pointe ici]',
  'terminal.checks': 'Vérifications : {checks}',
  'terminal.fix': 'Correctif :',
  'terminal.alsoPossible': 'Autres possibilités : {alternatives}',
  'entity.node': 'nœud',
  'entity.nodeVmss': '{name} (VMSS {vmss}, instance {instanceId})',
  'entity.apiServer': 'serveur API',
  'entity.apiServerDetail':
    '{fqdn} (préfixe DNS {prefix}, {region}{private, select, yes {, privé} other {}})',
  'entity.rbac': 'RBAC',
  'entity.rbacDenied':
    '{user} ne peut pas {verb} {resource} {scope, select, cluster {au niveau du cluster} other {dans le namespace {namespace}}}',
  'entity.ips': 'IP',
  'entity.ports': 'ports',
  'entity.namespaces': 'namespaces',
  'entity.pods': 'pods',
  'entity.services': 'services',

  'verdict.forPort': '{kind} (port {port})',
  'verdict.cut': 'sortie tronquée par run-command à ses 4 096 derniers octets',
  'verdict.note': 'remarque : {note}',
  'verdict.inside': "à l'intérieur : {line}",

  'check.headline':
    '{cluster} ({resourceGroup}) - {symptom} : {count, plural, one {# vérification} other {# vérifications}}',
  'check.sample': '(un échantillon de {checked} nœuds sur {total})',
  'check.commandInvoke': 'Objets Kubernetes lus avec command invoke (kubectl dans le cluster).',
  'check.kubeUnavailable': 'API Kubernetes illisible : {reason}',
  'check.finding': '{check} sur {target} : {verdict}',
  'check.notChecked': 'Non vérifié :',
  'check.azureEvidence': "Ce qu'en dit Azure :",
  'check.progress': '{done} sur {total} vérifiés',

  'cli.nothingToRead': 'rien à lire : {what}',
  'cli.explainInput': "passez le texte de l'erreur en arguments ou sur l'entrée standard",
  'cli.interpretInput':
    "envoyez la sortie de l'outil sur l'entrée standard, par ex. ufw status | aksdiag interpret {kind}",
  'cli.emptyExplain': "l'entrée est vide : passez le texte de l'erreur en arguments ou sur l'entrée standard",
  'cli.emptyInterpret': "l'entrée est vide : envoyez la sortie de l'outil sur l'entrée standard",
  'cli.binary':
    "l'entrée semble binaire (octets NUL ou caractères de contrôle) : collez plutôt le texte de l'erreur",
  'cli.innerOutside':
    "--inner désigne l'outil dans une enveloppe run-command : utilisez-le avec « interpret run-command », ou lancez directement interpret {inner}",
  'cli.noSymptomInText':
    'aucun symptôme réseau AKS reconnu dans --text ; nommez-en un avec --symptom ({ids}), ou omettez les deux pour tout vérifier',
  'cli.badPort': 'donnez un port TCP entre 1 et 65535',
  'cli.badIp': 'donnez une adresse IPv4 ou IPv6',
  'cli.badLang': 'aksdiag ne parle pas « {lang} » : choisissez {langs}',
  'cli.helpAfterError': "(aksdiag --help affiche l'aide)",
  'cli.program':
    'Reconnaît les erreurs réseau AKS, interprète la sortie des outils, et nomme la cause et le correctif.',
  'cli.version': 'affiche la version',
  'cli.lang': 'la langue de la réponse : {langs} (par défaut : selon LC_ALL, LC_MESSAGES ou LANG, sinon en)',
  'cli.explain': "diagnostique une erreur collée (en arguments, ou sur l'entrée standard sans argument)",
  'cli.explain.text': "le texte de l'erreur",
  'cli.explain.json': 'affiche le diagnostic en JSON',
  'cli.interpret': "lit la sortie d'un outil sur l'entrée standard et affiche son verdict",
  'cli.interpret.kind': "l'outil qui l'a produite",
  'cli.interpret.port': 'le port TCP pour lequel le flux est jugé (iptables-list, ufw-status, nc)',
  'cli.interpret.source': 'adresse source du flux, pour les règles de pare-feu limitées à une source',
  'cli.interpret.inner':
    "run-command seulement : l'outil dont la sortie est dans l'enveloppe (par défaut : reconnu d'après elle)",
  'cli.interpret.json': 'affiche le verdict en JSON',
  'cli.check':
    "lance les vérifications d'un symptôme (ou de tous, sans --symptom ni --text) sur un cluster réel et dit quelle cause c'est",
  'cli.check.cluster': 'nom du cluster, ou <resourceGroup>/<name>',
  'cli.check.symptom': 'le symptôme à vérifier',
  'cli.check.text': "un texte d'erreur : son symptôme et les ressources qu'il nomme sont utilisés",
  'cli.check.clientIp': 'votre IP publique, pour la vérification des plages autorisées',
  'cli.check.json': 'affiche le rapport en JSON',
};

export const messages: Messages = { ...core, ...slack };
