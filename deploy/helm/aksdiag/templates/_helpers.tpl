{{/* Names, labels and the pieces every workload shares. */}}

{{- define "aksdiag.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "aksdiag.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: include "aksdiag.selector" (list . "bot") */}}
{{- define "aksdiag.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "aksdiag.serviceAccountName" -}}
{{- default (include "aksdiag.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "aksdiag.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "aksdiag.redis" -}}
{{- if eq .Values.store "redis" -}}true{{- end -}}
{{- end -}}

{{- define "aksdiag.slackSecret" -}}
{{- default (printf "%s-slack" (include "aksdiag.fullname" .)) .Values.slack.existingSecret -}}
{{- end -}}

{{/* The external Redis's URL, from its Secret (bot and workers). */}}
{{- define "aksdiag.redisUrlEnv" -}}
{{- if and (include "aksdiag.redis" .) .Values.redis.external.existingSecret -}}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.external.existingSecret }}
      key: {{ .Values.redis.external.urlKey }}
{{- end -}}
{{- end -}}

{{/* The Secret with the alert credentials: alerts.existingSecret, or the one the chart makes. */}}
{{- define "aksdiag.alertsSecret" -}}
{{- default (printf "%s-alerts" (include "aksdiag.fullname" .)) .Values.alerts.existingSecret -}}
{{- end -}}

{{/* The alert credentials in use, each from its Secret key; the bot's alone (workers never see them). */}}
{{- define "aksdiag.alertsEnv" -}}
{{- $a := .Values.alerts -}}
{{- if $a.enabled -}}
{{- $secret := include "aksdiag.alertsSecret" . -}}
{{- $token := "" -}}
{{- $basic := "" -}}
{{- if $a.existingSecret -}}
{{- $token = $a.tokenKey -}}
{{- $basic = $a.basicAuthKey -}}
{{- else -}}
{{- if $a.token }}{{ $token = "AKSDIAG_ALERTS_TOKEN" }}{{ end -}}
{{- if $a.basicAuth }}{{ $basic = "AKSDIAG_ALERTS_BASIC_AUTH" }}{{ end -}}
{{- end -}}
{{- with $token }}
- name: AKSDIAG_ALERTS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- with $basic }}
- name: AKSDIAG_ALERTS_BASIC_AUTH
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* Pod metadata of the bot and the workers: workload identity, scraping, a restart on new settings. */}}
{{- define "aksdiag.podMetadata" -}}
{{- $root := index . 0 -}}
labels:
  {{- include "aksdiag.selector" . | nindent 2 }}
  {{- if $root.Values.azure.workloadIdentity.enabled }}
  # The workload identity webhook injects the token file and AZURE_* for DefaultAzureCredential.
  azure.workload.identity/use: 'true'
  {{- end }}
annotations:
  prometheus.io/scrape: 'true'
  prometheus.io/port: {{ $root.Values.healthPort | quote }}
  prometheus.io/path: /metrics
  checksum/settings: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
  {{- if and (eq (index . 1) "bot") $root.Values.alerts.enabled }}
  checksum/alerts: {{ include (print $root.Template.BasePath "/alerts.yaml") $root | sha256sum }}
  {{- end }}
  {{- with $root.Values.podAnnotations }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/* Pod spec fields of the bot and the workers: uid 1000 of the image, the restricted profile. */}}
{{- define "aksdiag.podSpec" -}}
serviceAccountName: {{ include "aksdiag.serviceAccountName" . }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  runAsNonRoot: true
  runAsUser: 1000
  runAsGroup: 1000
  fsGroup: 1000
  seccompProfile:
    type: RuntimeDefault
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "aksdiag.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
{{- end -}}

{{/* Refuses value combinations that would deploy something that cannot work, saying what to set. */}}
{{- define "aksdiag.validate" -}}
{{- $s := .Values.slack -}}
{{- if and (not $s.existingSecret) (not $s.botToken) -}}
{{- fail "slack: set existingSecret to a Secret holding SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET), or give botToken" -}}
{{- end -}}
{{- if and $s.botToken (not $s.existingSecret) (eq $s.mode "socket") (not $s.appToken) -}}
{{- fail "slack.mode is socket: give slack.appToken (xapp-..., scope connections:write), or use slack.mode=http with slack.signingSecret" -}}
{{- end -}}
{{- if and $s.botToken (not $s.existingSecret) (eq $s.mode "http") (not $s.signingSecret) -}}
{{- fail "slack.mode is http: give slack.signingSecret (Basic Information -> App Credentials)" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (ne $s.mode "http") -}}
{{- fail "ingress.enabled needs slack.mode=http: Socket Mode takes no inbound requests" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) -}}
{{- fail "ingress.enabled: set ingress.host, the name Slack will post to" -}}
{{- end -}}
{{- if and .Values.azure.workloadIdentity.enabled (not .Values.azure.workloadIdentity.clientId) -}}
{{- fail "azure.workloadIdentity.enabled: set azure.workloadIdentity.clientId (deploy/azure/assign-roles.sh prints it), or turn workload identity off" -}}
{{- end -}}
{{- if and (include "aksdiag.redis" .) (eq .Values.worker.autoscaling.mode "keda") .Values.redis.external.existingSecret (not .Values.redis.external.host) -}}
{{- fail "worker.autoscaling.mode=keda with an external Redis: set redis.external.host (and port, tls, passwordKey), which KEDA reads the queue with" -}}
{{- end -}}
{{- $a := .Values.alerts -}}
{{- if $a.enabled -}}
{{- if and $a.existingSecret (or $a.token $a.basicAuth) -}}
{{- fail "alerts: give either alerts.existingSecret (with alerts.tokenKey, alerts.basicAuthKey) or alerts.token / alerts.basicAuth for the chart to keep in a Secret, not both" -}}
{{- end -}}
{{- if not (or (and $a.existingSecret (or $a.tokenKey $a.basicAuthKey)) $a.token $a.basicAuth) -}}
{{- fail "alerts.enabled needs a credential, or anyone could post alerts: set alerts.existingSecret to a Secret holding AKSDIAG_ALERTS_TOKEN and/or AKSDIAG_ALERTS_BASIC_AUTH (alerts.tokenKey, alerts.basicAuthKey name its keys), or give alerts.token or alerts.basicAuth" -}}
{{- end -}}
{{- if not (or $a.channel $a.routes) -}}
{{- fail "alerts.enabled needs somewhere to post: set alerts.channel (a channel id, C...) and/or alerts.routes (cluster: channel id)" -}}
{{- end -}}
{{- if eq (int $a.port) (int .Values.healthPort) -}}
{{- fail (printf "alerts.port and healthPort are both %d: give alerts.port a port of its own (default 3001)" (int $a.port)) -}}
{{- end -}}
{{- if and (eq $s.mode "http") (eq (int $a.port) (int $s.port)) -}}
{{- fail (printf "alerts.port and slack.port are both %d: give alerts.port a port of its own (default 3001)" (int $a.port)) -}}
{{- end -}}
{{- end -}}
{{- if $a.ingress.enabled -}}
{{- if not $a.enabled -}}
{{- fail "alerts.ingress.enabled needs alerts.enabled (and its credential and channel)" -}}
{{- end -}}
{{- if not (or $a.ingress.host .Values.ingress.enabled) -}}
{{- fail "alerts.ingress.enabled: set alerts.ingress.host, the name action groups will post to, or turn on the Slack Ingress (ingress.enabled, slack.mode=http) to share its host" -}}
{{- end -}}
{{- end -}}
{{- $managed := list "AKSDIAG_HEALTH_PORT" "AKSDIAG_SUBSCRIPTIONS" "AKSDIAG_HOME_CLUSTER" "PORT" "AKSDIAG_FIX_APPROVERS" "AKSDIAG_KUBE_FIXES" "AKSDIAG_NODE_FIXES" "AKSDIAG_QUEUE_PREFIX" "AKSDIAG_WORKER_CONCURRENCY" "REDIS_URL" "AKSDIAG_DATA_DIR" "AKSDIAG_ALERTS_PORT" "AKSDIAG_ALERTS_CHANNEL" "AKSDIAG_ALERTS_ROUTES" "AKSDIAG_ALERTS_CLUSTER_LABELS" "AKSDIAG_ALERTS_RESOURCE_GROUP_LABELS" "AKSDIAG_ALERTS_MAX_BYTES" "AKSDIAG_ALERTS_REPOST_MINUTES" -}}
{{- $secret := list "SLACK_BOT_TOKEN" "SLACK_APP_TOKEN" "SLACK_SIGNING_SECRET" "AZURE_CLIENT_SECRET" "AKSDIAG_ALERTS_TOKEN" "AKSDIAG_ALERTS_BASIC_AUTH" -}}
{{- range $k, $v := .Values.settings -}}
{{- if has $k $managed -}}
{{- fail (printf "settings.%s: the chart sets it from its own values (values.yaml says which); set it there" $k) -}}
{{- end -}}
{{- if has $k $secret -}}
{{- fail (printf "settings.%s is a secret: it goes in a Secret (slack.existingSecret, alerts.existingSecret), never in a ConfigMap" $k) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.worker.autoscaling.mode "cpu") (lt (int .Values.worker.autoscaling.minReplicas) 1) -}}
{{- fail "worker.autoscaling.mode=cpu: minReplicas must be 1 or more (only KEDA scales to zero)" -}}
{{- end -}}
{{- end -}}
