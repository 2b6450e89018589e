/** Dutch messages of the Slack bot: see ../en/slack.ts for what each one is. */
import type { SlackMessages } from '../en/messages.js';

export const slack: SlackMessages = {
  'slack.reply.headline': '*{title}* (zekerheid {confidence})',
  'slack.reply.likelyCauses': 'Waarschijnlijke oorzaken',
  'slack.reply.doesNotFit': '(past niet bij de geplakte tekst)',
  'slack.reply.checksLookAt': 'Wat de controles bekijken',
  'slack.reply.foundInPaste': 'Gevonden in de geplakte tekst: {parts}',
  'slack.reply.nodes': 'nodes',
  'slack.reply.redacted':
    'Geheimen in de geplakte tekst zijn gemaskeerd voordat er iets werd gelezen of opgeslagen.',
  'slack.reply.checksOff':
    'Live controles staan uit: stel {setting} in zodat aksdiag het cluster kan controleren.',
  'slack.reply.notRecognised':
    'Ik herkende hierin geen AKS-netwerkfout. Plak de hele fout (kubectl-uitvoer, logs, curl -v), of voer `/aksdiag <cluster>` uit voor een gezondheidscontrole.',
  'slack.fixes.text': "oplossingscommando's voor {title}",

  'slack.button.runOn': 'Controles uitvoeren op {cluster}',
  'slack.button.runPick': 'Controles uitvoeren (kies een cluster)',
  'slack.button.showFix': "Oplossingscommando's tonen",
  'slack.button.notThis': 'Dit is het niet',
  'slack.button.rerun': 'Opnieuw uitvoeren',
  'slack.button.rawOutput': 'Ruwe uitvoer tonen',
  'slack.button.resolved': 'Opgelost',

  'slack.apply.nsg-allow': 'Oplossen: NSG-regel toevoegen',
  'slack.apply.authorize-ip': 'Oplossen: IP toestaan',
  'slack.apply.vnet-dns-default': 'Oplossen: terug naar Azure-DNS',
  'slack.apply.outbound-ports': 'Oplossen: meer SNAT-poorten',
  'slack.apply.firewall-allow': 'Oplossen: firewallregel toevoegen',
  'slack.apply.private-dns-link': 'Oplossen: DNS-zone koppelen',
  'slack.apply.vmss-reimage': 'Oplossen: node opnieuw imagen',
  'slack.apply.ufw-allow-10250': 'Oplossen: 10250 toestaan in ufw',
  'slack.apply.iptables-delete-rule': 'Oplossen: iptables-regel verwijderen',
  'slack.apply.kube-patch-service': 'Oplossen: Service corrigeren',
  'slack.apply.kube-grant': 'Oplossen: toegang verlenen',
  'slack.apply.kube-delete-pods': 'Oplossen: pods herstarten',
  'slack.apply.kube-restart': 'Oplossen: Deployment herstarten',
  'slack.apply.kube-allow-policy': 'Oplossen: verkeer toestaan',

  'slack.progress.checking': '*{cluster}* controleren op _{title}_',
  'slack.progress.count': '{done} van {total} controles',
  'slack.progress.text': '{cluster} controleren: {done} van {total}',
  'slack.progress.everything': 'alle bekende problemen',
  'slack.progress.step': '{title} ({n} van {count})',
  'slack.run.failed': 'Kon *{cluster}* niet controleren: {why}',
  'slack.run.failedText': 'kon {cluster} niet controleren: {why}',

  'slack.verdict.found': 'Gevonden: {title}',
  'slack.verdict.noneOn': 'Geen oorzaak bevestigd op {cluster}',
  'slack.verdict.checks': '{count, plural, one {# controle} other {# controles}}',
  'slack.verdict.more': '…en nog {count}',
  'slack.verdict.fix': 'Oplossing',
  'slack.verdict.none': 'geen oorzaak bevestigd',
  'slack.status.confirmed': 'Bevestigd',
  'slack.status.ruled-out': 'Uitgesloten',
  'slack.status.unknown': 'Niet te controleren',
  'slack.cut': '(ingekort: "Ruwe uitvoer tonen" heeft alles)',
  'slack.overflow': 'Meer dan in één bericht past: "Ruwe uitvoer tonen" heeft de rest.',
  'slack.sweep.found':
    'Gezondheidscontrole van {cluster}: {count, plural, one {# probleem} other {# problemen}} gevonden',
  'slack.sweep.nothing': 'Gezondheidscontrole van {cluster}: niets gevonden',
  'slack.sweep.clean': 'Geen oorzaak bevestigd voor: {symptoms}',
  'slack.raw.text': 'ruwe uitvoer van {count, plural, one {# bevinding} other {# bevindingen}}',
  'slack.raw.none': 'Er zijn geen bevindingen vastgelegd.',

  'slack.picker.ask': 'Welk cluster? Kies er een, of voer `/aksdiag bind <cluster>` uit in dit kanaal.',
  'slack.picker.which': 'Welk cluster moet ik controleren?',
  'slack.picker.placeholder': 'Kies een cluster',
  'slack.picker.none': 'aksdiag ziet geen AKS-clusters in de ingestelde abonnementen.',
  'slack.picker.gone': 'Die keuze is er niet meer: druk opnieuw op "Controles uitvoeren".',
  'slack.run.already': 'De controles van deze diagnose lopen al; de thread toont straks het oordeel.',
  'slack.run.off':
    'Live controles staan uit: stel AKSDIAG_SUBSCRIPTIONS in zodat aksdiag clusters kan controleren.',
  'slack.button.foreign': 'Die knop hoort bij een diagnose in een ander kanaal; er is niets gedaan.',
  'slack.button.expired': 'Die diagnose is verlopen; plak de fout opnieuw.',
  'slack.notThis.thanks':
    '{user} gaf aan dat deze diagnose niet het probleem is. Bedankt: zo wordt de herkenning beter.',
  'slack.notThis.text': 'gemarkeerd als niet dit',
  'slack.resolved': '{user} heeft dit als opgelost gemarkeerd.',

  'slack.fix.gone': 'Die oplossing wordt niet meer aangeboden: voer de controles opnieuw uit.',
  'slack.fix.notApprover':
    "Alleen de mensen en groepen in AKSDIAG_FIX_APPROVERS mogen oplossingen toepassen. De commando's staan in het oordeel, om met de hand uit te voeren.",
  'slack.fix.cannot': 'Deze oplossing kan niet worden toegepast: {why}.',
  'slack.fix.expired': 'de diagnose is verlopen',
  'slack.fix.noLongerApprover': 'je staat niet op de lijst van goedkeurders',
  'slack.fix.busy': 'deze oplossing wordt al toegepast',
  'slack.fix.nothingChanged': 'Er is niets gewijzigd: {why}.',
  'slack.fix.applied': '{user} heeft de oplossing toegepast: {result}',
  'slack.fix.failed': '{user} probeerde de oplossing, maar die mislukte: {error}',
  'slack.fix.passes': 'Na de oplossing slaagt de controle: {cause} is uitgesloten.',
  'slack.fix.notPassing': 'Na de oplossing is {cause} nog steeds {status}: zie het oordeel hierboven.',
  'slack.fix.stale':
    'Deze bevestiging is al gebruikt, verlopen of niet van jou: er is niets gewijzigd. Druk in de thread opnieuw op *Oplossen*.',

  'slack.modal.title': 'Oplossing toepassen',
  'slack.modal.submit': 'Toepassen',
  'slack.modal.cancel': 'Annuleren',
  'slack.modal.close': 'Sluiten',
  'slack.modal.willChange': '*Dit wijzigt {cluster}:*',
  'slack.modal.theCluster': 'het cluster',
  'slack.modal.byHand': 'Hetzelfde met de hand',
  'slack.modal.after':
    'Daarna lopen de controles opnieuw en zegt de thread of de oorzaak weg is. Elke poging wordt vastgelegd.',
  'slack.modal.nodeWarning':
    'AKS ondersteunt het met de hand wijzigen van node-instellingen niet: de wijziging verdwijnt bij een nieuwe image of een upgrade, en AKS-support kan vragen haar terug te draaien. Het ondersteunde alternatief is een NSG-regel (ARM) of de node opnieuw imagen.',

  'change.nsg-allow':
    'Regel {rule} toevoegen aan NSG {nsg} (resourcegroep {group}): {direction} {protocol} toestaan van {source} naar {destination} poort {port}, prioriteit {priority}',
  'change.authorize-ip':
    'De toegestane IP-bereiken van de API-server van {cluster} (resourcegroep {group}) instellen op {ranges}',
  'change.vnet-dns-default':
    'De DNS-servers van VNet {vnet} (resourcegroep {group}) terugzetten naar door Azure geleverde DNS; nodes nemen dat over wanneer hun DHCP-lease wordt vernieuwd of ze herstarten',
  'change.outbound-ports':
    'Elke node van {cluster} (resourcegroep {group}) {ports} SNAT-poorten geven, met {count, plural, one {# beheerd uitgaand IP-adres} other {# beheerde uitgaande IP-adressen}}',
  'change.firewall-network':
    'Regel {rule} toevoegen aan {kind}-regelverzameling {collection} van Azure Firewall {firewall} (resourcegroep {group}): TCP toestaan naar {destination} poort {port} vanaf {source}',
  'change.firewall-fqdn':
    'Regel {rule} toevoegen aan {kind}-regelverzameling {collection} van Azure Firewall {firewall} (resourcegroep {group}): HTTPS 443 toestaan naar FQDN-tag {tag} vanaf {source}',
  'change.private-dns-link':
    'Privé-DNS-zone {zone} (resourcegroep {group}) koppelen aan VNet {vnet} als {link}, zonder automatische registratie',
  'change.vmss-reimage':
    'Node {node} ({vmss} instantie {instance}, resourcegroep {group}) opnieuw imagen: hij start opnieuw vanaf de AKS-node-image, en zijn pods worden gestopt en opnieuw ingepland',
  'change.node-script': 'Op node {node} ({vmss} instantie {instance}): {summary}',
  'change.iptables-delete-rule': 'regel {rule} van iptables-keten {chain} verwijderen',
  'change.kube': 'In het cluster {cluster}: {change}',
  'change.kube-selector': 'De selector van Service {service} instellen op {selector}',
  'change.kube-target-port': 'De targetPort van poort #{index} van Service {service} instellen op {port}',
  'change.kube-grant':
    'Role {role} maken die "{verb}" toestaat op {resource}, en die binden aan {user} (RoleBinding {binding})',
  'change.kube-delete-pods':
    'De {what}-pod op node {node} verwijderen ({namespace}, {selector}); zijn DaemonSet start een nieuwe',
  'change.kube-restart':
    'Deployment {deployment} herstarten (rollout restart: de pods worden een voor een vervangen)',
  'change.kube-allow-ingress':
    "NetworkPolicy {policy} toevoegen die inkomend verkeer op TCP {port} vanaf {peer} toestaat voor de pods {selector} (de bestaande policy's blijven zoals ze zijn)",
  'change.kube-allow-egress':
    "NetworkPolicy {policy} toevoegen die uitgaand verkeer naar {peer} op TCP {port} toestaat voor de pods {selector} (de bestaande policy's blijven zoals ze zijn)",
  'change.anySource': 'elke bron',
  'change.anyDestination': 'elke bestemming',

  'slack.help.intro':
    '*aksdiag* stelt AKS-netwerkfouten vast. Plak een fout in een kanaal waar ik in zit (of stuur me een DM), of:',
  'slack.help.check': '`/aksdiag <cluster>`: een cluster controleren op alle bekende problemen',
  'slack.help.checkError':
    '`/aksdiag <cluster> <fouttekst>`: het controleren op het probleem dat die fout toont',
  'slack.help.bind':
    '`/aksdiag bind <cluster>`: het standaardcluster van dit kanaal maken voor de knop "Controles uitvoeren"',
  'slack.help.lang':
    '`/aksdiag lang <code>`: in dit kanaal in die taal ({codes}) antwoorden als Slack me iemands taal niet vertelt; `/aksdiag lang off` wist het',
  'slack.help.shortcut': 'Op elk bericht: *{shortcut}* in het menu antwoordt in de thread ervan',
  'slack.help.help': '`/aksdiag help`: deze tekst',
  'slack.help.clusters':
    'Een cluster schrijf je als `<name>`, `<resourceGroup>/<name>` of `<subscription>/<resourceGroup>/<name>`.',
  'slack.command.notCluster':
    '{name} is geen cluster. Geef het op als `<name>`, `<resourceGroup>/<name>` of `<subscription>/<resourceGroup>/<name>`.',
  'slack.command.bound': 'Het standaardcluster van dit kanaal is nu {cluster}.',
  'slack.command.asked': '{user} vroeg om {cluster} te controleren op {what}.',
  'slack.lang.set':
    'De taal van dit kanaal is nu {language}: daarin antwoord ik hier als Slack me iemands taal niet vertelt.',
  'slack.lang.cleared': 'Dit kanaal heeft geen eigen taal meer: {language} wordt gebruikt.',
  'slack.lang.show': 'Dit kanaal: {channel}. Jij: {yours}, {source}.',
  'slack.lang.none': 'niet ingesteld',
  'slack.lang.unknown':
    'aksdiag spreekt geen {code}: gebruik een van {codes}, of `off` om de taal van het kanaal te wissen.',

  'slack.shortcut.notMember':
    'Ik kan niet antwoorden in de thread van dat bericht: ik zit niet in dit kanaal. Nodig me uit met `/invite @aksdiag` en probeer het opnieuw.',
  'slack.shortcut.cannotPost':
    'Ik kon niet posten in de thread van dat bericht ({error}); er is niets gepost.',
  'slack.shortcut.noText': 'Dat bericht heeft geen tekst die ik kan lezen.',
  'slack.shortcut.already': 'Dat bericht is al beantwoord: zie de thread ervan.',

  'slack.source.locale': 'volgens je Slack-taal',
  'slack.source.channel': 'volgens de instelling van dit kanaal',
  'slack.source.bot': 'de standaard van de bot (AKSDIAG_LANGUAGE)',
  'slack.source.default': 'de standaard',

  'slack.home.recent': 'Je recente diagnoses',
  'slack.home.noRecent':
    'Nog geen. Plak een AKS-fout in een kanaal waar ik in zit, of kies *{shortcut}* in het menu van een bericht.',
  'slack.home.status.diagnosed': 'nog niet gecontroleerd',
  'slack.home.status.running': 'controles lopen op {cluster}',
  'slack.home.status.found': 'gevonden op {cluster}: {causes}',
  'slack.home.status.clean': 'gecontroleerd op {cluster}: geen oorzaak bevestigd',
  'slack.home.status.failed': 'kon {cluster} niet controleren',
  'slack.home.status.resolved': 'opgelost',
  'slack.home.status.rejected': 'gemarkeerd als niet dit',
  'slack.home.status.fix-applied': 'oplossing toegepast',
  'slack.home.channels': 'Kanalen',
  'slack.home.cluster': 'cluster {cluster}',
  'slack.home.language': 'taal {language}',
  'slack.home.noChannels':
    'Nog geen kanaal heeft een cluster of taal: `/aksdiag bind <cluster>` en `/aksdiag lang <code>` stellen ze in.',
  'slack.home.fixes': 'Recente oplossingen',
  'slack.home.fixApplied': 'toegepast',
  'slack.home.fixFailed': 'mislukt',
  'slack.home.noFixes': 'Er is nog geen oplossing vanuit Slack toegepast.',
  'slack.home.settings': 'Je instellingen',
  'slack.home.yourLanguage': 'Taal: {language}, {source}.',
  'slack.home.channelLanguage':
    'Slack vertelt me voor jou geen taal die ik spreek, dus een kanaal met `/aksdiag lang` antwoordt je in zijn eigen taal.',
  'slack.home.mayApply': 'Je mag oplossingen vanuit Slack toepassen, na elke keer te bevestigen.',
  'slack.home.mayNotApply':
    "Je mag geen oplossingen vanuit Slack toepassen: alleen de mensen en groepen in AKSDIAG_FIX_APPROVERS mogen dat. De commando's staan in elk oordeel.",
  'slack.home.fixesOff':
    "Oplossingen kunnen hier niet vanuit Slack worden toegepast: de commando's staan in elk oordeel.",
  'slack.home.asOf': 'Stand van {when}.',

  'azure.heading': 'Wat Azure zelf zegt',
  'azure.disagrees':
    'Tweede mening over de NSG, ONEENS: {check} op {target}: aksdiag vond het {verdict}, Azure Network Watcher zegt {by}',
  'azure.agrees':
    'Tweede mening over de NSG, eens: {check} op {target}: {verdict}; Azure Network Watcher: {by}',
  'azure.decided':
    'Tweede mening over de NSG, door Azure beslist: {check} op {target}: aksdiag kon het niet beoordelen; Azure Network Watcher: {by}',
  'azure.watcher': 'Tweede mening over de NSG: Network Watcher {why}',
  'azure.notAvailable': 'niet beschikbaar ({reason})',
  'azure.notAsked': 'in deze run niet gevraagd',
  'azure.notAskedFlow':
    'niet gevraagd naar deze stroom (het adres was pas na de node-controles bekend, of viel buiten de stromen die per run worden gevraagd)',
  'azure.detectors': 'AKS-detectoren: {summary}',
  'azure.detectorsPortal': 'AKS-detectoren in de portal: {url}',
  'azure.nodeImage': 'uitgaande controle van de node-image op {target}: {verdict}',
  'azure.nodeImageDetail': 'uitgaande controle van de node-image op {target}: {verdict} ({detail})',

  // Alerts from Alertmanager and Azure Monitor: the alert's message and its thread's notes.
  'slack.alert.firing': ':fire: *Actief*',
  'slack.alert.resolved': ':white_check_mark: *Opgelost*',
  'slack.alert.cluster': 'cluster `{cluster}`',
  'slack.alert.noCluster': 'noemt geen cluster',
  'slack.alert.resolvedMark': '_(opgelost)_',
  'slack.alert.count': '{total, plural, one {# melding} other {# meldingen}}, {firing} actief',
  'slack.alert.notShown': '({more} niet getoond)',
  'slack.alert.fired': '{n}× afgegaan',
  'slack.alert.resolvedTimes': '{n}× opgelost',
  'slack.alert.notifications': '{n, plural, one {# bericht} other {# berichten}}, het laatste om {at}',
  'slack.alert.quiet': ':zzz: wisselt vaak: dit bericht wordt bijgewerkt, er komt niets nieuws voor {until}',
  'slack.alert.source': 'Bron: {link}',
  'slack.alert.text.firing': 'aksdiag: actief: {title}',
  'slack.alert.text.resolved': 'aksdiag: opgelost: {title}',
  'slack.alert.change.resolved': ':white_check_mark: Opgelost om {at}.',
  'slack.alert.change.firedAgain': ':fire: Opnieuw afgegaan om {at}.',
  'slack.alert.change.checkingAgain': '`{cluster}` wordt opnieuw gecontroleerd.',
  'slack.alert.change.text.resolved': 'aksdiag: {title}: opgelost',
  'slack.alert.change.text.firedAgain': 'aksdiag: {title}: opnieuw afgegaan',
  'slack.alert.unrecognised': 'Ik herkende geen AKS-netwerkfout in deze melding.',
  'slack.alert.unrecognised.running': '`{cluster}` wordt gecontroleerd op elk bekend probleem.',
  'slack.alert.unrecognised.off':
    'Live controles staan uit: stel AKSDIAG_SUBSCRIPTIONS in zodat aksdiag het cluster kan controleren.',
  'slack.alert.unrecognised.noCluster':
    'Ze noemt geen cluster, dus er wordt niets gecontroleerd: geef de melding het label van haar cluster, of voer hier `/aksdiag <cluster>` uit.',
  'slack.alert.unrecognised.text': 'aksdiag: geen AKS-netwerkfout herkend in deze melding',
};
