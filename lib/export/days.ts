/**
 * Export periods are whole local days ("days are people's days"): --from and the From field
 * start at local midnight, --to and To end at the last millisecond of that day.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDay(text: string): { start: number; end: number } | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = new Date(y, mo, d);
  if (start.getFullYear() !== y || start.getMonth() !== mo || start.getDate() !== d) return null; // e.g. 2026-02-30
  return { start: start.getTime(), end: new Date(y, mo, d + 1).getTime() - 1 };
}
