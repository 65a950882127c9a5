/**
 * `fn`, let through at most once every `everyMs` (the first call always is): a long job's
 * progress reaches its page a few times a second, not once per chunk, since every update
 * re-renders the page. A call `urgent` says must go (a change of state, not of amount) always goes.
 */
export function atMostEvery<A>(everyMs: number, fn: (arg: A) => void, urgent: (arg: A) => boolean = () => false): (arg: A) => void {
  let last = -Infinity;
  return (arg) => {
    const now = performance.now();
    if (!urgent(arg) && now - last < everyMs) return;
    last = now;
    fn(arg);
  };
}
