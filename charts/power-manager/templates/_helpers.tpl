{{/* The chart name, for the app.kubernetes.io/name label. */}}
{{- define "power-manager.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name: prefix of every object name. The release name alone when it already contains the
chart name (helm install power-manager ... gives "power-manager").
*/}}
{{- define "power-manager.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "power-manager.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Standard labels of every object. Call with (dict "ctx" $ "component" "manager").
*/}}
{{- define "power-manager.labels" -}}
helm.sh/chart: {{ include "power-manager.chart" .ctx }}
{{ include "power-manager.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: power-manager
{{- end }}

{{/* Labels a workload selects its pods by. Call with (dict "ctx" $ "component" "manager"). */}}
{{- define "power-manager.selectorLabels" -}}
app.kubernetes.io/name: {{ include "power-manager.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Object names. The manager's Deployment, ServiceAccount and RBAC carry the full name. */}}
{{- define "power-manager.managerName" -}}
{{- include "power-manager.fullname" . }}
{{- end }}

{{/* The webhook Service; the self-issued serving certificate is for its DNS names. */}}
{{- define "power-manager.webhookService" -}}
{{- include "power-manager.fullname" . }}
{{- end }}

{{/* The CRDs' conversion webhook: publishes not-ready addresses (the manager's informers list through it before the manager is ready). */}}
{{- define "power-manager.conversionService" -}}
{{- printf "%s-conversion" (include "power-manager.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "power-manager.extenderService" -}}
{{- printf "%s-extender" (include "power-manager.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Secret with tls.crt, tls.key and ca.crt: written by the manager, or by cert-manager. */}}
{{- define "power-manager.tlsSecret" -}}
{{- printf "%s-tls" (include "power-manager.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "power-manager.mutatingWebhookConfiguration" -}}
{{- include "power-manager.fullname" . }}
{{- end }}

{{- define "power-manager.validatingWebhookConfiguration" -}}
{{- include "power-manager.fullname" . }}
{{- end }}

{{- define "power-manager.leaseName" -}}
{{- default (printf "%s-reconciler" (include "power-manager.fullname" .)) .Values.manager.leaderElection.leaseName | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "power-manager.schedulerFullname" -}}
{{- printf "%s-scheduler" (include "power-manager.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "power-manager.uninstallName" -}}
{{- printf "%s-uninstall" (include "power-manager.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The agent's ServiceAccount. Fixed: the PowerConfig reconciler puts this name into the agent
DaemonSet it creates (AgentSettings.DEFAULT in the reconciler module).
*/}}
{{- define "power-manager.agentServiceAccount" -}}
power-node-agent
{{- end }}

{{/* repository[:tag][@digest]. Call with (dict "image" .Values.image "default" $.Chart.AppVersion). */}}
{{- define "power-manager.imageRef" -}}
{{- $tag := default .default .image.tag }}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{- define "power-manager.image" -}}
{{- include "power-manager.imageRef" (dict "image" .Values.image "default" .Chart.AppVersion) }}
{{- end }}

{{/* The agent image: agent.image when its repository is set, else the power-manager image. */}}
{{- define "power-manager.agentImage" -}}
{{- if .Values.agent.image.repository }}
{{- include "power-manager.imageRef" (dict "image" .Values.agent.image "default" .Chart.AppVersion) }}
{{- else }}
{{- include "power-manager.image" . }}
{{- end }}
{{- end }}

{{/*
Repositories a PowerConfig's spec.powerImage may name (--agent-image-allow-list): agent.imageAllowList,
or by default the chart's image repository. The manager always admits the --agent-image repository too.
*/}}
{{- define "power-manager.agentImageAllowList" -}}
{{- join "," (.Values.agent.imageAllowList | default (list .Values.image.repository)) }}
{{- end }}

{{/* The scheduler name the mutating webhook sets on power pods; empty = off. */}}
{{- define "power-manager.podSchedulerName" -}}
{{- if .Values.webhook.schedulerName }}
{{- .Values.webhook.schedulerName }}
{{- else if .Values.powerScheduler.enabled }}
{{- .Values.powerScheduler.schedulerName }}
{{- end }}
{{- end }}

{{/*
The restricted container securityContext: every container of this chart (the agent, which is
privileged, is not in the chart).
*/}}
{{- define "power-manager.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "power-manager.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Fails rendering on values the API server or the manager would reject later. */}}
{{- define "power-manager.validateValues" -}}
{{- range $key, $policy := dict "webhook.failurePolicy" .Values.webhook.failurePolicy "webhook.podFailurePolicy" .Values.webhook.podFailurePolicy }}
{{- if not (has $policy (list "Fail" "Ignore")) }}
{{- fail (printf "%s: %q is not a failurePolicy; use Fail or Ignore" $key $policy) }}
{{- end }}
{{- end }}
{{- $timeout := int .Values.webhook.timeoutSeconds }}
{{- if or (lt $timeout 1) (gt $timeout 5) }}
{{- fail (printf "webhook.timeoutSeconds: %v is outside 1..5 (the webhook is on the create path of power pods)" .Values.webhook.timeoutSeconds) }}
{{- end }}
{{- if and .Values.powerScheduler.enabled (not .Values.powerScheduler.schedulerName) }}
{{- fail "powerScheduler.schedulerName: empty; the secondary scheduler needs a name pods can choose" }}
{{- end }}
{{- if and .Values.powerScheduler.enabled (lt (int .Values.powerScheduler.weight) 1) }}
{{- fail (printf "powerScheduler.weight: %v; kube-scheduler needs a positive weight when prioritizeVerb is set" .Values.powerScheduler.weight) }}
{{- end }}
{{- end }}

{{/* cert-manager objects (certManager.enabled). */}}
{{- define "power-manager.servingCertificate" -}}
{{- printf "%s-serving" (include "power-manager.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Whole seconds of a duration written as <n>s, <n>m or <n>h (e.g. uninstall.timeout). */}}
{{- define "power-manager.durationSeconds" -}}
{{- $d := toString . }}
{{- if regexMatch "^[0-9]+s$" $d }}{{ trimSuffix "s" $d }}
{{- else if regexMatch "^[0-9]+m$" $d }}{{ mul (trimSuffix "m" $d | int) 60 }}
{{- else if regexMatch "^[0-9]+h$" $d }}{{ mul (trimSuffix "h" $d | int) 3600 }}
{{- else }}{{ fail (printf "%q is not a duration such as 120s, 5m or 1h" $d) }}
{{- end }}
{{- end }}
