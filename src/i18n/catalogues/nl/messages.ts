/** Dutch messages (ICU MessageFormat): see ../en/messages.ts for what each one is. */
import type { CoreMessages, Messages } from '../en/messages.js';
import { slack } from './slack.js';

const core: CoreMessages = {
  'note.truncated':
    'De invoer telde {chars} tekens: alleen het begin en het eind ({scanned} tekens) zijn gelezen.',
  'note.masked':
    '{count, plural, one {# geheim is} other {# geheimen zijn}} gemaskeerd voordat er iets werd getoond.',

  'fix.via.arm': 'Azure',
  'fix.via.kubernetes': 'Kubernetes',
  'fix.via.client': 'Jij',
  'fix.via.node': 'Node',
  'fix.warning':
    'Let op: wijziging op de node. Een AKS-agentnode rechtstreeks aanpassen valt buiten de AKS-ondersteuning en gaat verloren bij reimage of upgrade. Kies liever de stap hierboven.',
  'fix.unfilled.before':
    'Waarden tussen <punthaken> staan niet in de geplakte tekst: `aksdiag check <cluster>` (of Controles uitvoeren in Slack) haalt ze uit Azure. Met de hand:',
  'fix.unfilled.after': 'De controles vonden de waarden tussen <punthaken> niet. Met de hand:',

  'status.confirmed': 'BEVESTIGD',
  'status.ruled-out': 'uitgesloten',
  'status.unknown': 'onbekend',

  'terminal.note': 'Let op: {note}',
  'terminal.noMatch': 'Geen AKS-netwerksymptoom herkend.',
  'terminal.closest':
    'Het dichtst bij: {symptom} met {confidence}, onder de {threshold} die nodig is om het te zeggen.',
  'terminal.pasteMore':
    'Plak meer van de fout (de volledige kubectl- of logregel), of controleer elk symptoom op het cluster zelf: aksdiag check <cluster>',
  'terminal.headline': '{symptom}  (zekerheid {confidence})',
  'terminal.recognisedBy': 'Herkend aan: {signals}',
  'terminal.foundInPaste': 'Gevonden in de geplakte tekst:',
  'terminal.toolOutput': 'Tooluitvoer in de geplakte tekst:',
  'terminal.likelyCauses': 'Waarschijnlijke oorzaken:',
  'terminal.doesNotFit': '[past niet bij: {outcomes}]',
  'terminal.pointedAt': '[de geplakte tekst wijst hierheen]',
  'terminal.checks': 'Controles: {checks}',
  'terminal.fix': 'Oplossing:',
  'terminal.alsoPossible': 'Ook mogelijk: {alternatives}',
  'entity.node': 'node',
  'entity.nodeVmss': '{name} (VMSS {vmss}, instantie {instanceId})',
  'entity.apiServer': 'API-server',
  'entity.apiServerDetail':
    '{fqdn} (DNS-voorvoegsel {prefix}, {region}{private, select, yes {, privé} other {}})',
  'entity.rbac': 'RBAC',
  'entity.rbacDenied':
    '{user} mag {verb} niet uitvoeren op {resource} {scope, select, cluster {op clusterniveau} other {in namespace {namespace}}}',
  'entity.ips': 'IP-adressen',
  'entity.ports': 'poorten',
  'entity.namespaces': 'namespaces',
  'entity.pods': 'pods',
  'entity.services': 'services',

  'verdict.forPort': '{kind} (poort {port})',
  'verdict.cut': 'uitvoer door run-command ingekort tot de laatste 4.096 bytes',
  'verdict.note': 'let op: {note}',
  'verdict.inside': 'binnenin: {line}',

  'check.headline':
    '{cluster} ({resourceGroup}) - {symptom}: {count, plural, one {# controle} other {# controles}}',
  'check.sample': '(een steekproef van {checked} van {total} nodes)',
  'check.commandInvoke': 'Kubernetes-objecten gelezen met command invoke (kubectl binnen het cluster).',
  'check.kubeUnavailable': 'Kubernetes-API niet leesbaar: {reason}',
  'check.finding': '{check} op {target}: {verdict}',
  'check.notChecked': 'Niet gecontroleerd:',
  'check.azureEvidence': 'Wat Azure zelf zegt:',
  'check.progress': '{done} van {total} gecontroleerd',

  'cli.nothingToRead': 'niets te lezen: {what}',
  'cli.explainInput': 'geef de fouttekst als argumenten of via stdin',
  'cli.interpretInput':
    'stuur de uitvoer van de tool naar stdin, bijv. ufw status | aksdiag interpret {kind}',
  'cli.emptyExplain': 'de invoer is leeg: geef de fouttekst als argumenten of via stdin',
  'cli.emptyInterpret': 'de invoer is leeg: stuur de uitvoer van de tool naar stdin',
  'cli.binary': 'de invoer lijkt binair (NUL-bytes of stuurtekens): plak liever de fouttekst',
  'cli.innerOutside':
    "--inner noemt de tool binnen een run-command-envelop: gebruik het met 'interpret run-command', of draai direct interpret {inner}",
  'cli.noSymptomInText':
    'geen AKS-netwerksymptoom herkend in --text; noem er een met --symptom ({ids}), of laat beide weg om elk symptoom te controleren',
  'cli.badPort': 'geef een TCP-poort van 1 tot en met 65535',
  'cli.badIp': 'geef een IPv4- of IPv6-adres',
  'cli.badLang': 'aksdiag spreekt geen "{lang}": kies {langs}',
  'cli.helpAfterError': '(aksdiag --help toont het gebruik)',
  'cli.program': 'Herkent AKS-netwerkfouten, leest tooluitvoer en noemt de oorzaak en de oplossing.',
  'cli.version': 'toont de versie',
  'cli.lang': 'de taal van het antwoord: {langs} (standaard: volgens LC_ALL, LC_MESSAGES of LANG, anders en)',
  'cli.explain':
    'stelt een diagnose van een geplakte fout (uit de argumenten, of uit stdin als die er niet zijn)',
  'cli.explain.text': 'de fouttekst',
  'cli.explain.json': 'toont de diagnose als JSON',
  'cli.interpret': 'leest de uitvoer van een tool via stdin en toont het oordeel',
  'cli.interpret.kind': 'welke tool het schreef',
  'cli.interpret.port':
    'de TCP-poort waarvoor de verbinding wordt beoordeeld (iptables-list, ufw-status, nc)',
  'cli.interpret.source': 'bronadres van de verbinding, voor firewallregels die op een bron gelden',
  'cli.interpret.inner':
    'alleen run-command: de tool waarvan de uitvoer in de envelop zit (standaard: daaruit herkend)',
  'cli.interpret.json': 'toont het oordeel als JSON',
  'cli.check':
    'voert de controles van een symptoom uit (of van elk symptoom, zonder --symptom en --text) op een echt cluster en zegt welke oorzaak het is',
  'cli.check.cluster': 'clusternaam, of <resourceGroup>/<name>',
  'cli.check.symptom': 'het symptoom om te controleren',
  'cli.check.text': 'een fouttekst: het symptoom en de resources die erin staan worden gebruikt',
  'cli.check.clientIp': 'je openbare IP, voor de controle van de toegestane bereiken',
  'cli.check.json': 'toont het rapport als JSON',
};

export const messages: Messages = { ...core, ...slack };
