/** Japanese messages of the Slack bot: see ../en/slack.ts for what each one is. */
import type { SlackMessages } from '../en/messages.js';

export const slack: SlackMessages = {
  'slack.reply.headline': '*{title}*（確信度 {confidence}）',
  'slack.reply.likelyCauses': '考えられる原因',
  'slack.reply.doesNotFit': '（貼り付けの内容と合わない）',
  'slack.reply.checksLookAt': 'チェックで調べること',
  'slack.reply.foundInPaste': '貼り付けから見つかったもの: {parts}',
  'slack.reply.nodes': 'ノード',
  'slack.reply.redacted': '貼り付けに含まれるシークレットは、読み取りや保存の前にマスクしました。',
  'slack.reply.checksOff':
    'ライブチェックは無効です。aksdiag がクラスターをチェックできるよう {setting} を設定してください。',
  'slack.reply.notRecognised':
    'AKS のネットワークエラーとして認識できませんでした。エラー全体（kubectl の出力、ログ、curl -v）を貼り付けるか、`/aksdiag <cluster>` で健全性チェックを実行してください。',
  'slack.fixes.text': '{title} の対処コマンド',

  'slack.button.runOn': '{cluster} でチェックを実行',
  'slack.button.runPick': 'チェックを実行（クラスターを選ぶ）',
  'slack.button.showFix': '対処コマンドを表示',
  'slack.button.notThis': 'これではない',
  'slack.button.rerun': '再実行',
  'slack.button.rawOutput': '生の出力を表示',
  'slack.button.resolved': '解決済み',

  'slack.apply.nsg-allow': '修正: NSG ルールを追加',
  'slack.apply.authorize-ip': '修正: IP を許可',
  'slack.apply.vnet-dns-default': '修正: Azure DNS に戻す',
  'slack.apply.outbound-ports': '修正: SNAT ポートを増やす',
  'slack.apply.firewall-allow': '修正: ファイアウォール規則を追加',
  'slack.apply.private-dns-link': '修正: DNS ゾーンをリンク',
  'slack.apply.vmss-reimage': '修正: ノードを再イメージ化',
  'slack.apply.ufw-allow-10250': '修正: ufw で 10250 を許可',
  'slack.apply.iptables-delete-rule': '修正: iptables のルールを削除',
  'slack.apply.kube-patch-service': '修正: Service を直す',
  'slack.apply.kube-grant': '修正: 権限を付与',
  'slack.apply.kube-delete-pods': '修正: Pod を再起動',
  'slack.apply.kube-restart': '修正: Deployment を再起動',
  'slack.apply.kube-allow-policy': '修正: 通信を許可',

  'slack.progress.checking': '*{cluster}* で _{title}_ をチェック中',
  'slack.progress.count': 'チェック {total} 件中 {done} 件',
  'slack.progress.text': '{cluster} をチェック中: {total} 件中 {done} 件',
  'slack.progress.everything': '既知のすべての問題',
  'slack.progress.step': '{title}（{count} 件中 {n} 件目）',
  'slack.run.failed': '*{cluster}* をチェックできませんでした: {why}',
  'slack.run.failedText': '{cluster} をチェックできませんでした: {why}',

  'slack.verdict.found': '原因を特定: {title}',
  'slack.verdict.noneOn': '{cluster} で確定した原因はありません',
  'slack.verdict.checks': '{count, plural, other {チェック # 件}}',
  'slack.verdict.more': '…ほか {count} 件',
  'slack.verdict.fix': '対処',
  'slack.verdict.none': '確定した原因なし',
  'slack.status.confirmed': '確定',
  'slack.status.ruled-out': '除外',
  'slack.status.unknown': 'チェック不可',
  'slack.cut': '（省略。全体は「生の出力を表示」で確認できます）',
  'slack.overflow': '1 つのメッセージに収まりません。残りは「生の出力を表示」で確認できます。',
  'slack.sweep.found': '{cluster} の健全性チェック: {count, plural, other {問題が # 件}}見つかりました',
  'slack.sweep.nothing': '{cluster} の健全性チェック: 問題は見つかりませんでした',
  'slack.sweep.clean': '確定した原因がないもの: {symptoms}',
  'slack.raw.text': '{count, plural, other {# 件の結果}}の生の出力',
  'slack.raw.none': '記録された結果はありません。',

  'slack.picker.ask':
    'どのクラスターですか? 選ぶか、このチャンネルで `/aksdiag bind <cluster>` を実行してください。',
  'slack.picker.which': 'どのクラスターをチェックしますか?',
  'slack.picker.placeholder': 'クラスターを選ぶ',
  'slack.picker.none': '設定されたサブスクリプションに、aksdiag から見える AKS クラスターがありません。',
  'slack.picker.gone': 'その選択肢はもうありません。「チェックを実行」をもう一度押してください。',
  'slack.run.already': 'この診断のチェックはすでに実行中です。結果はスレッドに表示されます。',
  'slack.run.off':
    'ライブチェックは無効です。aksdiag がクラスターをチェックできるよう AKSDIAG_SUBSCRIPTIONS を設定してください。',
  'slack.button.foreign': 'このボタンは別のチャンネルの診断のものです。何も実行していません。',
  'slack.button.expired': 'この診断は期限切れです。エラーをもう一度貼り付けてください。',
  'slack.notThis.thanks':
    '{user} さんが、この診断は問題と違うと指摘しました。ありがとうございます。判定の改善に役立てます。',
  'slack.notThis.text': '「これではない」と指摘済み',
  'slack.resolved': '{user} さんが解決済みにしました。',

  'slack.fix.gone': 'その修正はもう提示されていません。チェックを再実行してください。',
  'slack.fix.notApprover':
    '修正を適用できるのは AKSDIAG_FIX_APPROVERS に含まれる人とグループだけです。コマンドは結果に載っているので、手作業で実行できます。',
  'slack.fix.cannot': 'この修正は適用できません: {why}。',
  'slack.fix.expired': '診断の期限が切れています',
  'slack.fix.noLongerApprover': 'あなたは承認者のリストに含まれていません',
  'slack.fix.busy': 'この修正はすでに適用中です',
  'slack.fix.nothingChanged': '何も変更していません: {why}。',
  'slack.fix.applied': '{user} さんが修正を適用しました: {result}',
  'slack.fix.failed': '{user} さんが修正を試みましたが、失敗しました: {error}',
  'slack.fix.passes': '修正後のチェックは成功しました。{cause} は除外されました。',
  'slack.fix.notPassing': '修正後も {cause} は「{status}」のままです。上の結果を確認してください。',
  'slack.fix.stale':
    'この確認はすでに使われたか、期限切れか、あなたのものではありません。何も変更していません。スレッドの *修正* ボタンをもう一度押してください。',

  'slack.modal.title': '修正を適用',
  'slack.modal.submit': '適用',
  'slack.modal.cancel': 'キャンセル',
  'slack.modal.close': '閉じる',
  'slack.modal.willChange': '*{cluster} を次のように変更します:*',
  'slack.modal.theCluster': 'クラスター',
  'slack.modal.byHand': '同じことを手作業で',
  'slack.modal.after':
    '適用後にチェックを再実行し、原因が解消したかをスレッドで知らせます。すべての操作は監査ログに記録されます。',
  'slack.modal.nodeWarning':
    'AKS はノード設定の手動変更をサポートしていません。変更はノードの再イメージ化やアップグレードで失われ、AKS サポートから元に戻すよう求められることがあります。サポートされる代替策は NSG ルール（ARM）かノードの再イメージ化です。',

  'change.nsg-allow':
    'NSG {nsg}（リソースグループ {group}）にルール {rule} を追加: {source} から {destination} のポート {port} への {direction} {protocol} を許可、優先度 {priority}',
  'change.authorize-ip':
    '{cluster}（リソースグループ {group}）の API サーバーの許可 IP 範囲を {ranges} にする',
  'change.vnet-dns-default':
    'VNet {vnet}（リソースグループ {group}）の DNS サーバーを Azure 提供の DNS に戻す。ノードには DHCP リースの更新時か再起動時に反映される',
  'change.outbound-ports':
    '{cluster}（リソースグループ {group}）の各ノードに SNAT ポートを {ports} 個割り当て、マネージド送信 IP を {count, plural, other {# 個}}にする',
  'change.firewall-network':
    'Azure Firewall {firewall}（リソースグループ {group}）の {kind} ルールコレクション {collection} にルール {rule} を追加: {source} から {destination} のポート {port} への TCP を許可',
  'change.firewall-fqdn':
    'Azure Firewall {firewall}（リソースグループ {group}）の {kind} ルールコレクション {collection} にルール {rule} を追加: {source} から FQDN タグ {tag} への HTTPS 443 を許可',
  'change.private-dns-link':
    'プライベート DNS ゾーン {zone}（リソースグループ {group}）を VNet {vnet} に {link} としてリンク（自動登録なし）',
  'change.vmss-reimage':
    'ノード {node}（{vmss} のインスタンス {instance}、リソースグループ {group}）を再イメージ化: AKS のノードイメージから再起動し、その Pod は停止して再スケジュールされる',
  'change.node-script': 'ノード {node}（{vmss} のインスタンス {instance}）で: {summary}',
  'change.iptables-delete-rule': 'iptables のチェーン {chain} のルール {rule} を削除',
  'change.kube': 'クラスター {cluster} で: {change}',
  'change.kube-selector': 'Service {service} のセレクターを {selector} にする',
  'change.kube-target-port': 'Service {service} のポート #{index} の targetPort を {port} にする',
  'change.kube-grant':
    '{resource} への「{verb}」を許可する Role {role} を作成し、{user} にバインドする（RoleBinding {binding}）',
  'change.kube-delete-pods':
    'ノード {node} の {what} の Pod（{namespace}、{selector}）を削除。DaemonSet が新しい Pod を起動する',
  'change.kube-restart': 'Deployment {deployment} を再起動（rollout restart: Pod を 1 つずつ置き換える）',
  'change.kube-allow-ingress':
    'Pod {selector} に対し、{peer} から TCP {port} への受信を許可する NetworkPolicy {policy} を追加（既存のポリシーはそのまま）',
  'change.kube-allow-egress':
    'Pod {selector} に対し、{peer} への TCP {port} の送信を許可する NetworkPolicy {policy} を追加（既存のポリシーはそのまま）',
  'change.anySource': '任意の送信元',
  'change.anyDestination': '任意の宛先',

  'slack.help.intro':
    '*aksdiag* は AKS のネットワークエラーを診断します。私がいるチャンネル（または DM）にエラーを貼り付けるか、次を使ってください:',
  'slack.help.check': '`/aksdiag <cluster>`: クラスターを既知のすべての問題についてチェック',
  'slack.help.checkError': '`/aksdiag <cluster> <エラー文>`: そのエラーが示す問題についてチェック',
  'slack.help.bind':
    '`/aksdiag bind <cluster>`: 「チェックを実行」ボタンが使う、このチャンネルの既定のクラスターにする',
  'slack.help.lang':
    '`/aksdiag lang <code>`: Slack が個人の言語を教えてくれないとき、このチャンネルではその言語（{codes}）で答える。`/aksdiag lang off` で解除',
  'slack.help.shortcut': '任意のメッセージで: メニューの *{shortcut}* を選ぶと、そのスレッドに答えます',
  'slack.help.help': '`/aksdiag help`: このヘルプ',
  'slack.help.clusters':
    'クラスターは `<name>`、`<resourceGroup>/<name>`、`<subscription>/<resourceGroup>/<name>` のいずれかで指定します。',
  'slack.command.notCluster':
    '{name} はクラスターではありません。`<name>`、`<resourceGroup>/<name>`、`<subscription>/<resourceGroup>/<name>` のいずれかで指定してください。',
  'slack.command.bound': 'このチャンネルの既定のクラスターを {cluster} にしました。',
  'slack.command.asked': '{user} さんが {cluster} について「{what}」のチェックを依頼しました。',
  'slack.lang.set': 'Slack が個人の言語を教えてくれないとき、このチャンネルでは今後 {language} で答えます。',
  'slack.lang.cleared': 'このチャンネル独自の言語を解除しました。{language} を使います。',
  'slack.lang.show': 'このチャンネル: {channel}。あなた: {yours}（{source}）。',
  'slack.lang.none': '未設定',
  'slack.lang.unknown':
    'aksdiag は {code} に対応していません。{codes} のいずれかを指定するか、`off` でチャンネルの言語を解除してください。',

  'slack.shortcut.notMember':
    'このチャンネルに私がいないため、そのメッセージのスレッドには答えられません。`/invite @aksdiag` で招待してから、もう一度試してください。',
  'slack.shortcut.cannotPost':
    'そのメッセージのスレッドに投稿できませんでした（{error}）。何も投稿していません。',
  'slack.shortcut.noText': 'そのメッセージには読み取れるテキストがありません。',
  'slack.shortcut.already': 'そのメッセージにはすでに答えています。スレッドを見てください。',

  'slack.source.locale': 'Slack の言語設定による',
  'slack.source.channel': 'このチャンネルの設定による',
  'slack.source.bot': 'ボットの既定（AKSDIAG_LANGUAGE）',
  'slack.source.default': '既定',

  'slack.home.recent': '最近の診断',
  'slack.home.noRecent':
    'まだありません。私がいるチャンネルに AKS のエラーを貼り付けるか、メッセージのメニューから *{shortcut}* を選んでください。',
  'slack.home.status.diagnosed': '未チェック',
  'slack.home.status.running': '{cluster} でチェック中',
  'slack.home.status.found': '{cluster} で特定: {causes}',
  'slack.home.status.clean': '{cluster} でチェック済み: 確定した原因なし',
  'slack.home.status.failed': '{cluster} をチェックできず',
  'slack.home.status.resolved': '解決済み',
  'slack.home.status.rejected': '「これではない」と指摘済み',
  'slack.home.status.fix-applied': '修正を適用済み',
  'slack.home.channels': 'チャンネル',
  'slack.home.cluster': 'クラスター {cluster}',
  'slack.home.language': '言語 {language}',
  'slack.home.noChannels':
    'クラスターや言語を設定したチャンネルはまだありません。`/aksdiag bind <cluster>` と `/aksdiag lang <code>` で設定できます。',
  'slack.home.fixes': '最近の修正',
  'slack.home.fixApplied': '適用',
  'slack.home.fixFailed': '失敗',
  'slack.home.noFixes': 'Slack から適用された修正はまだありません。',
  'slack.home.settings': 'あなたの設定',
  'slack.home.yourLanguage': '言語: {language}（{source}）。',
  'slack.home.channelLanguage':
    'Slack からあなたの言語を私の対応言語として受け取れないため、`/aksdiag lang` を設定したチャンネルではその言語で答えます。',
  'slack.home.mayApply': 'Slack から修正を適用できます（毎回確認があります）。',
  'slack.home.mayNotApply':
    'Slack から修正は適用できません。適用できるのは AKSDIAG_FIX_APPROVERS に含まれる人とグループだけです。コマンドは各結果に載っています。',
  'slack.home.fixesOff': 'ここでは Slack から修正を適用できません。コマンドは各結果に載っています。',
  'slack.home.asOf': '{when} 時点。',

  'azure.heading': 'Azure 自身の根拠',
  'azure.disagrees':
    'NSG のセカンドオピニオンが不一致: {target} の {check}: aksdiag の判定は {verdict}、Azure Network Watcher の判定は {by}',
  'azure.agrees':
    'NSG のセカンドオピニオンが一致: {target} の {check}: {verdict}。Azure Network Watcher: {by}',
  'azure.decided':
    'NSG のセカンドオピニオンを Azure が判定: {target} の {check}: aksdiag では評価できず。Azure Network Watcher: {by}',
  'azure.watcher': 'NSG のセカンドオピニオン: Network Watcher は{why}',
  'azure.notAvailable': '利用不可（{reason}）',
  'azure.notAsked': '今回は問い合わせず',
  'azure.notAskedFlow':
    'このフローについては問い合わせず（アドレスがノードのチェック後に判明したか、1 回の実行で問い合わせるフロー数を超えたため）',
  'azure.detectors': 'AKS の検出機能: {summary}',
  'azure.detectorsPortal': 'ポータルの AKS 検出機能: {url}',
  'azure.nodeImage': '{target} でのノードイメージの送信チェック: {verdict}',
  'azure.nodeImageDetail': '{target} でのノードイメージの送信チェック: {verdict}（{detail}）',

  // Alerts from Alertmanager and Azure Monitor: the alert's message and its thread's notes.
  'slack.alert.firing': ':fire: *発生中*',
  'slack.alert.resolved': ':white_check_mark: *解決済み*',
  'slack.alert.cluster': 'クラスター `{cluster}`',
  'slack.alert.noCluster': 'クラスターの指定なし',
  'slack.alert.resolvedMark': '_（解決済み）_',
  'slack.alert.count': 'アラート {total} 件、うち発生中 {firing} 件',
  'slack.alert.notShown': '（{more} 件は非表示）',
  'slack.alert.fired': '発生 {n} 回',
  'slack.alert.resolvedTimes': '解決 {n} 回',
  'slack.alert.notifications': '通知 {n} 件、最後は {at}',
  'slack.alert.quiet': ':zzz: 頻繁に変化中: このメッセージを更新し、{until} までは新しい投稿をしません',
  'slack.alert.source': 'ソース: {link}',
  'slack.alert.text.firing': 'aksdiag: 発生中: {title}',
  'slack.alert.text.resolved': 'aksdiag: 解決済み: {title}',
  'slack.alert.change.resolved': ':white_check_mark: {at} に解決しました。',
  'slack.alert.change.firedAgain': ':fire: {at} に再び発生しました。',
  'slack.alert.change.checkingAgain': '`{cluster}` をもう一度チェックします。',
  'slack.alert.change.text.resolved': 'aksdiag: {title}: 解決済み',
  'slack.alert.change.text.firedAgain': 'aksdiag: {title}: 再発生',
  'slack.alert.unrecognised': 'このアラートに AKS のネットワークエラーは見つかりませんでした。',
  'slack.alert.unrecognised.running': '既知のすべての問題について `{cluster}` をチェックします。',
  'slack.alert.unrecognised.off':
    'ライブチェックは無効です。aksdiag がクラスターをチェックできるよう AKSDIAG_SUBSCRIPTIONS を設定してください。',
  'slack.alert.unrecognised.noCluster':
    'クラスターが指定されていないため、何もチェックしません。アラートにクラスターのラベルを付けるか、ここで `/aksdiag <cluster>` を実行してください。',
  'slack.alert.unrecognised.text': 'aksdiag: このアラートに AKS のネットワークエラーは見つかりませんでした',
};
