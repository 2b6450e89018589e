/** Korean messages of the Slack bot: see ../en/slack.ts for what each one is. */
import type { SlackMessages } from '../en/messages.js';

export const slack: SlackMessages = {
  'slack.reply.headline': '*{title}* (신뢰도 {confidence})',
  'slack.reply.likelyCauses': '가능성 높은 원인',
  'slack.reply.doesNotFit': '(붙여 넣은 내용과 맞지 않음)',
  'slack.reply.checksLookAt': '검사에서 살펴보는 것',
  'slack.reply.foundInPaste': '붙여 넣은 내용에서 찾은 것: {parts}',
  'slack.reply.nodes': '노드',
  'slack.reply.redacted': '붙여 넣은 내용의 비밀 값은 읽거나 저장하기 전에 가렸습니다.',
  'slack.reply.checksOff':
    '실시간 검사가 꺼져 있습니다. aksdiag가 클러스터를 검사하도록 {setting}을(를) 설정하세요.',
  'slack.reply.notRecognised':
    '여기서 AKS 네트워크 오류를 알아보지 못했습니다. 오류 전체(kubectl 출력, 로그, curl -v)를 붙여 넣거나, 상태 점검은 `/aksdiag <cluster>`로 실행하세요.',
  'slack.fixes.text': '{title} 해결 명령',

  'slack.button.runOn': '{cluster}에서 검사 실행',
  'slack.button.runPick': '검사 실행 (클러스터 선택)',
  'slack.button.showFix': '해결 명령 보기',
  'slack.button.notThis': '이것이 아님',
  'slack.button.rerun': '다시 실행',
  'slack.button.rawOutput': '원본 출력 보기',
  'slack.button.resolved': '해결됨',

  'slack.apply.nsg-allow': '수정: NSG 규칙 추가',
  'slack.apply.authorize-ip': '수정: IP 허용',
  'slack.apply.vnet-dns-default': '수정: Azure DNS로 되돌리기',
  'slack.apply.outbound-ports': '수정: SNAT 포트 늘리기',
  'slack.apply.firewall-allow': '수정: 방화벽 규칙 추가',
  'slack.apply.private-dns-link': '수정: DNS 영역 연결',
  'slack.apply.vmss-reimage': '수정: 노드 이미지 재설치',
  'slack.apply.ufw-allow-10250': '수정: ufw에서 10250 허용',
  'slack.apply.iptables-delete-rule': '수정: iptables 규칙 삭제',
  'slack.apply.kube-patch-service': '수정: Service 바로잡기',
  'slack.apply.kube-grant': '수정: 권한 부여',
  'slack.apply.kube-delete-pods': '수정: Pod 다시 시작',
  'slack.apply.kube-restart': '수정: Deployment 다시 시작',
  'slack.apply.kube-allow-policy': '수정: 트래픽 허용',

  'slack.progress.checking': '*{cluster}*에서 _{title}_ 검사 중',
  'slack.progress.count': '검사 {total}개 중 {done}개',
  'slack.progress.text': '{cluster} 검사 중: {total}개 중 {done}개',
  'slack.progress.everything': '알려진 모든 문제',
  'slack.progress.step': '{title} ({count}개 중 {n}번째)',
  'slack.run.failed': '*{cluster}*을(를) 검사하지 못했습니다: {why}',
  'slack.run.failedText': '{cluster}을(를) 검사하지 못했습니다: {why}',

  'slack.verdict.found': '원인을 찾음: {title}',
  'slack.verdict.noneOn': '{cluster}에서 확인된 원인이 없습니다',
  'slack.verdict.checks': '{count, plural, other {검사 #개}}',
  'slack.verdict.more': '…외 {count}개',
  'slack.verdict.fix': '해결',
  'slack.verdict.none': '확인된 원인 없음',
  'slack.status.confirmed': '확인됨',
  'slack.status.ruled-out': '배제됨',
  'slack.status.unknown': '검사할 수 없음',
  'slack.cut': '(잘림: 전체는 "원본 출력 보기"에 있습니다)',
  'slack.overflow': '한 메시지에 다 담을 수 없습니다. 나머지는 "원본 출력 보기"에 있습니다.',
  'slack.sweep.found': '{cluster} 상태 점검: {count, plural, other {문제 #개}} 발견',
  'slack.sweep.nothing': '{cluster} 상태 점검: 문제를 찾지 못함',
  'slack.sweep.clean': '확인된 원인이 없는 증상: {symptoms}',
  'slack.raw.text': '{count, plural, other {결과 #개}}의 원본 출력',
  'slack.raw.none': '기록된 결과가 없습니다.',

  'slack.picker.ask':
    '어느 클러스터인가요? 하나를 고르거나, 이 채널에서 `/aksdiag bind <cluster>`를 실행하세요.',
  'slack.picker.which': '어느 클러스터를 검사할까요?',
  'slack.picker.placeholder': '클러스터 선택',
  'slack.picker.none': '설정된 구독에서 aksdiag가 볼 수 있는 AKS 클러스터가 없습니다.',
  'slack.picker.gone': '그 선택지는 더 이상 없습니다. "검사 실행"을 다시 누르세요.',
  'slack.run.already': '이 진단의 검사가 이미 실행 중입니다. 결과는 스레드에 표시됩니다.',
  'slack.run.off':
    '실시간 검사가 꺼져 있습니다. aksdiag가 클러스터를 검사하도록 AKSDIAG_SUBSCRIPTIONS를 설정하세요.',
  'slack.button.foreign': '이 버튼은 다른 채널의 진단에 속합니다. 아무것도 하지 않았습니다.',
  'slack.button.expired': '이 진단은 만료되었습니다. 오류를 다시 붙여 넣으세요.',
  'slack.notThis.thanks':
    '{user} 님이 이 진단은 문제와 다르다고 표시했습니다. 감사합니다. 판별 개선에 도움이 됩니다.',
  'slack.notThis.text': '"이것이 아님"으로 표시됨',
  'slack.resolved': '{user} 님이 해결됨으로 표시했습니다.',

  'slack.fix.gone': '그 수정은 더 이상 제공되지 않습니다. 검사를 다시 실행하세요.',
  'slack.fix.notApprover':
    'AKSDIAG_FIX_APPROVERS에 있는 사람과 그룹만 수정을 적용할 수 있습니다. 명령은 결과에 있으니 직접 실행할 수 있습니다.',
  'slack.fix.cannot': '이 수정을 적용할 수 없습니다: {why}.',
  'slack.fix.expired': '진단이 만료되었습니다',
  'slack.fix.noLongerApprover': '승인자 목록에 없습니다',
  'slack.fix.busy': '이 수정은 이미 적용 중입니다',
  'slack.fix.nothingChanged': '아무것도 바꾸지 않았습니다: {why}.',
  'slack.fix.applied': '{user} 님이 수정을 적용했습니다: {result}',
  'slack.fix.failed': '{user} 님이 수정을 시도했지만 실패했습니다: {error}',
  'slack.fix.passes': '수정 후 검사를 통과했습니다. {cause}은(는) 배제되었습니다.',
  'slack.fix.notPassing': '수정 후에도 {cause}은(는) "{status}" 상태입니다. 위의 결과를 확인하세요.',
  'slack.fix.stale':
    '이 확인은 이미 사용되었거나, 만료되었거나, 본인의 것이 아닙니다. 아무것도 바꾸지 않았습니다. 스레드에서 *수정* 버튼을 다시 누르세요.',

  'slack.modal.title': '수정 적용',
  'slack.modal.submit': '적용',
  'slack.modal.cancel': '취소',
  'slack.modal.close': '닫기',
  'slack.modal.willChange': '*{cluster}을(를) 다음과 같이 바꿉니다:*',
  'slack.modal.theCluster': '클러스터',
  'slack.modal.byHand': '직접 하려면',
  'slack.modal.after':
    '적용 후 검사를 다시 실행하고, 원인이 사라졌는지 스레드에 알립니다. 모든 시도는 감사 로그에 남습니다.',
  'slack.modal.nodeWarning':
    'AKS는 노드 설정을 직접 바꾸는 것을 지원하지 않습니다. 변경은 노드 이미지를 다시 설치하거나 업그레이드하면 사라지며, AKS 지원팀이 되돌리라고 요청할 수 있습니다. 지원되는 대안은 NSG 규칙(ARM)이나 노드 이미지 재설치입니다.',

  'change.nsg-allow':
    'NSG {nsg}(리소스 그룹 {group})에 규칙 {rule} 추가: {source}에서 {destination} 포트 {port}(으)로 가는 {direction} {protocol} 허용, 우선순위 {priority}',
  'change.authorize-ip': '{cluster}(리소스 그룹 {group})의 API 서버 허용 IP 범위를 {ranges}(으)로 설정',
  'change.vnet-dns-default':
    'VNet {vnet}(리소스 그룹 {group})의 DNS 서버를 Azure 제공 DNS로 되돌림. 노드는 DHCP 임대를 갱신하거나 다시 시작할 때 반영함',
  'change.outbound-ports':
    '{cluster}(리소스 그룹 {group})의 노드마다 SNAT 포트 {ports}개를 주고, 관리되는 아웃바운드 IP를 {count, plural, other {#개}}로 설정',
  'change.firewall-network':
    'Azure Firewall {firewall}(리소스 그룹 {group})의 {kind} 규칙 컬렉션 {collection}에 규칙 {rule} 추가: {source}에서 {destination} 포트 {port}(으)로 가는 TCP 허용',
  'change.firewall-fqdn':
    'Azure Firewall {firewall}(리소스 그룹 {group})의 {kind} 규칙 컬렉션 {collection}에 규칙 {rule} 추가: {source}에서 FQDN 태그 {tag}(으)로 가는 HTTPS 443 허용',
  'change.private-dns-link':
    '프라이빗 DNS 영역 {zone}(리소스 그룹 {group})을 VNet {vnet}에 {link}(이)라는 이름으로 연결, 자동 등록 없음',
  'change.vmss-reimage':
    '노드 {node}({vmss} 인스턴스 {instance}, 리소스 그룹 {group}) 이미지 재설치: AKS 노드 이미지로 다시 시작하며, 그 Pod는 중지된 뒤 다시 예약됨',
  'change.node-script': '노드 {node}({vmss} 인스턴스 {instance})에서: {summary}',
  'change.iptables-delete-rule': 'iptables 체인 {chain}의 규칙 {rule} 삭제',
  'change.kube': '클러스터 {cluster}에서: {change}',
  'change.kube-selector': 'Service {service}의 셀렉터를 {selector}(으)로 설정',
  'change.kube-target-port': 'Service {service}의 포트 #{index}의 targetPort를 {port}(으)로 설정',
  'change.kube-grant':
    '{resource}에 "{verb}"을(를) 허용하는 Role {role}을(를) 만들고 {user}에게 바인딩(RoleBinding {binding})',
  'change.kube-delete-pods':
    '노드 {node}의 {what} Pod({namespace}, {selector}) 삭제. DaemonSet이 새 Pod를 시작함',
  'change.kube-restart': 'Deployment {deployment} 다시 시작(rollout restart: Pod를 하나씩 교체함)',
  'change.kube-allow-ingress':
    'Pod {selector}에 대해 {peer}에서 TCP {port}(으)로 들어오는 트래픽을 허용하는 NetworkPolicy {policy} 추가(기존 정책은 그대로)',
  'change.kube-allow-egress':
    'Pod {selector}에 대해 {peer}(으)로 나가는 TCP {port} 트래픽을 허용하는 NetworkPolicy {policy} 추가(기존 정책은 그대로)',
  'change.anySource': '모든 출발지',
  'change.anyDestination': '모든 목적지',

  'slack.help.intro':
    '*aksdiag*는 AKS 네트워크 오류를 진단합니다. 제가 있는 채널(또는 DM)에 오류를 붙여 넣거나, 다음을 쓰세요:',
  'slack.help.check': '`/aksdiag <cluster>`: 클러스터의 알려진 모든 문제를 검사',
  'slack.help.checkError': '`/aksdiag <cluster> <오류 텍스트>`: 그 오류가 보여 주는 문제를 검사',
  'slack.help.bind': '`/aksdiag bind <cluster>`: "검사 실행" 버튼이 쓰는 이 채널의 기본 클러스터로 지정',
  'slack.help.lang':
    '`/aksdiag lang <code>`: Slack이 사람의 언어를 알려 주지 않을 때 이 채널에서는 그 언어({codes})로 답함. `/aksdiag lang off`로 해제',
  'slack.help.shortcut': '어느 메시지에서든: 메뉴의 *{shortcut}*을(를) 고르면 그 스레드에 답합니다',
  'slack.help.help': '`/aksdiag help`: 이 도움말',
  'slack.help.clusters':
    '클러스터는 `<name>`, `<resourceGroup>/<name>`, `<subscription>/<resourceGroup>/<name>` 중 하나로 씁니다.',
  'slack.command.notCluster':
    '{name}은(는) 클러스터가 아닙니다. `<name>`, `<resourceGroup>/<name>`, `<subscription>/<resourceGroup>/<name>` 중 하나로 쓰세요.',
  'slack.command.bound': '이 채널의 기본 클러스터가 이제 {cluster}입니다.',
  'slack.command.asked': '{user} 님이 {cluster}에 대해 {what} 검사를 요청했습니다.',
  'slack.lang.set': 'Slack이 사람의 언어를 알려 주지 않을 때 이 채널은 이제 {language}(으)로 답합니다.',
  'slack.lang.cleared': '이 채널의 자체 언어를 해제했습니다. {language}을(를) 씁니다.',
  'slack.lang.show': '이 채널: {channel}. 내 언어: {yours}, {source}.',
  'slack.lang.none': '설정 안 됨',
  'slack.lang.unknown':
    'aksdiag는 {code}을(를) 지원하지 않습니다. {codes} 중 하나를 쓰거나, `off`로 채널의 언어를 해제하세요.',

  'slack.shortcut.notMember':
    '제가 이 채널에 없어서 그 메시지의 스레드에 답할 수 없습니다. `/invite @aksdiag`로 초대한 뒤 다시 시도하세요.',
  'slack.shortcut.cannotPost':
    '그 메시지의 스레드에 게시하지 못했습니다({error}). 아무것도 게시하지 않았습니다.',
  'slack.shortcut.noText': '그 메시지에는 읽을 수 있는 텍스트가 없습니다.',
  'slack.shortcut.already': '그 메시지에는 이미 답했습니다. 스레드를 확인하세요.',

  'slack.source.locale': 'Slack 언어 설정에 따름',
  'slack.source.channel': '이 채널의 설정에 따름',
  'slack.source.bot': '봇 기본값(AKSDIAG_LANGUAGE)',
  'slack.source.default': '기본값',

  'slack.home.recent': '최근 진단',
  'slack.home.noRecent':
    '아직 없습니다. 제가 있는 채널에 AKS 오류를 붙여 넣거나, 메시지 메뉴에서 *{shortcut}*을(를) 고르세요.',
  'slack.home.status.diagnosed': '아직 검사 안 함',
  'slack.home.status.running': '{cluster}에서 검사 중',
  'slack.home.status.found': '{cluster}에서 찾음: {causes}',
  'slack.home.status.clean': '{cluster} 검사함: 확인된 원인 없음',
  'slack.home.status.failed': '{cluster}을(를) 검사하지 못함',
  'slack.home.status.resolved': '해결됨',
  'slack.home.status.rejected': '"이것이 아님"으로 표시됨',
  'slack.home.status.fix-applied': '수정 적용됨',
  'slack.home.channels': '채널',
  'slack.home.cluster': '클러스터 {cluster}',
  'slack.home.language': '언어 {language}',
  'slack.home.noChannels':
    '클러스터나 언어를 정한 채널이 아직 없습니다. `/aksdiag bind <cluster>`와 `/aksdiag lang <code>`로 정할 수 있습니다.',
  'slack.home.fixes': '최근 수정',
  'slack.home.fixApplied': '적용됨',
  'slack.home.fixFailed': '실패',
  'slack.home.noFixes': 'Slack에서 적용한 수정이 아직 없습니다.',
  'slack.home.settings': '내 설정',
  'slack.home.yourLanguage': '언어: {language}, {source}.',
  'slack.home.channelLanguage':
    'Slack이 알려 주는 언어를 제가 지원하지 않아서, `/aksdiag lang`을 설정한 채널에서는 그 채널의 언어로 답합니다.',
  'slack.home.mayApply': 'Slack에서 수정을 적용할 수 있습니다. 매번 확인을 거칩니다.',
  'slack.home.mayNotApply':
    'Slack에서 수정을 적용할 수 없습니다. AKSDIAG_FIX_APPROVERS에 있는 사람과 그룹만 할 수 있습니다. 명령은 각 결과에 있습니다.',
  'slack.home.fixesOff': '여기서는 Slack에서 수정을 적용할 수 없습니다. 명령은 각 결과에 있습니다.',
  'slack.home.asOf': '{when} 기준.',

  'azure.heading': 'Azure 자체 근거',
  'azure.disagrees':
    'NSG 2차 의견 불일치: {target}의 {check}: aksdiag는 {verdict}(으)로 판단, Azure Network Watcher는 {by}',
  'azure.agrees': 'NSG 2차 의견 일치: {target}의 {check}: {verdict}. Azure Network Watcher: {by}',
  'azure.decided':
    'NSG 2차 의견을 Azure가 판단: {target}의 {check}: aksdiag는 평가하지 못함. Azure Network Watcher: {by}',
  'azure.watcher': 'NSG 2차 의견: Network Watcher {why}',
  'azure.notAvailable': '사용할 수 없음({reason})',
  'azure.notAsked': '이번 실행에서는 묻지 않음',
  'azure.notAskedFlow': '이 흐름은 묻지 않음(주소를 노드 검사 후에야 알았거나, 실행당 묻는 흐름 수를 넘음)',
  'azure.detectors': 'AKS 검색기: {summary}',
  'azure.detectorsPortal': '포털의 AKS 검색기: {url}',
  'azure.nodeImage': '{target}에서 노드 이미지의 아웃바운드 검사: {verdict}',
  'azure.nodeImageDetail': '{target}에서 노드 이미지의 아웃바운드 검사: {verdict}({detail})',

  // Alerts from Alertmanager and Azure Monitor: the alert's message and its thread's notes.
  'slack.alert.firing': ':fire: *발생 중*',
  'slack.alert.resolved': ':white_check_mark: *해결됨*',
  'slack.alert.cluster': '클러스터 `{cluster}`',
  'slack.alert.noCluster': '클러스터 지정 없음',
  'slack.alert.resolvedMark': '_(해결됨)_',
  'slack.alert.count': '경고 {total}건, 발생 중 {firing}건',
  'slack.alert.notShown': '({more}건 표시 안 함)',
  'slack.alert.fired': '발생 {n}회',
  'slack.alert.resolvedTimes': '해결 {n}회',
  'slack.alert.notifications': '알림 {n}건, 마지막은 {at}',
  'slack.alert.quiet': ':zzz: 자주 바뀌는 중: 이 메시지만 갱신하고 {until} 전에는 새로 올리지 않습니다',
  'slack.alert.source': '출처: {link}',
  'slack.alert.text.firing': 'aksdiag: 발생 중: {title}',
  'slack.alert.text.resolved': 'aksdiag: 해결됨: {title}',
  'slack.alert.change.resolved': ':white_check_mark: {at}에 해결되었습니다.',
  'slack.alert.change.firedAgain': ':fire: {at}에 다시 발생했습니다.',
  'slack.alert.change.checkingAgain': '`{cluster}`을(를) 다시 검사합니다.',
  'slack.alert.change.text.resolved': 'aksdiag: {title}: 해결됨',
  'slack.alert.change.text.firedAgain': 'aksdiag: {title}: 다시 발생',
  'slack.alert.unrecognised': '이 경고에서 AKS 네트워크 오류를 찾지 못했습니다.',
  'slack.alert.unrecognised.running': '알려진 모든 문제에 대해 `{cluster}`을(를) 검사합니다.',
  'slack.alert.unrecognised.off':
    '실시간 검사가 꺼져 있습니다. aksdiag가 클러스터를 검사하도록 AKSDIAG_SUBSCRIPTIONS을(를) 설정하세요.',
  'slack.alert.unrecognised.noCluster':
    '클러스터가 지정되지 않아 아무것도 검사하지 않습니다. 경고에 클러스터 레이블을 붙이거나 여기서 `/aksdiag <cluster>`를 실행하세요.',
  'slack.alert.unrecognised.text': 'aksdiag: 이 경고에서 AKS 네트워크 오류를 찾지 못했습니다',
};
