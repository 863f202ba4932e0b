{{/* The image reference: pinned by digest when one is set, else repository:tag. */}}
{{- define "pontual.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}
{{- end -}}

{{/* The status service as people reach it, which alerts link to; default its in-cluster address. */}}
{{- define "pontual.statusUrl" -}}
{{ .Values.alerting.statusUrl | default (printf "http://pontual-status.%s.svc:8080" (include "pontual.namespace" .)) | trimSuffix "/" }}
{{- end -}}

{{/* Namespace of every object: the value, else the release namespace. */}}
{{- define "pontual.namespace" -}}
{{ .Values.namespace | default .Release.Namespace }}
{{- end -}}

{{/* Helm's standard labels, on every object (never in selectors, which cannot change). */}}
{{- define "pontual.helmLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | quote }}
{{- end -}}
