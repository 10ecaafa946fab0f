import { execFileSync } from "node:child_process";

/** Clock ticks per second of /proc times (getconf CLK_TCK; 100 on Linux nearly always). */
function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

export const sysconf = { clockTicks: clockTicks() };
