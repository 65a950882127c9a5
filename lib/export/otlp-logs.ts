import type { AxEvent } from '../log/schema';
import { canonicalJson } from '../util/hash';
import { attr, resource, SCOPE, type KeyValue } from './otlp-common';
import { nanos, suggestionSpanIdOf, taskSpanIdOf, traceIdOf } from './ids';

/**
 * OTLP/JSON logs: one record per event (`eventName` axtrace.<type>, the full event as the body so
 * the export can be verified and re-imported), `gen_ai.*` attributes, and each decision repeated
 * as a `gen_ai.evaluation.result` event.
 */
export function otlpLogRecords(e: AxEvent) {
  const base = {
    timeUnixNano: nanos(e.ts),
    observedTimeUnixNano: nanos(e.ts),
    severityNumber: e.type === 'suggestion.failed' || e.type === 'adapter.miss' ? 13 : 9,
    severityText: e.type === 'suggestion.failed' || e.type === 'adapter.miss' ? 'WARN' : 'INFO',
    ...(e.taskId ? { traceId: traceIdOf(e.taskId), spanId: e.suggestionId ? suggestionSpanIdOf(e.suggestionId) : taskSpanIdOf(e.taskId) } : {}),
  };
  const records = [{ ...base, eventName: `axtrace.${e.type}`, body: { stringValue: canonicalJson(e) }, attributes: attributesOf(e) }];
  const evaluation = evaluationOf(e);
  if (evaluation) records.push({ ...base, eventName: 'gen_ai.evaluation.result', body: { stringValue: evaluation.explanation ?? evaluation.label }, attributes: evaluation.attributes });
  return records;
}

function attributesOf(e: AxEvent): KeyValue[] {
  const common = [
    ...attr('axtrace.event.id', e.id), ...attr('axtrace.seq', e.seq), ...attr('axtrace.hash', e.hash), ...attr('axtrace.actor', e.actor),
    ...attr('axtrace.actor.role', e.actorRole), ...attr('axtrace.decision_owner', e.decisionOwner), ...attr('axtrace.site', e.site),
    ...attr('axtrace.workflow', e.workflow), ...attr('axtrace.task.id', e.taskId), ...attr('axtrace.suggestion.id', e.suggestionId),
  ];
  if (e.type === 'suggestion.requested' || e.type === 'suggestion.shown' || e.type === 'suggestion.failed') {
    common.push(...attr('gen_ai.operation.name', 'chat'), ...attr('gen_ai.provider.name', e.provider), ...attr('gen_ai.request.model', e.model));
  }
  if (e.type === 'suggestion.requested' || e.type === 'suggestion.shown') common.push(...attr('gen_ai.prompt.name', e.promptId), ...attr('axtrace.prompt.version', e.promptVersion));
  if (e.type === 'suggestion.shown') common.push(...attr('axtrace.latency_ms', e.latencyMs), ...attr('axtrace.first_token_ms', e.firstTokenMs), ...attr('axtrace.masked_count', e.maskedCount));
  if (e.type === 'suggestion.failed') common.push(...attr('error.type', e.kind));
  if (e.type === 'task.submitted') common.push(...attr('axtrace.outcome', e.outcome), ...attr('axtrace.retention', e.retention), ...attr('axtrace.ai_share', e.aiShare));
  return common;
}

/** A person's decision on an AI output, in the GenAI evaluation-event shape. */
function evaluationOf(e: AxEvent): { label: string; explanation?: string; attributes: KeyValue[] } | null {
  const evaluation = (label: string, score: number | null, explanation?: string) => ({
    label,
    explanation,
    attributes: [
      ...attr('gen_ai.evaluation.name', 'axtrace.human_decision'), ...attr('gen_ai.evaluation.score.label', label), ...attr('gen_ai.evaluation.score.value', score),
      ...attr('gen_ai.evaluation.explanation', explanation), ...attr('axtrace.actor', e.actor), ...attr('axtrace.decision_owner', e.decisionOwner), ...attr('axtrace.suggestion.id', e.suggestionId),
    ],
  });
  if (e.type === 'suggestion.inserted') return evaluation(e.mode === 'copy' ? 'copied' : 'inserted', 1);
  if (e.type === 'suggestion.dismissed') return evaluation('dismissed', 0, e.reason + (e.note ? `: ${e.note}` : ''));
  if (e.type === 'task.submitted' && e.outcome !== 'unassisted') return evaluation(e.outcome, e.retention);
  return null;
}

export function otlpLogsDocument(groups: { key: { installId: string; extVersion: string; pilotId: string; teamId: string }; records: unknown[] }[]) {
  return { resourceLogs: groups.map((g) => ({ resource: resource(g.key.installId, g.key.extVersion, g.key.pilotId, g.key.teamId), scopeLogs: [{ scope: SCOPE, logRecords: g.records }] })) };
}
