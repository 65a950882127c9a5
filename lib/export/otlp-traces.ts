import type { AxEvent } from '../log/schema';
import { attr, resource, SCOPE, type KeyValue } from './otlp-common';
import { nanos, suggestionSpanIdOf, taskSpanIdOf, traceIdOf } from './ids';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  status: { code: number; message?: string };
  start: number;
  end: number;
}

/**
 * OTLP/JSON traces in the shape Langfuse's OTLP endpoint accepts: one trace per task (a root span
 * for the task), one generation span per suggestion, ids derived from the task and suggestion ids
 * so that exporting twice never duplicates anything.
 */
export class TraceBuilder {
  private spans = new Map<string, Span>();
  private resources = new Map<string, { installId: string; extVersion: string; pilotId: string; teamId: string; spanKeys: string[] }>();

  add(e: AxEvent): void {
    if (!e.taskId) return;
    const task = this.span(e, `task:${e.taskId}`, () => ({
      traceId: traceIdOf(e.taskId!), spanId: taskSpanIdOf(e.taskId!), name: `axtrace ${e.workflow ?? 'task'}`, kind: 1,
      attributes: [...attr('langfuse.trace.name', `${e.workflow} on ${e.site}`), ...attr('langfuse.user.id', e.actor), ...attr('axtrace.site', e.site), ...attr('axtrace.workflow', e.workflow), ...attr('axtrace.decision_owner', e.decisionOwner)],
    }));
    if (e.type === 'task.submitted') task.attributes.push(...attr('axtrace.outcome', e.outcome), ...attr('axtrace.retention', e.retention), ...attr('axtrace.ai_share', e.aiShare));
    if (!e.suggestionId) return;
    if (e.type === 'suggestion.requested' || e.type === 'suggestion.shown' || e.type === 'suggestion.failed') {
      const gen = this.span(e, `s:${e.suggestionId}`, () => ({
        traceId: traceIdOf(e.taskId!), spanId: suggestionSpanIdOf(e.suggestionId!), parentSpanId: taskSpanIdOf(e.taskId!), name: 'chat', kind: 3,
        attributes: [...attr('langfuse.observation.type', 'generation'), ...attr('gen_ai.operation.name', 'chat'), ...attr('gen_ai.provider.name', e.provider), ...attr('gen_ai.request.model', e.model)],
      }));
      if (e.type === 'suggestion.shown') gen.attributes.push(...attr('gen_ai.prompt.name', e.promptId), ...attr('langfuse.observation.prompt.version', Number(e.promptVersion) || undefined), ...attr('axtrace.output_chars', e.outputChars), ...attr('axtrace.masked_count', e.maskedCount));
      if (e.type === 'suggestion.failed') gen.status = { code: 2, message: `${e.kind}: ${e.message}` };
    } else if (e.type === 'suggestion.inserted' || e.type === 'suggestion.dismissed') {
      const gen = this.spans.get(`s:${e.suggestionId}`);
      gen?.attributes.push(...attr('axtrace.decision', e.type === 'suggestion.inserted' ? 'inserted' : 'dismissed'), ...attr('axtrace.decision_ms', e.decisionMs), ...(e.type === 'suggestion.dismissed' ? attr('axtrace.dismiss_reason', e.reason) : []));
    }
  }

  private span(e: AxEvent, key: string, make: () => Omit<Span, 'start' | 'end' | 'startTimeUnixNano' | 'endTimeUnixNano' | 'status'>): Span {
    let s = this.spans.get(key);
    if (!s) {
      s = { ...make(), status: { code: 0 }, start: e.ts, end: e.ts, startTimeUnixNano: '', endTimeUnixNano: '' };
      this.spans.set(key, s);
      const r = this.resources.get(e.installId) ?? { installId: e.installId, extVersion: e.extVersion, pilotId: e.pilotId, teamId: e.teamId, spanKeys: [] };
      r.spanKeys.push(key);
      this.resources.set(e.installId, r);
    }
    s.start = Math.min(s.start, e.ts);
    s.end = Math.max(s.end, e.ts);
    return s;
  }

  document() {
    return {
      resourceSpans: [...this.resources.values()].map((r) => ({
        resource: resource(r.installId, r.extVersion, r.pilotId, r.teamId),
        scopeSpans: [{ scope: SCOPE, spans: r.spanKeys.map((k) => finish(this.spans.get(k)!)) }],
      })),
    };
  }
}

function finish({ start, end, ...s }: Span) {
  return { ...s, startTimeUnixNano: nanos(start), endTimeUnixNano: nanos(end) };
}

/** Langfuse scores for the decisions: one categorical score per decision, on its generation. */
export function langfuseScore(e: AxEvent): Record<string, unknown> | null {
  if (!e.taskId) return null;
  const base = { id: `axtrace-${e.id}`, traceId: traceIdOf(e.taskId), timestamp: new Date(e.ts).toISOString(), dataType: 'CATEGORICAL' };
  if (e.type === 'suggestion.inserted' && e.suggestionId) return { ...base, observationId: suggestionSpanIdOf(e.suggestionId), name: 'human_decision', value: e.mode === 'copy' ? 'copied' : 'inserted' };
  if (e.type === 'suggestion.dismissed' && e.suggestionId) return { ...base, observationId: suggestionSpanIdOf(e.suggestionId), name: 'human_decision', value: 'dismissed', comment: e.reason };
  if (e.type === 'task.submitted') return { ...base, name: 'task_outcome', value: e.outcome, comment: e.retention === null ? undefined : `retention ${e.retention.toFixed(3)}` };
  return null;
}
