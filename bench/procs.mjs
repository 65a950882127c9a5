// The processes of one benchmark browser, read from /proc (Linux): the process started with its
// profile and all its descendants, for memory and CPU figures.
import { readdirSync, readFileSync } from 'node:fs';

/** Each process of the browser using this profile: pid, its type (browser, renderer, utility…), resident memory (KB) and CPU time so far (clock ticks). */
export function browserProcesses(userDataDir) {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      procs.set(pid, { pid, ppid: /^PPid:\s+(\d+)/m.exec(status)[1], type, kb: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0), ticks: Number(fields[11]) + Number(fields[12]), ours: cmdline.includes(`--user-data-dir=${userDataDir}`) });
    } catch {
      // the process ended while we looked
    }
  }
  const ours = new Set([...procs].filter(([, p]) => p.ours).map(([pid]) => pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) {
      if (ours.has(pid) || !ours.has(p.ppid)) continue;
      ours.add(pid);
      grew = true;
    }
  }
  return [...ours].map((pid) => procs.get(pid));
}

/** CPU seconds the browser's processes have used so far, by process type. */
export function browserCpuSeconds(userDataDir) {
  const TICKS_PER_S = 100;
  const byType = {};
  for (const p of browserProcesses(userDataDir)) byType[p.type] = (byType[p.type] ?? 0) + p.ticks / TICKS_PER_S;
  return byType;
}

export function browserRssMb(userDataDir) {
  return browserProcesses(userDataDir).reduce((s, p) => s + p.kb, 0) / 1024;
}

/**
 * Waits until the browser has been nearly idle (under 10% of one core) for a second: after a
 * million events are written, IndexedDB's storage compacts itself in the background for a while,
 * and a timed run started then measures that too. Gives up after `maxMs`.
 */
export async function browserSettled(userDataDir, maxMs = 60_000) {
  const TICKS_PER_S = 100;
  const cpu = () => browserProcesses(userDataDir).reduce((s, p) => s + p.ticks, 0);
  const t0 = Date.now();
  for (let before = cpu(); Date.now() - t0 < maxMs; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpu();
    if ((now - before) / TICKS_PER_S < 0.1) return Date.now() - t0;
    before = now;
  }
  return Date.now() - t0;
}
