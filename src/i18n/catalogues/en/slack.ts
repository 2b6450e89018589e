/**
 * English messages of the Slack bot: the reply, progress, verdict, buttons, modals, private answers,
 * help and App Home; the words of a change "Apply fix" makes; Azure's own evidence. ICU
 * MessageFormat; `<...>` is literal text. Messages shown as mrkdwn may use `*bold*` and `_italic_`;
 * their values arrive already escaped. Commands, settings and ids stay as they are in every language.
 */
export const slack = {
  // The threaded reply to a paste.
  'slack.reply.headline': '*{title}* (confidence {confidence})',
  'slack.reply.likelyCauses': 'Likely causes',
  'slack.reply.doesNotFit': '(does not fit the paste)',
  'slack.reply.checksLookAt': 'What the checks look at',
  'slack.reply.foundInPaste': 'Found in the paste: {parts}',
  'slack.reply.nodes': 'nodes',
  'slack.reply.redacted': 'Secrets in the paste were redacted before anything was read or stored.',
  'slack.reply.checksOff': 'Live checks are off: set {setting} to let aksdiag check the cluster.',
  'slack.reply.notRecognised':
    'I did not recognise an AKS networking error in that. Paste the whole error (kubectl output, logs, curl -v), or run `/aksdiag <cluster>` for a health check.',
  'slack.fixes.text': 'fix commands for {title}',

  // Buttons.
  'slack.button.runOn': 'Run checks on {cluster}',
  'slack.button.runPick': 'Run checks (pick a cluster)',
  'slack.button.showFix': 'Show fix commands',
  'slack.button.notThis': 'Not this',
  'slack.button.rerun': 'Re-run',
  'slack.button.rawOutput': 'Show raw output',
  'slack.button.resolved': 'Resolved',

  // "Apply fix" buttons, by the change they make (a cause's title can be too long for a button).
  'slack.apply.nsg-allow': 'Apply fix: add the NSG rule',
  'slack.apply.authorize-ip': 'Apply fix: authorize the IP',
  'slack.apply.vnet-dns-default': 'Apply fix: back to Azure DNS',
  'slack.apply.outbound-ports': 'Apply fix: more SNAT ports',
  'slack.apply.firewall-allow': 'Apply fix: add the firewall rule',
  'slack.apply.private-dns-link': 'Apply fix: link the DNS zone',
  'slack.apply.vmss-reimage': 'Apply fix: reimage the node',
  'slack.apply.ufw-allow-10250': 'Apply fix: allow 10250 in ufw',
  'slack.apply.iptables-delete-rule': 'Apply fix: delete the iptables rule',
  'slack.apply.kube-patch-service': 'Apply fix: correct the Service',
  'slack.apply.kube-grant': 'Apply fix: grant the access',
  'slack.apply.kube-delete-pods': 'Apply fix: restart the pods',
  'slack.apply.kube-restart': 'Apply fix: restart the Deployment',
  'slack.apply.kube-allow-policy': 'Apply fix: allow the flow',

  // Progress.
  'slack.progress.checking': 'Checking *{cluster}* for _{title}_',
  'slack.progress.count': '{done} of {total} checks',
  'slack.progress.text': 'checking {cluster}: {done} of {total}',
  'slack.progress.everything': 'every known problem',
  'slack.progress.step': '{title} ({n} of {count})',
  'slack.run.failed': 'Could not check *{cluster}*: {why}',
  'slack.run.failedText': 'could not check {cluster}: {why}',

  // The verdict.
  'slack.verdict.found': 'Found: {title}',
  'slack.verdict.noneOn': 'No cause confirmed on {cluster}',
  'slack.verdict.checks': '{count, plural, one {# check} other {# checks}}',
  'slack.verdict.more': '…and {count} more',
  'slack.verdict.fix': 'Fix',
  'slack.verdict.none': 'no cause confirmed',
  'slack.status.confirmed': 'Confirmed',
  'slack.status.ruled-out': 'Ruled out',
  'slack.status.unknown': 'Could not check',
  'slack.cut': '(cut: "Show raw output" has all of it)',
  'slack.overflow': 'More than fits in one message: "Show raw output" has the rest.',
  'slack.sweep.found': 'Health check of {cluster}: {count, plural, one {# problem} other {# problems}} found',
  'slack.sweep.nothing': 'Health check of {cluster}: nothing found',
  'slack.sweep.clean': 'No cause confirmed for: {symptoms}',
  'slack.raw.text': 'raw output of {count, plural, one {# finding} other {# findings}}',
  'slack.raw.none': 'No findings were recorded.',

  // Answers to buttons, privately or in the thread.
  'slack.picker.ask': 'Which cluster? Pick one, or run `/aksdiag bind <cluster>` in this channel.',
  'slack.picker.which': 'Which cluster should I check?',
  'slack.picker.placeholder': 'Pick a cluster',
  'slack.picker.none': 'No AKS clusters are visible to aksdiag in the configured subscriptions.',
  'slack.picker.gone': 'That choice is no longer on offer: press "Run checks" again.',
  'slack.run.already': 'The checks of this diagnosis are already running; the thread will show the verdict.',
  'slack.run.off': 'Live checks are off: set AKSDIAG_SUBSCRIPTIONS to let aksdiag check clusters.',
  'slack.button.foreign': 'That button belongs to a diagnosis in another channel; nothing was done.',
  'slack.button.expired': 'That diagnosis has expired; paste the error again.',
  'slack.notThis.thanks':
    '{user} marked this diagnosis as not the problem. Thanks: it helps tune the matcher.',
  'slack.notThis.text': 'marked as not this',
  'slack.resolved': '{user} marked this resolved.',

  // Applying a fix.
  'slack.fix.gone': 'That fix is no longer offered: re-run the checks.',
  'slack.fix.notApprover':
    'Only the people and groups on AKSDIAG_FIX_APPROVERS may apply fixes. The commands are in the verdict, to run by hand.',
  'slack.fix.cannot': 'Cannot apply this fix: {why}.',
  'slack.fix.expired': 'the diagnosis has expired',
  'slack.fix.noLongerApprover': 'you are not on the approver list',
  'slack.fix.busy': 'this fix is being applied already',
  'slack.fix.nothingChanged': 'Nothing was changed: {why}.',
  'slack.fix.applied': '{user} applied the fix: {result}',
  'slack.fix.failed': '{user} tried the fix, and it failed: {error}',
  'slack.fix.passes': 'After the fix the check passes: {cause} is ruled out.',
  'slack.fix.notPassing': 'After the fix, {cause} is still {status}: see the verdict above.',
  'slack.fix.stale':
    'This confirmation was already used, has expired, or is not yours: nothing was changed. Press *Apply fix* in the thread again.',

  // The confirmation modal (title, submit and close: 24 characters at most).
  'slack.modal.title': 'Apply fix',
  'slack.modal.submit': 'Apply',
  'slack.modal.cancel': 'Cancel',
  'slack.modal.close': 'Close',
  'slack.modal.willChange': '*This will change {cluster}:*',
  'slack.modal.theCluster': 'the cluster',
  'slack.modal.byHand': 'The same by hand',
  'slack.modal.after':
    'The checks run again afterwards and the thread says whether the cause is gone. Every attempt is audited.',
  'slack.modal.nodeWarning':
    'AKS does not support changing node settings by hand: the change is lost when the node is re-imaged or upgraded, and AKS support may ask you to undo it. The supported alternative is an NSG rule (ARM) or re-imaging the node.',

  // What a change does, in the modal (plain words around names and values).
  'change.nsg-allow':
    'Add rule {rule} to NSG {nsg} (resource group {group}): allow {direction} {protocol} from {source} to {destination} port {port}, priority {priority}',
  'change.authorize-ip':
    'Set the API server authorized IP ranges of {cluster} (resource group {group}) to {ranges}',
  'change.vnet-dns-default':
    'Set the DNS servers of VNet {vnet} (resource group {group}) back to Azure-provided DNS; nodes pick it up when their DHCP lease renews or they restart',
  'change.outbound-ports':
    'Give each node of {cluster} (resource group {group}) {ports} SNAT ports, with {count, plural, one {# managed outbound IP} other {# managed outbound IPs}}',
  'change.firewall-network':
    'Add rule {rule} to {kind} rule collection {collection} of Azure Firewall {firewall} (resource group {group}): allow TCP to {destination} port {port} from {source}',
  'change.firewall-fqdn':
    'Add rule {rule} to {kind} rule collection {collection} of Azure Firewall {firewall} (resource group {group}): allow HTTPS 443 to FQDN tag {tag} from {source}',
  'change.private-dns-link':
    'Link private DNS zone {zone} (resource group {group}) to VNet {vnet} as {link}, without auto-registration',
  'change.vmss-reimage':
    'Reimage node {node} ({vmss} instance {instance}, resource group {group}): it restarts from the AKS node image, and its pods are stopped and rescheduled',
  'change.node-script': 'On node {node} ({vmss} instance {instance}): {summary}',
  'change.iptables-delete-rule': 'delete rule {rule} of iptables chain {chain}',
  'change.kube': 'In cluster {cluster}: {change}',
  'change.kube-selector': 'Set the selector of Service {service} to {selector}',
  'change.kube-target-port': 'Set targetPort of port #{index} of Service {service} to {port}',
  'change.kube-grant':
    'Create Role {role} allowing "{verb}" on {resource}, and bind it to {user} (RoleBinding {binding})',
  'change.kube-delete-pods':
    'Delete the {what} pod on node {node} ({namespace}, {selector}); its DaemonSet starts a new one',
  'change.kube-restart':
    'Restart Deployment {deployment} (rollout restart: its pods are replaced one by one)',
  'change.kube-allow-ingress':
    'Add NetworkPolicy {policy} allowing ingress on TCP {port} from {peer} for the pods {selector} (the existing policies stay as they are)',
  'change.kube-allow-egress':
    'Add NetworkPolicy {policy} allowing egress to {peer} on TCP {port} for the pods {selector} (the existing policies stay as they are)',
  'change.anySource': 'any source',
  'change.anyDestination': 'any destination',

  // /aksdiag.
  'slack.help.intro':
    '*aksdiag* diagnoses AKS networking errors. Paste an error in a channel I am in (or DM me), or:',
  'slack.help.check': '`/aksdiag <cluster>`: check a cluster for every known problem',
  'slack.help.checkError': '`/aksdiag <cluster> <error text>`: check it for the problem that error shows',
  'slack.help.bind':
    '`/aksdiag bind <cluster>`: make it this channel\'s default cluster for the "Run checks" button',
  'slack.help.lang':
    "`/aksdiag lang <code>`: answer in this channel in that language ({codes}) when Slack does not tell me a person's; `/aksdiag lang off` clears it",
  'slack.help.shortcut': 'On any message: *{shortcut}* in its menu answers in its thread',
  'slack.help.help': '`/aksdiag help`: this text',
  'slack.help.clusters':
    'A cluster is `<name>`, `<resourceGroup>/<name>` or `<subscription>/<resourceGroup>/<name>`.',
  'slack.command.notCluster':
    '{name} is not a cluster. Give it as `<name>`, `<resourceGroup>/<name>` or `<subscription>/<resourceGroup>/<name>`.',
  'slack.command.bound': "This channel's default cluster is now {cluster}.",
  'slack.command.asked': '{user} asked to check {cluster} for {what}.',
  'slack.lang.set':
    "This channel now answers in {language} whenever Slack does not tell me a person's language.",
  'slack.lang.cleared': 'This channel no longer has a language of its own: {language} is used.',
  'slack.lang.show': 'This channel: {channel}. You: {yours}, {source}.',
  'slack.lang.none': 'none set',
  'slack.lang.unknown':
    "aksdiag does not speak {code}: use one of {codes}, or `off` to clear the channel's language.",

  // The message shortcut.
  'slack.shortcut.notMember':
    "I cannot answer in that message's thread: I am not in this channel. Invite me with `/invite @aksdiag` and try again.",
  'slack.shortcut.cannotPost': "I could not post in that message's thread ({error}); nothing was posted.",
  'slack.shortcut.noText': 'That message has no text for me to read.',
  'slack.shortcut.already': 'That message has been answered already: see its thread.',

  // Where a person's language comes from.
  'slack.source.locale': 'from your Slack language',
  'slack.source.channel': "from this channel's setting",
  'slack.source.bot': 'the bot default (AKSDIAG_LANGUAGE)',
  'slack.source.default': 'the default',

  // App Home.
  'slack.home.recent': 'Your recent diagnoses',
  'slack.home.noRecent':
    "None yet. Paste an AKS error in a channel I am in, or pick *{shortcut}* in a message's menu.",
  'slack.home.status.diagnosed': 'not checked yet',
  'slack.home.status.running': 'checks running on {cluster}',
  'slack.home.status.found': 'found on {cluster}: {causes}',
  'slack.home.status.clean': 'checked on {cluster}: no cause confirmed',
  'slack.home.status.failed': 'could not check {cluster}',
  'slack.home.status.resolved': 'resolved',
  'slack.home.status.rejected': 'marked not this',
  'slack.home.status.fix-applied': 'fix applied',
  'slack.home.channels': 'Channels',
  'slack.home.cluster': 'cluster {cluster}',
  'slack.home.language': 'language {language}',
  'slack.home.noChannels':
    'No channel has a cluster or a language yet: `/aksdiag bind <cluster>` and `/aksdiag lang <code>` set them.',
  'slack.home.fixes': 'Recent fixes',
  'slack.home.fixApplied': 'applied',
  'slack.home.fixFailed': 'failed',
  'slack.home.noFixes': 'No fix has been applied from Slack yet.',
  'slack.home.settings': 'Your settings',
  'slack.home.yourLanguage': 'Language: {language}, {source}.',
  'slack.home.channelLanguage':
    'Slack does not tell me a language I speak for you, so a channel with `/aksdiag lang` set answers you in its own.',
  'slack.home.mayApply': 'You may apply fixes from Slack, after confirming each one.',
  'slack.home.mayNotApply':
    'You may not apply fixes from Slack: only the people and groups on AKSDIAG_FIX_APPROVERS may. The commands are in each verdict.',
  'slack.home.fixesOff': 'Fixes cannot be applied from Slack here: the commands are in each verdict.',
  'slack.home.asOf': 'As of {when}.',

  // Azure's own evidence (beside aksdiag's).
  'azure.heading': "Azure's own evidence",
  'azure.disagrees':
    'NSG second opinion DISAGREES: {check} on {target}: aksdiag found it {verdict}, Azure Network Watcher says {by}',
  'azure.agrees': 'NSG second opinion agrees: {check} on {target}: {verdict}; Azure Network Watcher: {by}',
  'azure.decided':
    'NSG second opinion decided by Azure: {check} on {target}: aksdiag could not evaluate it; Azure Network Watcher: {by}',
  'azure.watcher': 'NSG second opinion Network Watcher {why}',
  'azure.notAvailable': 'not available ({reason})',
  'azure.notAsked': 'not asked in this run',
  'azure.notAskedFlow':
    'not asked about this flow (its address was known only after the node checks, or beyond the flows asked per run)',
  'azure.detectors': 'AKS detectors: {summary}',
  'azure.detectorsPortal': 'AKS detectors in the portal: {url}',
  'azure.nodeImage': "node image's outbound check on {target}: {verdict}",
  'azure.nodeImageDetail': "node image's outbound check on {target}: {verdict} ({detail})",

  // Alerts from Alertmanager and Azure Monitor: the alert's message and its thread's notes.
  'slack.alert.firing': ':fire: *Firing*',
  'slack.alert.resolved': ':white_check_mark: *Resolved*',
  'slack.alert.cluster': 'cluster `{cluster}`',
  'slack.alert.noCluster': 'names no cluster',
  'slack.alert.resolvedMark': '_(resolved)_',
  'slack.alert.count': '{total, plural, one {# alert} other {# alerts}}, {firing} firing',
  'slack.alert.notShown': '({more} not shown)',
  'slack.alert.fired': 'fired {n}×',
  'slack.alert.resolvedTimes': 'resolved {n}×',
  'slack.alert.notifications': '{n, plural, one {# notification} other {# notifications}}, the last at {at}',
  'slack.alert.quiet': ':zzz: changing often: this message is updated, nothing new is posted before {until}',
  'slack.alert.source': 'Source: {link}',
  'slack.alert.text.firing': 'aksdiag: firing: {title}',
  'slack.alert.text.resolved': 'aksdiag: resolved: {title}',
  'slack.alert.change.resolved': ':white_check_mark: Resolved at {at}.',
  'slack.alert.change.firedAgain': ':fire: Firing again at {at}.',
  'slack.alert.change.checkingAgain': 'Checking `{cluster}` again.',
  'slack.alert.change.text.resolved': 'aksdiag: {title}: resolved',
  'slack.alert.change.text.firedAgain': 'aksdiag: {title}: firing again',
  'slack.alert.unrecognised': 'I recognised no AKS networking error in this alert.',
  'slack.alert.unrecognised.running': 'Checking `{cluster}` for every known problem.',
  'slack.alert.unrecognised.off':
    'Live checks are off: set AKSDIAG_SUBSCRIPTIONS to let aksdiag check the cluster.',
  'slack.alert.unrecognised.noCluster':
    'It names no cluster, so nothing is checked: label the alert with its cluster, or run `/aksdiag <cluster>` here.',
  'slack.alert.unrecognised.text': 'aksdiag: no AKS networking error recognised in this alert',
} as const;
