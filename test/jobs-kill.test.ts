/**
 * At-least-once delivery across a crash, on PostgreSQL (the only driver that
 * several runner processes can share): a `npm run worker` process is killed
 * with SIGKILL while the receiver holds its request open; a second worker takes
 * the expired job over once the delivery's lease has run out, and the receiver
 * gets the event (same webhook-id) again. Nothing is lost.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, setDatabase, type Database } from "@/db";
import { webhookDeliveries } from "@/db/schema";
import { adminUrl, databaseUrl } from "./pg-url";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { addEndpoint, addEvent, newSecret, seedWorld } from "./support/webhook-world";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = inject("dbDriver") === "postgres" && !!serverUrl;

let url = "";
let name = "";
let database: Database | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  name = `billing_k_${randomBytes(6).toString("hex")}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl(serverUrl!), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
  await admin.end();
  url = databaseUrl(serverUrl!, name);
  database = await openDatabase({ url });
  setDatabase(database);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await database?.close();
  if (name) {
    const { default: postgres } = await import("postgres");
    const admin = postgres(adminUrl(serverUrl!), { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

/** `npm run worker` on the test database, with short timings; resolves once it has started. */
function startWorker(): Promise<ChildProcess> {
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      WEBHOOK_ALLOW_PRIVATE_URLS: "1",
      WEBHOOK_TIMEOUT_MS: "2000",
      JOBS_POLL_INTERVAL_MS: "500",
      JOBS_DISPATCH_INTERVAL_MS: "200",
      JOBS_MAINTENANCE_INTERVAL_SECONDS: "1",
      EVENTS_SCHEDULE_INTERVAL_MINUTES: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 30_000);
    child.stdout!.on("data", (c: Buffer) => {
      if (c.toString().includes("job runner started")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
}

describe.skipIf(!onPostgres)("a runner killed mid-delivery", () => {
  let receiver: Receiver;

  it("loses nothing: another runner delivers the event again", { timeout: 90_000 }, async () => {
    const db = database!.db;
    const wall = new Date();
    const world = await seedWorld(db, wall);
    const secret = newSecret();
    receiver = await startReceiver(secret);
    try {
      receiver.answer = "hold";
      const first = await startWorker();
      const endpoint = await addEndpoint(db, new Date(), { createdBy: world.adminId, url: receiver.url, eventTypes: ["account.arrears"], secret });
      const event = await addEvent(db, new Date(), "account.arrears", world.bob.id, { arrears: 5 });
      await receiver.waitFor(1, 30_000);
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      receiver.answer = { status: 200 };

      const second = await startWorker();
      await receiver.waitFor(2, 40_000);
      expect(receiver.received.map((r) => r.id)).toEqual([event.publicId, event.publicId]);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      await expect
        .poll(async () => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)))[0], { timeout: 10_000 })
        .toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200 });
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    } finally {
      await receiver.close();
    }
  });
});
