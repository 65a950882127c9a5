import type { Metrics } from './metrics';

export interface ReadinessTargets {
  coverage: number;
  stickiness: number;
  engagedShare: number;
  accountable: number;
  retention: number;
  maxOverride: number;
  maxRubberStamp: number;
}

export interface ReadinessItem {
  gap: 'works in the workflow' | 'used daily' | 'organisation-wide' | 'accountable' | 'trusted';
  value: number | null;
  target: string;
  ready: boolean;
  reason: string;
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** The four gaps that keep AI a pilot, plus trust: value, target, ready or not, and why in one sentence. */
export function readiness(m: Metrics, targets: ReadinessTargets, seats: number): ReadinessItem[] {
  const engagedShare = seats > 0 ? m.engagedUsers / seats : null;
  const trustedOk = m.meanRetention !== null && m.meanRetention >= targets.retention && (m.overrideRate ?? 0) <= targets.maxOverride && (m.rubberStampRate ?? 0) <= targets.maxRubberStamp;
  return [
    item('works in the workflow', m.coverage, `≥ ${pct(targets.coverage)}`, m.coverage !== null && m.coverage >= targets.coverage,
      m.coverage === null ? 'No tasks in this period yet.' : `The panel was opened in ${pct(m.coverage)} of tasks.`),
    item('used daily', m.stickiness, `≥ ${pct(targets.stickiness)}`, m.stickiness !== null && m.stickiness >= targets.stickiness,
      m.stickiness === null ? 'Nobody used suggestions in this period.' : `On an average day, ${pct(m.stickiness)} of the week's users used AI.`),
    item('organisation-wide', engagedShare, `≥ ${pct(targets.engagedShare)} of ${seats} seats`, engagedShare !== null && engagedShare >= targets.engagedShare,
      seats === 0 ? 'Set the number of seats in the pilot configuration.' : `${m.engagedUsers} of ${seats} people engaged with suggestions (${m.activeUsers} saw one).`),
    item('accountable', m.accountableShare, `≥ ${pct(targets.accountable)}`, m.accountableShare !== null && m.accountableShare >= targets.accountable,
      m.accountableShare === null ? 'No AI-assisted sends yet.' : `${pct(m.accountableShare)} of AI-assisted sends name a decision owner.`),
    item('trusted', m.meanRetention, `retention ≥ ${pct(targets.retention)}, overrides ≤ ${pct(targets.maxOverride)}, rubber stamps ≤ ${pct(targets.maxRubberStamp)}`, trustedOk,
      m.meanRetention === null
        ? 'No inserted suggestions were sent yet.'
        : `${pct(m.meanRetention)} of inserted text survives; ${pct(m.overrideRate)} of suggestions are overridden; ${pct(m.rubberStampRate)} of as-is inserts were faster than reading.`),
  ];
}

function item(gap: ReadinessItem['gap'], value: number | null, target: string, ready: boolean, reason: string): ReadinessItem {
  return { gap, value, target, ready, reason };
}
