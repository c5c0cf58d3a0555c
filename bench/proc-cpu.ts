import { readFileSync } from 'node:fs';

/**
 * CPU seconds a process (any user's: /proc/<pid>/stat is world-readable) has used so far,
 * user + system, or 0 once it is gone. Linux only; elsewhere always 0. The bench uses it to
 * split a run's CPU between the syncing process, the sandbox and PostgreSQL's backends,
 * which all share the same two cores.
 */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line (11 and 12 after the name), in
    // clock ticks. UNVERIFIED: 100 ticks a second (USER_HZ on every common Linux build).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
