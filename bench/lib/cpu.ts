/**
 * CPU time spent by the PostgreSQL backends serving one database, read from
 * /proc (Linux; the server must run on this machine), so that a benchmark can
 * say how much database CPU one operation costs, apart from the client's.
 */
import { readFileSync } from "node:fs";
import { sysconf } from "./sysconf";
import type postgres from "postgres";

export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / sysconf.clockTicks;
  } catch {
    return 0;
  }
}

/** A window over the CPU of `database`'s backends: call start(), then end() for the milliseconds used between. */
export function backendCpuWindow(admin: postgres.Sql, database: string) {
  let pids: number[] = [];
  let before = 0;
  let used = 0;
  const read = () => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const ready = { start: Promise.resolve(), end: Promise.resolve() };
  return {
    start() {
      ready.start = admin<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`.then((rows) => {
        pids = rows.map((r) => r.pid);
        before = read();
      });
    },
    end() {
      ready.end = ready.start.then(() => {
        used = read() - before;
      });
    },
    /** CPU milliseconds of those backends inside the window. */
    async ms(): Promise<number> {
      await ready.start;
      await ready.end;
      return used;
    },
  };
}
