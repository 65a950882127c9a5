// What this machine charges for memory touched for the first time, against memory touched again:
// the largest cost of an import on the VMs here, and it drifts from day to day, so a run's
// figures are read against it.
const PAGE = 4096;

/** Microseconds per 4 KB page to fill 256 MB fresh from the system, and to fill it again. */
export function freshMemoryCost(bytes = 256 * 2 ** 20) {
  const buffer = Buffer.alloc(bytes); // calloc'd: not touched until filled
  const first = timed(() => buffer.fill(1));
  const again = timed(() => buffer.fill(2));
  const perPage = (ms) => Math.round(((ms * 1000) / (bytes / PAGE)) * 100) / 100;
  return { freshPageUs: perPage(first), reusedPageUs: perPage(again) };
}

function timed(work) {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
