/** Korean messages (ICU MessageFormat): see ../en/messages.ts for what each one is. */
import type { CoreMessages, Messages } from '../en/messages.js';
import { slack } from './slack.js';

const core: CoreMessages = {
  'note.truncated': '입력이 {chars}자라서 앞부분과 끝부분({scanned}자)만 읽었습니다.',
  'note.masked': '표시하기 전에 비밀 값 {count}개를 가렸습니다.',

  'fix.via.arm': 'Azure',
  'fix.via.kubernetes': 'Kubernetes',
  'fix.via.client': '내 PC',
  'fix.via.node': '노드',
  'fix.warning':
    '경고: 노드에서 직접 바꾸는 작업입니다. AKS 에이전트 노드를 직접 수정하면 AKS 지원 범위를 벗어나고, 이미지 재설치나 업그레이드 때 사라집니다. 위 단계를 먼저 쓰세요.',
  'fix.unfilled.before':
    '<꺾쇠괄호> 안의 값은 붙여 넣은 내용에 없습니다. `aksdiag check <cluster>`(또는 Slack의 "검사 실행")가 Azure에서 채웁니다. 직접 찾으려면:',
  'fix.unfilled.after': '검사로 <꺾쇠괄호> 안의 값을 찾지 못했습니다. 직접 찾으려면:',

  'status.confirmed': '확인됨',
  'status.ruled-out': '배제됨',
  'status.unknown': '알 수 없음',

  'terminal.note': '참고: {note}',
  'terminal.noMatch': 'AKS 네트워크 증상을 찾지 못했습니다.',
  'terminal.closest': '가장 가까운 것: {symptom}({confidence}). 판정에 필요한 {threshold}에 못 미칩니다.',
  'terminal.pasteMore':
    '오류를 더 붙여 넣거나(kubectl 또는 로그 줄 전체), 실제 클러스터에서 모든 증상을 검사하세요: aksdiag check <cluster>',
  'terminal.headline': '{symptom}  (신뢰도 {confidence})',
  'terminal.recognisedBy': '판정 근거: {signals}',
  'terminal.foundInPaste': '붙여 넣은 내용에서 찾은 것:',
  'terminal.toolOutput': '붙여 넣은 내용 속 도구 출력:',
  'terminal.likelyCauses': '가능성 높은 원인:',
  'terminal.doesNotFit': '[맞지 않음: {outcomes}]',
  'terminal.pointedAt': '[붙여 넣은 내용이 이 원인을 가리킴]',
  'terminal.checks': '검사: {checks}',
  'terminal.fix': '해결:',
  'terminal.alsoPossible': '다른 가능성: {alternatives}',
  'entity.node': '노드',
  'entity.nodeVmss': '{name} (VMSS {vmss}, 인스턴스 {instanceId})',
  'entity.apiServer': 'API 서버',
  'entity.apiServerDetail':
    '{fqdn} (DNS 접두사 {prefix}, {region}{private, select, yes {, 프라이빗} other {}})',
  'entity.rbac': 'RBAC',
  'entity.rbacDenied':
    '{user}: {scope, select, cluster {클러스터 범위에서} other {네임스페이스 {namespace}에서}} {resource}에 {verb} 불가',
  'entity.ips': 'IP',
  'entity.ports': '포트',
  'entity.namespaces': '네임스페이스',
  'entity.pods': '파드',
  'entity.services': '서비스',

  'verdict.forPort': '{kind} (포트 {port})',
  'verdict.cut': 'run-command가 출력을 마지막 4,096바이트로 잘랐습니다',
  'verdict.note': '참고: {note}',
  'verdict.inside': '내부: {line}',

  'check.headline': '{cluster} ({resourceGroup}) - {symptom}: 검사 {count}개',
  'check.sample': '(노드 {total}개 중 {checked}개 표본)',
  'check.commandInvoke': 'Kubernetes 개체는 command invoke(클러스터 안의 kubectl)로 읽었습니다.',
  'check.kubeUnavailable': 'Kubernetes API를 읽을 수 없음: {reason}',
  'check.finding': '{target}의 {check}: {verdict}',
  'check.notChecked': '검사하지 않음:',
  'check.azureEvidence': 'Azure 자체 근거:',
  'check.progress': '{total}개 중 {done}개 검사함',

  'cli.nothingToRead': '읽을 내용이 없습니다: {what}',
  'cli.explainInput': '오류 문구를 인수로 주거나 표준 입력으로 보내세요',
  'cli.interpretInput': '도구의 출력을 표준 입력으로 보내세요. 예: ufw status | aksdiag interpret {kind}',
  'cli.emptyExplain': '입력이 비어 있습니다: 오류 문구를 인수로 주거나 표준 입력으로 보내세요',
  'cli.emptyInterpret': '입력이 비어 있습니다: 도구의 출력을 표준 입력으로 보내세요',
  'cli.binary': '입력이 바이너리로 보입니다(NUL 바이트나 제어 문자): 오류 문구를 붙여 넣으세요',
  'cli.innerOutside':
    '--inner는 run-command 출력에 싸인 도구를 지정합니다: interpret run-command와 함께 쓰거나 interpret {inner}를 바로 실행하세요',
  'cli.noSymptomInText':
    '--text에서 AKS 네트워크 증상을 찾지 못했습니다. --symptom으로 지정하거나({ids}) 둘 다 빼서 모든 증상을 검사하세요',
  'cli.badPort': '1부터 65535 사이의 TCP 포트를 주세요',
  'cli.badIp': 'IPv4 또는 IPv6 주소를 주세요',
  'cli.badLang': 'aksdiag는 "{lang}"을(를) 지원하지 않습니다: {langs} 중에서 고르세요',
  'cli.helpAfterError': '(사용법은 aksdiag --help)',
  'cli.program': 'AKS 네트워크 오류를 알아보고, 도구 출력을 읽어 원인과 해결책을 알려 줍니다.',
  'cli.version': '버전을 표시',
  'cli.lang': '응답 언어: {langs} (기본값: LC_ALL, LC_MESSAGES, LANG 순서로 따르고, 없으면 en)',
  'cli.explain': '붙여 넣은 오류를 진단 (인수에서, 인수가 없으면 표준 입력에서)',
  'cli.explain.text': '오류 문구',
  'cli.explain.json': '진단을 JSON으로 표시',
  'cli.interpret': '도구의 출력을 표준 입력에서 읽고 판정을 표시',
  'cli.interpret.kind': '출력한 도구',
  'cli.interpret.port': '흐름을 판정할 TCP 포트 (iptables-list, ufw-status, nc)',
  'cli.interpret.source': '흐름의 출발지 주소 (출발지를 한정한 방화벽 규칙용)',
  'cli.interpret.inner': 'run-command 전용: 출력 안에 든 도구 (기본값: 출력에서 알아냄)',
  'cli.interpret.json': '판정을 JSON으로 표시',
  'cli.check':
    '증상의 검사(--symptom도 --text도 없으면 모든 증상)를 실제 클러스터에서 실행하고 어떤 원인인지 알려 줌',
  'cli.check.cluster': '클러스터 이름 또는 <resourceGroup>/<name>',
  'cli.check.symptom': '검사할 증상',
  'cli.check.text': '오류 문구: 그 증상과 문구에 나온 리소스를 사용',
  'cli.check.clientIp': '내 공용 IP (허용 IP 범위 검사용)',
  'cli.check.json': '보고서를 JSON으로 표시',
};

export const messages: Messages = { ...core, ...slack };
