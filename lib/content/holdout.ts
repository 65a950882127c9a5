/**
 * The pilot's control group: for this share of records the panel stays hidden, so time on task
 * with and without AI can be compared honestly. The draw is a hash of the task key (site, record,
 * workflow), so a record stays in the same group when it is opened again.
 */
export function isHeldOut(taskKey: string, share: number): boolean {
  if (share <= 0) return false;
  let h = 0x811c9dc5;
  for (let i = 0; i < taskKey.length; i++) {
    h ^= taskKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32 < share;
}
