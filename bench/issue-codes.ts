/**
 * Issues 100,000 codes through the admin DAL (`issueBatch`, the function the
 * Issue action calls) against a real database and prints the time (SPEC 8: under
 * 10 s). `npm run bench:issue`.
 *
 * - With DATABASE_URL: a throwaway database `bench_issue_<random>` on that
 *   PostgreSQL server, migrated, dropped at the end (nothing else is touched).
 * - Without: a fresh in-memory PGlite.
 * BENCH_ISSUE_QUANTITY (default 100000) and BENCH_ISSUE_KIND (compute or cash,
 * default both, one after the other) change what is issued.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { register } from "node:module";

// The DAL starts with `import "server-only"`, which throws outside React Server
// Components. This script is a server, so that marker resolves to nothing here.
register(
  `data:text/javascript,${encodeURIComponent(
    `export async function resolve(specifier, context, next) {
      if (specifier === "server-only") return { url: "data:text/javascript,export {}", shortCircuit: true };
      return next(specifier, context);
    }`,
  )}`,
);

const { migrateDatabase, openDatabase, setDatabase } = await import("../db/index");
const { users } = await import("../db/schema");
const { issueBatch } = await import("../lib/dal/admin/batches");
const { createProvider } = await import("../lib/dal/admin/providers");
type Viewer = import("../lib/dal/viewer").Viewer;
type VoucherKind = import("../lib/vouchers/kinds").VoucherKind;

const quantity = Number(process.env.BENCH_ISSUE_QUANTITY ?? 100_000);
const kinds: VoucherKind[] = process.env.BENCH_ISSUE_KIND ? [process.env.BENCH_ISSUE_KIND as VoucherKind] : ["compute", "cash"];
if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100_000) throw new Error("BENCH_ISSUE_QUANTITY must be 1..100000");

async function open() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { database: await openDatabase({ dir: "memory://" }), label: "PGlite (in memory)", drop: async () => {} };
  const { default: postgres } = await import("postgres");
  const name = `bench_issue_${randomBytes(5).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = "/postgres";
  const maintenance = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await maintenance.unsafe(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  return {
    database: await openDatabase({ url: url.toString() }),
    label: `PostgreSQL (${url.host}, throwaway database ${name})`,
    drop: async () => {
      await maintenance.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await maintenance.end();
    },
  };
}

const { database, label, drop } = await open();
try {
  await migrateDatabase(database);
  setDatabase(database);
  const adminId = randomUUID();
  await database.db.insert(users).values({ id: adminId, email: "bench-admin@example.com", name: "Bench admin", role: "admin" });
  const admin: Viewer = { userId: adminId, email: "bench-admin@example.com", name: "Bench admin", role: "admin", accountId: null };
  // Compute batches name catalogue providers, as the Issue form does (by public id).
  const providerIds: string[] = [];
  for (const name of ["MaxXIntel", "Muxi"]) providerIds.push((await createProvider(admin, { name, reason: "Bench data" }, new Date())).publicId);
  const terms = {
    compute: { kind: "compute" as const, faceValue: 20_000, providers: providerIds },
    cash: { kind: "cash" as const, faceValue: 10_000 },
    discount: { kind: "discount" as const, discount: { type: "amount_off" as const, amountOff: 5_000, minOrderAmount: null, productPublicId: null } },
  };
  console.log(`Issuing ${quantity.toLocaleString("en-US")} codes per batch on ${label}`);
  for (const kind of kinds) {
    const started = performance.now();
    const issued = await issueBatch(admin, { name: `Bench ${kind}`, terms: terms[kind], validity: { type: "days", days: 30 }, redeemBy: null, quantity }, new Date());
    const seconds = (performance.now() - started) / 1000;
    if (issued.codes.length !== quantity) throw new Error(`expected ${quantity} codes, got ${issued.codes.length}`);
    console.log(`  ${kind}: ${quantity.toLocaleString("en-US")} codes in ${seconds.toFixed(2)} s (${Math.round(quantity / seconds).toLocaleString("en-US")} codes/s)`);
  }
} finally {
  await database.close();
  await drop();
}
