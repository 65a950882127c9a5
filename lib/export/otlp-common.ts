/** OTLP/JSON building blocks (protobuf JSON mapping: 64-bit integers as strings, ids as hex). */
export type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
export interface KeyValue {
  key: string;
  value: AnyValue;
}

export function attr(key: string, value: string | number | boolean | null | undefined): KeyValue[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'boolean') return [{ key, value: { boolValue: value } }];
  if (typeof value === 'number') return [{ key, value: Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value } }];
  return [{ key, value: { stringValue: value } }];
}

export function resource(installId: string, extVersion: string, pilotId: string, teamId: string) {
  return {
    attributes: [...attr('service.name', 'axtrace'), ...attr('service.version', extVersion), ...attr('service.instance.id', installId), ...attr('axtrace.pilot.id', pilotId), ...attr('axtrace.team.id', teamId)],
  };
}

export const SCOPE = { name: 'axtrace', version: '1' };
