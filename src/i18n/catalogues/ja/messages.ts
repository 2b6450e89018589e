/** Japanese messages (ICU MessageFormat): see ../en/messages.ts for what each one is. */
import type { CoreMessages, Messages } from '../en/messages.js';
import { slack } from './slack.js';

const core: CoreMessages = {
  'note.truncated': '入力は {chars} 文字あったため、先頭と末尾（{scanned} 文字）だけを読みました。',
  'note.masked': '表示の前にシークレットを {count} 件マスクしました。',

  'fix.via.arm': 'Azure',
  'fix.via.kubernetes': 'Kubernetes',
  'fix.via.client': '手元',
  'fix.via.node': 'ノード',
  'fix.warning':
    '警告: ノード上の変更です。AKS のエージェント ノードを直接変更すると AKS のサポート対象外になり、再イメージ化やアップグレードで元に戻ります。上の手順を優先してください。',
  'fix.unfilled.before':
    '<山かっこ> の値は貼り付けにありません。`aksdiag check <cluster>`（または Slack の「チェックを実行」）が Azure から埋めます。手作業で調べるには:',
  'fix.unfilled.after': 'チェックでは <山かっこ> の値が見つかりませんでした。手作業で調べるには:',

  'status.confirmed': '確定',
  'status.ruled-out': '除外',
  'status.unknown': '不明',

  'terminal.note': '注意: {note}',
  'terminal.noMatch': 'AKS ネットワークの症状は見つかりませんでした。',
  'terminal.closest': '最も近いもの: {symptom}（{confidence}）。判定に必要な {threshold} に届きません。',
  'terminal.pasteMore':
    'エラーをもっと貼り付けるか（kubectl やログの行をそのまま）、実際のクラスターで全症状をチェックしてください: aksdiag check <cluster>',
  'terminal.headline': '{symptom}  （確信度 {confidence}）',
  'terminal.recognisedBy': '判定の根拠: {signals}',
  'terminal.foundInPaste': '貼り付けから見つかったもの:',
  'terminal.toolOutput': '貼り付けに含まれるツール出力:',
  'terminal.likelyCauses': '考えられる原因:',
  'terminal.doesNotFit': '[当てはまらない: {outcomes}]',
  'terminal.pointedAt': '[貼り付けがこれを示唆]',
  'terminal.checks': 'チェック: {checks}',
  'terminal.fix': '対処:',
  'terminal.alsoPossible': 'ほかの可能性: {alternatives}',
  'entity.node': 'ノード',
  'entity.nodeVmss': '{name}（VMSS {vmss}、インスタンス {instanceId}）',
  'entity.apiServer': 'API サーバー',
  'entity.apiServerDetail':
    '{fqdn}（DNS プレフィックス {prefix}、{region}{private, select, yes {、プライベート} other {}}）',
  'entity.rbac': 'RBAC',
  'entity.rbacDenied':
    '{user} は {scope, select, cluster {クラスター スコープで} other {名前空間 {namespace} で}} {resource} を {verb} できない',
  'entity.ips': 'IP',
  'entity.ports': 'ポート',
  'entity.namespaces': '名前空間',
  'entity.pods': 'ポッド',
  'entity.services': 'サービス',

  'verdict.forPort': '{kind}（ポート {port}）',
  'verdict.cut': 'run-command により出力が末尾 4,096 バイトに切り詰められています',
  'verdict.note': '注: {note}',
  'verdict.inside': '内側: {line}',

  'check.headline': '{cluster}（{resourceGroup}）- {symptom}: チェック {count} 件',
  'check.sample': '（{total} ノード中 {checked} ノードを抽出）',
  'check.commandInvoke':
    'Kubernetes オブジェクトは command invoke（クラスター内の kubectl）で読み取りました。',
  'check.kubeUnavailable': 'Kubernetes API を読み取れません: {reason}',
  'check.finding': '{target} の {check}: {verdict}',
  'check.notChecked': '未チェック:',
  'check.azureEvidence': 'Azure 自身の根拠:',
  'check.progress': '{total} 件中 {done} 件チェック済み',

  'cli.nothingToRead': '読み取るものがありません: {what}',
  'cli.explainInput': 'エラーの文面を引数で渡すか、標準入力に流してください',
  'cli.interpretInput': 'ツールの出力を標準入力に流してください（例: ufw status | aksdiag interpret {kind}）',
  'cli.emptyExplain': '入力が空です: エラーの文面を引数で渡すか、標準入力に流してください',
  'cli.emptyInterpret': '入力が空です: ツールの出力を標準入力に流してください',
  'cli.binary': '入力がバイナリのようです（NUL バイトや制御文字）: エラーの文面を貼り付けてください',
  'cli.innerOutside':
    '--inner は run-command の出力に包まれたツールを指定します: interpret run-command と一緒に使うか、interpret {inner} を直接実行してください',
  'cli.noSymptomInText':
    '--text から AKS ネットワークの症状が見つかりません。--symptom で指定するか（{ids}）、両方を省いて全症状をチェックしてください',
  'cli.badPort': '1 から 65535 の TCP ポートを指定してください',
  'cli.badIp': 'IPv4 または IPv6 アドレスを指定してください',
  'cli.badLang': 'aksdiag は「{lang}」に対応していません: {langs} から選んでください',
  'cli.helpAfterError': '（使い方は aksdiag --help）',
  'cli.program': 'AKS のネットワーク エラーを見分け、ツールの出力を読み、原因と対処を示します。',
  'cli.version': 'バージョンを表示する',
  'cli.lang': '回答の言語: {langs}（既定: LC_ALL、LC_MESSAGES、LANG の順に従い、なければ en）',
  'cli.explain': '貼り付けたエラーを診断する（引数から、引数がなければ標準入力から）',
  'cli.explain.text': 'エラーの文面',
  'cli.explain.json': '診断を JSON で表示する',
  'cli.interpret': 'ツールの出力を標準入力から読み、判定を表示する',
  'cli.interpret.kind': '出力したツール',
  'cli.interpret.port': '通信を判定する TCP ポート（iptables-list、ufw-status、nc）',
  'cli.interpret.source': '通信の送信元アドレス（送信元を限定したファイアウォール規則用）',
  'cli.interpret.inner': 'run-command のみ: 出力に包まれているツール（既定: 出力から判別）',
  'cli.interpret.json': '判定を JSON で表示する',
  'cli.check':
    '症状のチェック（--symptom も --text もなければ全症状）を実際のクラスターで実行し、どの原因かを示す',
  'cli.check.cluster': 'クラスター名、または <resourceGroup>/<name>',
  'cli.check.symptom': 'チェックする症状',
  'cli.check.text': 'エラーの文面: その症状と、文面にあるリソースを使う',
  'cli.check.clientIp': 'あなたのパブリック IP（許可 IP 範囲のチェック用）',
  'cli.check.json': 'レポートを JSON で表示する',
};

export const messages: Messages = { ...core, ...slack };
