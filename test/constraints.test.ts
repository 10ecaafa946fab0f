/**
 * The database itself refuses every money rule (SPEC 2 to 8, schema.ts): each
 * test tries to break one rule with plain SQL, in its own transaction, and
 * asserts the SQLSTATE and the name of the constraint that refused it. Each
 * table also has a positive control (a valid row IS accepted), and every
 * refused row is that valid row with one thing changed, so a refusal can only
 * come from the rule under test.
 *
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL set.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/db/seed";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();

// ---------------------------------------------------------------- errors

const SQLSTATE = {
  check: "23514",
  unique: "23505",
  foreignKey: "23503",
  notNull: "23502",
  badEnumValue: "22P02",
  insufficientPrivilege: "42501",
} as const;

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  message?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const stringOr = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * The PostgreSQL error inside whatever the driver threw: Drizzle wraps it in a
 * DrizzleQueryError (`cause`); postgres.js names the fields `constraint_name` /
 * `column_name`, PGlite `constraint` / `column`.
 */
function pgErrorOf(err: unknown): PgError {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && isObject(current); depth++) {
    const code = current.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return {
        code,
        constraint: stringOr(current.constraint) ?? stringOr(current.constraint_name),
        column: stringOr(current.column) ?? stringOr(current.column_name),
        message: stringOr(current.message),
      };
    }
    current = current.cause;
  }
  return { message: isObject(err) ? stringOr(err.message) : String(err) };
}

// ---------------------------------------------------------------- plain SQL

/** A value written into the statement as an SQL literal, or an SQL expression. */
type Value = string | number | null | readonly string[] | { sql: string };
type Row = Record<string, Value>;

const expr = (text: string): { sql: string } => ({ sql: text });
const NOW = expr("now()");
const inDays = (days: number) => expr(`now() + interval '${days} days'`);
/** A bigint[] of provider ids. */
const ids = (...values: Array<number | null>) => expr(values.length === 0 ? "'{}'::bigint[]" : `ARRAY[${values.map((v) => (v === null ? "NULL" : String(v))).join(", ")}]::bigint[]`);

function literal(value: Value): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  if ("sql" in value) return value.sql;
  return value.length === 0 ? "'{}'::text[]" : `ARRAY[${value.map(literal).join(", ")}]::text[]`;
}

/** Tables whose rows their writers stamp (db/schema.ts: no default reads the clock). */
const STAMPED = new Set(["billing_accounts", "providers", "products", "voucher_batches", "vouchers", "orders", "payments", "refunds", "usage_records", "cash_movements", "audit_log", "idempotency_keys"]);

function insertInto(table: string, row: Row): string {
  // As of the database's now(), like the seed of this file (new Date()): one clock for every row here.
  const entries = Object.entries(STAMPED.has(table) && !("created_at" in row) ? { ...row, created_at: NOW } : row);
  return `INSERT INTO ${table} (${entries.map(([column]) => column).join(", ")}) VALUES (${entries
    .map(([, value]) => literal(value))
    .join(", ")})`;
}

/** Runs one statement in its own transaction; resolves to what it threw, or undefined. */
async function attempt(statement: string): Promise<unknown> {
  const { db } = getDatabase();
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(statement));
    });
    return undefined;
  } catch (err: unknown) {
    return err ?? new Error("rejected without a reason");
  }
}

async function expectRefused(statement: string, expected: { code: string; constraint?: string; column?: string }) {
  const err = await attempt(statement);
  expect(err, `the database accepted: ${statement}`).toBeDefined();
  const { message, ...actual } = pgErrorOf(err);
  expect(actual, `${message ?? ""}\n  for: ${statement}`).toMatchObject(expected);
}

async function expectAccepted(statement: string) {
  const err = await attempt(statement);
  expect(err === undefined ? undefined : pgErrorOf(err), `the database refused: ${statement}`).toBeUndefined();
}

const refuseInsert = (table: string, row: Row, expected: { code: string; constraint?: string; column?: string }) =>
  expectRefused(insertInto(table, row), expected);
const acceptInsert = (table: string, row: Row) => expectAccepted(insertInto(table, row));
const check = (constraint: string) => ({ code: SQLSTATE.check, constraint });

/** Rows of a query, whichever driver (postgres.js returns an array, PGlite `{ rows }`). */
async function query(statement: string): Promise<Record<string, unknown>[]> {
  const result: unknown = await getDatabase().db.execute(sql.raw(statement));
  const rows: unknown = Array.isArray(result) ? result : isObject(result) ? result.rows : undefined;
  if (!Array.isArray(rows)) throw new Error(`no rows from: ${statement}`);
  return rows.filter(isObject);
}

/** The single text value of a query (ids are selected `::text`, counts `::int`). */
async function scalar(statement: string): Promise<string> {
  const [row] = await query(statement);
  const value = row ? Object.values(row)[0] : undefined;
  if (value === undefined || value === null) throw new Error(`no value from: ${statement}`);
  return String(value);
}

/** Inserts a row that must be valid and returns its id. */
const insertReturningId = async (table: string, row: Row) => Number(await scalar(`${insertInto(table, row)} RETURNING id::text`));

/**
 * The statement with one other constraint of the table dropped first, all in
 * the attempt's own transaction: for a rule that another one always backs up,
 * so no row breaks it alone. It always ends in an error (never commits), so the
 * dropped constraint is back after the attempt.
 */
const withoutConstraint = (table: string, constraint: string, statement: string) =>
  `DO $$ BEGIN ALTER TABLE ${table} DROP CONSTRAINT ${constraint}; ${statement}; RAISE EXCEPTION 'accepted'; END $$`;

let serial = 0;
/** A fresh public id of the right format, so a UNIQUE never gets in the way. */
const publicId = (prefix: string) => `${prefix}_t${(++serial).toString(36)}${randomBytes(3).toString("hex")}`;
const randomHash = () => randomBytes(32).toString("hex");
/** An id no row has. */
const MISSING_ID = 987_654_321;

// ---------------------------------------------------------------- seeded references

interface Seeded {
  accountId: number;
  adminId: string;
  productId: number;
  cashBatchId: number;
  paidOrderId: number;
  cashVoucherId: number;
  unredeemedCodeId: number;
  existingCodeHash: string;
  refundOrderId: number;
  refundKey: string;
  maxxIntelId: number;
  muxiId: number;
}
let seeded: Seeded;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, new Date());
  const refund = (await query(`SELECT order_id::text AS order_id, refund_key FROM refunds ORDER BY id LIMIT 1`))[0];
  if (!refund) throw new Error("the demo data has no refund");
  seeded = {
    accountId: Number(await scalar(`SELECT billing_account_id::text FROM users WHERE email = 'alice@example.com'`)),
    adminId: await scalar(`SELECT id FROM users WHERE role = 'admin' ORDER BY email LIMIT 1`),
    productId: Number(await scalar(`SELECT id::text FROM products ORDER BY id LIMIT 1`)),
    cashBatchId: Number(await scalar(`SELECT id::text FROM voucher_batches WHERE kind = 'cash' ORDER BY id LIMIT 1`)),
    paidOrderId: Number(
      await scalar(`SELECT o.id::text FROM orders o JOIN payments p ON p.order_id = o.id AND p.status = 'succeeded'
                    WHERE o.status = 'paid' ORDER BY o.id LIMIT 1`),
    ),
    cashVoucherId: Number(await scalar(`SELECT id::text FROM vouchers WHERE kind = 'cash' ORDER BY id LIMIT 1`)),
    unredeemedCodeId: Number(
      await scalar(`SELECT c.id::text FROM redemption_codes c WHERE NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.code_id = c.id)
                    ORDER BY c.id LIMIT 1`),
    ),
    existingCodeHash: await scalar(`SELECT code_hash FROM redemption_codes ORDER BY id LIMIT 1`),
    maxxIntelId: Number(await scalar(`SELECT id::text FROM providers WHERE name = 'MaxXIntel'`)),
    muxiId: Number(await scalar(`SELECT id::text FROM providers WHERE name = 'Muxi'`)),
    refundOrderId: Number(refund.order_id),
    refundKey: String(refund.refund_key),
  };
});

// ---------------------------------------------------------------- valid rows

const cashVoucher = (): Row => ({
  public_id: publicId("vch"),
  account_id: seeded.accountId,
  kind: "cash",
  face_value: 10_000,
  balance: 10_000,
  effective_at: NOW,
  expires_at: inDays(30),
});
const computeVoucher = (): Row => ({ ...cashVoucher(), kind: "compute", provider_ids: ids(seeded.maxxIntelId, seeded.muxiId) });
const amountOffVoucher = (): Row => ({
  ...cashVoucher(),
  kind: "discount",
  face_value: null,
  balance: null,
  amount_off: 5_000,
  min_order_amount: 20_000,
});
const percentOffVoucher = (): Row => ({ ...amountOffVoucher(), amount_off: null, min_order_amount: null, pay_basis_points: 8_000, max_discount: 3_000 });

const cashBatch = (): Row => ({
  public_id: publicId("bat"),
  name: "Constraint test batch",
  kind: "cash",
  face_value: 10_000,
  effective_at: NOW,
  expires_at: inDays(180),
  quantity: 10,
  redeem_by: inDays(90),
  created_by: seeded.adminId,
});
const discountBatch = (): Row => ({
  ...cashBatch(),
  kind: "discount",
  face_value: null,
  amount_off: 5_000,
  min_order_amount: 20_000,
  effective_at: null,
  expires_at: null,
  valid_days: 30,
});
const computeBatch = (): Row => ({
  ...cashBatch(),
  kind: "compute",
  face_value: 20_000,
  provider_ids: ids(seeded.maxxIntelId),
  effective_at: null,
  expires_at: null,
  valid_days: 90,
});

const redemptionCode = (): Row => ({ batch_id: seeded.cashBatchId, code_hash: randomHash(), last4: "7K3Q" });

const pendingOrder = (): Row => ({ public_id: publicId("ord"), account_id: seeded.accountId, amount: 10_000, status: "pending", expires_at: expr("now() + interval '30 minutes'") });
/** Paid with vouchers and cash, no discount (a discount voucher excludes vouchers). */
const paidOrder = (): Row => ({ ...pendingOrder(), status: "paid", discount_amount: 0, voucher_amount: 3_000, cash_amount: 7_000, paid_at: NOW });
/** Paid with a discount voucher and cash. */
const discountedOrder = (): Row => ({ ...paidOrder(), discount_amount: 2_000, voucher_amount: 0, cash_amount: 8_000 });

const orderItem = (): Row => ({
  order_id: seeded.paidOrderId,
  product_id: seeded.productId,
  product_name: "Constraint test product",
  unit_price: 1_000,
  quantity: 3,
  amount: 3_000,
});

const refund = (): Row => ({
  public_id: publicId("rfd"),
  order_id: seeded.paidOrderId,
  amount: 100,
  reason: "Constraint test",
  refund_key: `key-${publicId("k")}`,
  created_by: seeded.adminId,
});

const voucherUsage = (): Row => ({
  account_id: seeded.accountId,
  voucher_id: seeded.cashVoucherId,
  order_id: seeded.paidOrderId,
  source: "cash",
  type: "deduction",
  status: "success",
  amount: 100,
  balance_after: 0,
});
const cashBalanceUsage = (): Row => ({ ...voucherUsage(), voucher_id: null, source: "cash_balance" });

const topUp = (): Row => ({ account_id: seeded.accountId, type: "top_up", amount: 100, balance_after: 100 });

const billingAccount = (): Row => ({ public_id: publicId("acc"), name: "Constraint test account" });

const product = (): Row => ({ public_id: publicId("prd"), name: "Constraint test product", unit_price: 1_000, provider_id: seeded.muxiId });

const provider = (): Row => ({ public_id: publicId("prv"), name: `Constraint ${publicId("n").slice(2, 10)}` });

const customer = (): Row => {
  const id = publicId("usr");
  return { id, name: "Constraint test", email: `${id}@example.com`, role: "customer", billing_account_id: seeded.accountId };
};

const auditEntry = (): Row => ({
  actor_user_id: seeded.adminId,
  action: "voucher.void",
  target_type: "voucher",
  target_id: "vch_test",
  before: expr(`'{"balance": 100}'::jsonb`),
  after: expr(`'{"balance": 0}'::jsonb`),
  reason: "Constraint test",
});

// ---------------------------------------------------------------- tests

describe("seeded demo data", () => {
  it("inserted without a refusal and keeps every voucher balance between 0 and its face value", async () => {
    for (const table of ["users", "billing_accounts", "providers", "products", "voucher_batches", "redemption_codes", "vouchers", "orders", "payments", "refunds", "usage_records", "cash_movements", "audit_log"]) {
      expect(Number(await scalar(`SELECT count(*)::int FROM ${table}`)), table).toBeGreaterThan(0);
    }
    expect(Number(await scalar(`SELECT count(*)::int FROM vouchers WHERE kind <> 'discount'`))).toBeGreaterThan(0);
    expect(
      Number(await scalar(`SELECT count(*)::int FROM vouchers WHERE kind <> 'discount' AND (balance IS NULL OR balance < 0 OR balance > face_value)`)),
    ).toBe(0);
  });

  it("every constraint is validated (none was added NOT VALID)", async () => {
    expect(
      Number(
        await scalar(`SELECT count(*)::int FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                      WHERE n.nspname = 'public' AND NOT c.convalidated`),
      ),
    ).toBe(0);
  });
});

describe("vouchers", () => {
  it("accepts a valid cash, computing power, amount-off and percent-off voucher (positive control)", async () => {
    await acceptInsert("vouchers", cashVoucher());
    await acceptInsert("vouchers", computeVoucher());
    await acceptInsert("vouchers", amountOffVoucher());
    await acceptInsert("vouchers", percentOffVoucher());
    await acceptInsert("vouchers", { ...percentOffVoucher(), pay_basis_points: 1 });
    await acceptInsert("vouchers", { ...percentOffVoucher(), pay_basis_points: 9_999 });
    await acceptInsert("vouchers", { ...cashVoucher(), balance: 0 });
  });

  it("a voucher balance can't go below 0", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), balance: -1 }, check("vouchers_balance_within_face_value"));
    await expectRefused(
      `UPDATE vouchers SET balance = -1 WHERE id = ${seeded.cashVoucherId}`,
      check("vouchers_balance_within_face_value"),
    );
  });

  it("a voucher balance can't exceed its face value", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), balance: 10_001 }, check("vouchers_balance_within_face_value"));
    await expectRefused(
      `UPDATE vouchers SET balance = face_value + 1 WHERE id = ${seeded.cashVoucherId}`,
      check("vouchers_balance_within_face_value"),
    );
  });

  it("a stored-value voucher must have a balance", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), balance: null }, check("vouchers_balance_within_face_value"));
    await refuseInsert("vouchers", { ...computeVoucher(), balance: null }, check("vouchers_balance_within_face_value"));
  });

  it("a stored-value voucher must have a face value above 0", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), face_value: 0, balance: 0 }, check("vouchers_stored_value_terms"));
    await refuseInsert("vouchers", { ...computeVoucher(), face_value: 0, balance: 0 }, check("vouchers_stored_value_terms"));
    await refuseInsert("vouchers", { ...cashVoucher(), face_value: null }, check("vouchers_stored_value_terms"));
  });

  it("a discount voucher has no face value", async () => {
    await refuseInsert("vouchers", { ...amountOffVoucher(), face_value: 5_000 }, check("vouchers_discount_terms"));
  });

  it("a discount voucher has no balance", async () => {
    await refuseInsert("vouchers", { ...amountOffVoucher(), balance: 5_000 }, check("vouchers_balance_within_face_value"));
  });

  it("a discount voucher must have discount terms", async () => {
    await refuseInsert("vouchers", { ...amountOffVoucher(), amount_off: null, min_order_amount: null }, check("vouchers_discount_terms"));
    await refuseInsert("vouchers", { ...amountOffVoucher(), amount_off: 0 }, check("vouchers_discount_terms"));
  });

  it("a discount voucher is either amount off or percent off, not both", async () => {
    await refuseInsert("vouchers", { ...amountOffVoucher(), min_order_amount: null, pay_basis_points: 8_000 }, check("vouchers_discount_terms"));
    await refuseInsert("vouchers", { ...amountOffVoucher(), max_discount: 3_000 }, check("vouchers_discount_terms"));
    await refuseInsert("vouchers", { ...percentOffVoucher(), min_order_amount: 20_000 }, check("vouchers_discount_terms"));
  });

  it("pay_basis_points is between 1 and 9999 (0 and 10000 are refused)", async () => {
    await refuseInsert("vouchers", { ...percentOffVoucher(), pay_basis_points: 0 }, check("vouchers_discount_terms"));
    await refuseInsert("vouchers", { ...percentOffVoucher(), pay_basis_points: 10_000 }, check("vouchers_discount_terms"));
  });

  it("a cash voucher carries no discount terms", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), amount_off: 5_000 }, check("vouchers_stored_value_terms"));
    await refuseInsert("vouchers", { ...cashVoucher(), pay_basis_points: 8_000 }, check("vouchers_stored_value_terms"));
    await refuseInsert("vouchers", { ...cashVoucher(), scope_product_id: seeded.productId }, check("vouchers_stored_value_terms"));
  });

  it("only a computing power voucher has providers (not a cash voucher)", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), provider_ids: ids(seeded.muxiId) }, check("vouchers_providers_only_compute"));
  });

  it("a computing power voucher must name at least one provider", async () => {
    await refuseInsert("vouchers", { ...computeVoucher(), provider_ids: null }, check("vouchers_providers_only_compute"));
    await refuseInsert("vouchers", { ...computeVoucher(), provider_ids: ids() }, check("vouchers_providers_only_compute"));
  });

  it("a computing power voucher names only providers of the catalogue (trigger: an array has no foreign key)", async () => {
    await refuseInsert("vouchers", { ...computeVoucher(), provider_ids: ids(seeded.muxiId, MISSING_ID) }, {
      code: SQLSTATE.foreignKey,
      constraint: "vouchers_provider_ids_exist",
    });
    await refuseInsert("vouchers", { ...computeVoucher(), provider_ids: ids(seeded.muxiId, null) }, check("vouchers_provider_ids_no_null"));
    // Changing the providers later is checked the same way.
    await expectRefused(`UPDATE vouchers SET provider_ids = ARRAY[${MISSING_ID}]::bigint[] WHERE kind = 'compute'`, {
      code: SQLSTATE.foreignKey,
      constraint: "vouchers_provider_ids_exist",
    });
  });

  it("a voucher expires after it becomes effective", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), expires_at: NOW }, check("vouchers_validity"));
    await refuseInsert("vouchers", { ...cashVoucher(), expires_at: inDays(-1) }, check("vouchers_validity"));
  });

  it("a voucher must have an expiry", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), expires_at: null }, { code: SQLSTATE.notNull, column: "expires_at" });
  });

  it("a voided voucher has a void reason, and only a voided one", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), voided_at: NOW, voided_by: seeded.adminId }, check("vouchers_void_reason"));
    await refuseInsert("vouchers", { ...cashVoucher(), void_reason: "No void" }, check("vouchers_void_reason"));
    await acceptInsert("vouchers", { ...cashVoucher(), voided_at: NOW, voided_by: seeded.adminId, void_reason: "Wrong account" });
  });

  it("a voided voucher records who voided it, and only a voided one", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), voided_at: NOW, void_reason: "Wrong account" }, check("vouchers_voided_by"));
    await refuseInsert("vouchers", { ...cashVoucher(), voided_by: seeded.adminId }, check("vouchers_voided_by"));
    await acceptInsert("vouchers", { ...cashVoucher(), voided_at: NOW, voided_by: seeded.adminId, void_reason: "Wrong account" });
  });

  it("a voucher public id has the form vch_…", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), public_id: "ord_abc123" }, check("vouchers_public_id"));
    await refuseInsert("vouchers", { ...cashVoucher(), public_id: "vch_ABC123" }, check("vouchers_public_id"));
    await refuseInsert("vouchers", { ...cashVoucher(), public_id: "vch_" }, check("vouchers_public_id"));
    await refuseInsert("vouchers", { ...cashVoucher(), public_id: "42" }, check("vouchers_public_id"));
  });

  it("only a discount voucher can be consumed (not a cash voucher)", async () => {
    const orderId = await insertReturningId("orders", discountedOrder());
    const consumed: Row = { consumed_at: NOW, consumed_order_id: orderId };
    await refuseInsert("vouchers", { ...cashVoucher(), ...consumed }, check("vouchers_consumed_only_discount"));
    await refuseInsert("vouchers", { ...computeVoucher(), ...consumed }, check("vouchers_consumed_only_discount"));
    await acceptInsert("vouchers", { ...amountOffVoucher(), ...consumed });
  });

  it("a consumed discount voucher records both when and by which order, and an unconsumed one neither", async () => {
    const orderId = await insertReturningId("orders", discountedOrder());
    await refuseInsert("vouchers", { ...amountOffVoucher(), consumed_at: NOW }, check("vouchers_consumed_pair"));
    await refuseInsert("vouchers", { ...amountOffVoucher(), consumed_order_id: orderId }, check("vouchers_consumed_pair"));
    await acceptInsert("vouchers", { ...amountOffVoucher(), consumed_at: NOW, consumed_order_id: orderId });
  });

  it("an order consumes at most one discount voucher (UNIQUE)", async () => {
    const orderId = await insertReturningId("orders", discountedOrder());
    await acceptInsert("vouchers", { ...amountOffVoucher(), consumed_at: NOW, consumed_order_id: orderId });
    await refuseInsert(
      "vouchers",
      { ...percentOffVoucher(), consumed_at: NOW, consumed_order_id: orderId },
      { code: SQLSTATE.unique, constraint: "vouchers_one_discount_per_order" },
    );
    const otherOrderId = await insertReturningId("orders", discountedOrder());
    await acceptInsert("vouchers", { ...percentOffVoucher(), consumed_at: NOW, consumed_order_id: otherOrderId });
  });

  it("a voucher kind is one of cash, discount, compute", async () => {
    await refuseInsert("vouchers", { ...cashVoucher(), kind: "gift" }, { code: SQLSTATE.badEnumValue });
  });

  it("a voucher belongs to an existing billing account", async () => {
    await refuseInsert(
      "vouchers",
      { ...cashVoucher(), account_id: MISSING_ID },
      { code: SQLSTATE.foreignKey, constraint: "vouchers_account_id_billing_accounts_id_fk" },
    );
  });

  it("a code gives at most one voucher", async () => {
    await acceptInsert("vouchers", { ...cashVoucher(), code_id: seeded.unredeemedCodeId });
    await refuseInsert("vouchers", { ...cashVoucher(), code_id: seeded.unredeemedCodeId }, { code: SQLSTATE.unique, constraint: "vouchers_code_id_unique" });
  });

  it("a voucher public id is unique", async () => {
    const row = cashVoucher();
    await acceptInsert("vouchers", row);
    await refuseInsert("vouchers", { ...cashVoucher(), public_id: row.public_id ?? null }, { code: SQLSTATE.unique, constraint: "vouchers_public_id_unique" });
  });
});

describe("voucher_batches", () => {
  it("accepts a valid cash, discount and computing power batch (positive control)", async () => {
    await acceptInsert("voucher_batches", cashBatch());
    await acceptInsert("voucher_batches", discountBatch());
    await acceptInsert("voucher_batches", computeBatch());
    await acceptInsert("voucher_batches", { ...discountBatch(), amount_off: null, min_order_amount: null, pay_basis_points: 8_000, max_discount: 3_000 });
  });

  it("a discount batch must have discount terms", async () => {
    await refuseInsert("voucher_batches", { ...discountBatch(), amount_off: null, min_order_amount: null }, check("voucher_batches_discount_terms"));
  });

  it("a discount batch has no face value, and pay_basis_points stays within 1..9999", async () => {
    await refuseInsert("voucher_batches", { ...discountBatch(), face_value: 5_000 }, check("voucher_batches_discount_terms"));
    await refuseInsert(
      "voucher_batches",
      { ...discountBatch(), amount_off: null, min_order_amount: null, pay_basis_points: 10_000 },
      check("voucher_batches_discount_terms"),
    );
  });

  it("a stored-value batch has a face value above 0 and no discount terms", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), face_value: null }, check("voucher_batches_stored_value_terms"));
    await refuseInsert("voucher_batches", { ...cashBatch(), face_value: 0 }, check("voucher_batches_stored_value_terms"));
    await refuseInsert("voucher_batches", { ...cashBatch(), amount_off: 5_000 }, check("voucher_batches_stored_value_terms"));
  });

  it("a computing power batch must name at least one provider", async () => {
    await refuseInsert("voucher_batches", { ...computeBatch(), provider_ids: null }, check("voucher_batches_providers_only_compute"));
    await refuseInsert("voucher_batches", { ...computeBatch(), provider_ids: ids() }, check("voucher_batches_providers_only_compute"));
  });

  it("only a computing power batch has providers", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), provider_ids: ids(seeded.muxiId) }, check("voucher_batches_providers_only_compute"));
  });

  it("a computing power batch names only providers of the catalogue", async () => {
    await refuseInsert("voucher_batches", { ...computeBatch(), provider_ids: ids(MISSING_ID) }, {
      code: SQLSTATE.foreignKey,
      constraint: "voucher_batches_provider_ids_exist",
    });
    await refuseInsert("voucher_batches", { ...computeBatch(), provider_ids: ids(null) }, check("voucher_batches_provider_ids_no_null"));
  });

  it("a batch's validity is a fixed window or a number of days, not both", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), valid_days: 30 }, check("voucher_batches_validity"));
  });

  it("a batch's validity is a fixed window or a number of days, not neither", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), effective_at: null, expires_at: null }, check("voucher_batches_validity"));
    await refuseInsert("voucher_batches", { ...cashBatch(), expires_at: null }, check("voucher_batches_validity"));
  });

  it("a batch valid for a number of days is valid for at least 1 day", async () => {
    await refuseInsert("voucher_batches", { ...discountBatch(), valid_days: 0 }, check("voucher_batches_validity"));
    await refuseInsert("voucher_batches", { ...discountBatch(), valid_days: -1 }, check("voucher_batches_validity"));
  });

  it("a batch's fixed window ends after it starts", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), expires_at: NOW }, check("voucher_batches_validity"));
  });

  it("a batch quantity is not negative", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), quantity: -1 }, check("voucher_batches_quantity"));
  });

  it("a voided batch has a void reason", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), voided_at: NOW, voided_by: seeded.adminId }, check("voucher_batches_void_reason"));
  });

  it("a voided batch records who voided it, and only a voided one", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), voided_at: NOW, void_reason: "Printed twice" }, check("voucher_batches_voided_by"));
    await refuseInsert("voucher_batches", { ...cashBatch(), voided_by: seeded.adminId }, check("voucher_batches_voided_by"));
    await acceptInsert("voucher_batches", { ...cashBatch(), voided_at: NOW, voided_by: seeded.adminId, void_reason: "Printed twice" });
  });

  it("a batch public id has the form bat_…", async () => {
    await refuseInsert("voucher_batches", { ...cashBatch(), public_id: "vch_abc123" }, check("voucher_batches_public_id"));
    await refuseInsert("voucher_batches", { ...cashBatch(), public_id: "bat_ABC123" }, check("voucher_batches_public_id"));
    await refuseInsert("voucher_batches", { ...cashBatch(), public_id: "bat_" }, check("voucher_batches_public_id"));
  });
});

describe("redemption_codes", () => {
  it("accepts a valid code hash (positive control)", async () => {
    await acceptInsert("redemption_codes", redemptionCode());
    await acceptInsert("redemption_codes", { ...redemptionCode(), redeemed_at: NOW, redeemed_by_account_id: seeded.accountId });
  });

  it("a code hash is stored once (UNIQUE), so a code redeems one voucher only", async () => {
    await refuseInsert(
      "redemption_codes",
      { ...redemptionCode(), code_hash: seeded.existingCodeHash },
      { code: SQLSTATE.unique, constraint: "redemption_codes_code_hash_key" },
    );
  });

  it("a code hash is 64 lower-case hex characters, so a plain code can't be stored", async () => {
    await refuseInsert("redemption_codes", { ...redemptionCode(), code_hash: "7K3QM9XT2VBC4DFG8HJQ" }, check("redemption_codes_hash_format"));
    await refuseInsert("redemption_codes", { ...redemptionCode(), code_hash: "1234567890123456" }, check("redemption_codes_hash_format"));
    await refuseInsert("redemption_codes", { ...redemptionCode(), code_hash: randomHash().toUpperCase() }, check("redemption_codes_hash_format"));
    await refuseInsert("redemption_codes", { ...redemptionCode(), code_hash: randomHash().slice(1) }, check("redemption_codes_hash_format"));
    await refuseInsert("redemption_codes", { ...redemptionCode(), code_hash: `${randomHash()}0` }, check("redemption_codes_hash_format"));
  });

  it("a code keeps exactly 4 characters for display", async () => {
    await refuseInsert("redemption_codes", { ...redemptionCode(), last4: "7K3QM" }, check("redemption_codes_last4"));
  });

  it("a redeemed code records who redeemed it, and only a redeemed one", async () => {
    await refuseInsert("redemption_codes", { ...redemptionCode(), redeemed_at: NOW }, check("redemption_codes_redeemed_pair"));
    await refuseInsert("redemption_codes", { ...redemptionCode(), redeemed_by_account_id: seeded.accountId }, check("redemption_codes_redeemed_pair"));
  });

  it("a code belongs to an existing batch", async () => {
    await refuseInsert(
      "redemption_codes",
      { ...redemptionCode(), batch_id: MISSING_ID },
      { code: SQLSTATE.foreignKey, constraint: "redemption_codes_batch_id_voucher_batches_id_fk" },
    );
  });
});

describe("orders", () => {
  it("accepts a valid pending and paid order (positive control)", async () => {
    await acceptInsert("orders", pendingOrder());
    await acceptInsert("orders", paidOrder());
    await acceptInsert("orders", discountedOrder());
    await acceptInsert("orders", { ...paidOrder(), status: "partially_refunded", refunded_amount: 8_000 });
    await acceptInsert("orders", { ...paidOrder(), status: "refunded", refunded_amount: 10_000 });
  });

  it("an order amount is not negative", async () => {
    await refuseInsert("orders", { ...pendingOrder(), amount: -1 }, check("orders_amount_nonnegative"));
  });

  it("an order's parts are not negative", async () => {
    await refuseInsert("orders", { ...discountedOrder(), discount_amount: -1, cash_amount: 10_001 }, check("orders_parts_nonnegative"));
    await refuseInsert("orders", { ...paidOrder(), voucher_amount: 10_001, cash_amount: -1 }, check("orders_parts_nonnegative"));
  });

  it("a paid order's discount, voucher and cash parts sum to its amount", async () => {
    await refuseInsert("orders", { ...paidOrder(), cash_amount: 6_999 }, check("orders_parts_sum"));
    await refuseInsert("orders", { ...paidOrder(), cash_amount: 7_001 }, check("orders_parts_sum"));
    await expectRefused(`UPDATE orders SET cash_amount = cash_amount + 1 WHERE id = ${seeded.paidOrderId}`, check("orders_parts_sum"));
  });

  it("an order can't refund more than vouchers and cash paid", async () => {
    // orders_refund_status refuses any such row too, so it is set aside here.
    await expectRefused(
      withoutConstraint("orders", "orders_refund_status", insertInto("orders", { ...paidOrder(), status: "partially_refunded", refunded_amount: 10_001 })),
      check("orders_refund_within_paid"),
    );
  });

  it("an order expires after it was placed, and is paid before it expires (SPEC 6)", async () => {
    await refuseInsert("orders", { ...pendingOrder(), expires_at: NOW }, check("orders_expires_after_created"));
    await refuseInsert("orders", { ...pendingOrder(), expires_at: null }, { code: SQLSTATE.notNull, column: "expires_at" });
    await refuseInsert("orders", { ...paidOrder(), paid_at: expr("now() + interval '30 minutes'") }, check("orders_paid_before_expiry"));
    await acceptInsert("orders", { ...paidOrder(), paid_at: expr("now() + interval '29 minutes'") });
  });

  it("a discount voucher excludes cash and computing power vouchers on the same order", async () => {
    await refuseInsert("orders", { ...discountedOrder(), voucher_amount: 3_000, cash_amount: 5_000 }, check("orders_discount_excludes_vouchers"));
  });

  it("an order's refunded amount matches its status", async () => {
    const refused = check("orders_refund_status");
    await refuseInsert("orders", { ...paidOrder(), refunded_amount: 100 }, refused);
    await refuseInsert("orders", { ...paidOrder(), status: "refunded", refunded_amount: 0 }, refused);
    await refuseInsert("orders", { ...paidOrder(), status: "refunded", refunded_amount: 9_999 }, refused);
    await refuseInsert("orders", { ...paidOrder(), status: "partially_refunded", refunded_amount: 0 }, refused);
    await refuseInsert("orders", { ...paidOrder(), status: "partially_refunded", refunded_amount: 10_000 }, refused);
    await acceptInsert("orders", { ...paidOrder(), status: "partially_refunded", refunded_amount: 1 });
    await acceptInsert("orders", { ...paidOrder(), status: "partially_refunded", refunded_amount: 9_999 });
    // The discount itself is never refunded.
    await acceptInsert("orders", { ...discountedOrder(), status: "refunded", refunded_amount: 8_000 });
  });

  it("a paid order has paid_at, and an unpaid one has not", async () => {
    await refuseInsert("orders", { ...paidOrder(), paid_at: null }, check("orders_paid_at"));
    await refuseInsert("orders", { ...pendingOrder(), paid_at: NOW }, check("orders_paid_at"));
  });

  it("an order public id has the form ord_…", async () => {
    await refuseInsert("orders", { ...pendingOrder(), public_id: "vch_abc123" }, check("orders_public_id"));
    await refuseInsert("orders", { ...pendingOrder(), public_id: "ORD_ABC" }, check("orders_public_id"));
  });

  it("an order amount can't be missing", async () => {
    await refuseInsert("orders", { ...pendingOrder(), amount: null }, { code: SQLSTATE.notNull, column: "amount" });
  });
});

describe("order_items", () => {
  it("accepts a valid order item (positive control)", async () => {
    await acceptInsert("order_items", orderItem());
  });

  it("an order item's quantity is at least 1", async () => {
    await refuseInsert("order_items", { ...orderItem(), quantity: 0, amount: 0 }, check("order_items_quantity_positive"));
    await refuseInsert("order_items", { ...orderItem(), quantity: -1, amount: -1_000 }, check("order_items_quantity_positive"));
  });

  it("an order item's amount is unit price × quantity", async () => {
    await refuseInsert("order_items", { ...orderItem(), amount: 2_999 }, check("order_items_amount"));
    await refuseInsert("order_items", { ...orderItem(), amount: 3_001 }, check("order_items_amount"));
  });

  it("an order item's unit price is not negative", async () => {
    await refuseInsert("order_items", { ...orderItem(), unit_price: -1_000, amount: -3_000 }, check("order_items_unit_price_nonnegative"));
  });
});

describe("payments", () => {
  it("an order has at most one succeeded payment (partial UNIQUE), while failed attempts may repeat", async () => {
    const payment = (status: string, reason: string | null): Row => ({ order_id: seeded.paidOrderId, status, amount: 100, failure_reason: reason });
    // The seeded paid order already has its succeeded payment.
    await refuseInsert("payments", payment("succeeded", null), { code: SQLSTATE.unique, constraint: "payments_one_success_per_order" });
    await acceptInsert("payments", payment("failed", "Balance too low"));
    await acceptInsert("payments", payment("failed", "Balance too low"));
  });

  it("a first succeeded payment of an order is accepted, the second refused", async () => {
    const orderId = await insertReturningId("orders", pendingOrder());
    const succeeded: Row = { order_id: orderId, status: "succeeded", amount: 10_000 };
    await acceptInsert("payments", succeeded);
    await refuseInsert("payments", succeeded, { code: SQLSTATE.unique, constraint: "payments_one_success_per_order" });
  });

  it("a failed payment has a failure reason, and a succeeded one has none", async () => {
    await refuseInsert("payments", { order_id: seeded.paidOrderId, status: "failed", amount: 100 }, check("payments_failure_reason"));
    const orderId = await insertReturningId("orders", pendingOrder());
    await refuseInsert("payments", { order_id: orderId, status: "succeeded", amount: 100, failure_reason: "None" }, check("payments_failure_reason"));
  });

  it("a payment amount is not negative", async () => {
    await refuseInsert("payments", { order_id: seeded.paidOrderId, status: "failed", amount: -1, failure_reason: "x" }, check("payments_amount_nonnegative"));
  });
});

describe("refunds", () => {
  it("accepts a valid refund (positive control)", async () => {
    await acceptInsert("refunds", refund());
  });

  it("the same refund key on the same order refunds once (UNIQUE)", async () => {
    await refuseInsert(
      "refunds",
      { ...refund(), order_id: seeded.refundOrderId, refund_key: seeded.refundKey },
      { code: SQLSTATE.unique, constraint: "refunds_order_key" },
    );
    const row = refund();
    await acceptInsert("refunds", row);
    await refuseInsert("refunds", { ...refund(), refund_key: row.refund_key ?? null }, { code: SQLSTATE.unique, constraint: "refunds_order_key" });
  });

  it("the same refund key on another order is accepted", async () => {
    const other = await insertReturningId("orders", paidOrder());
    await acceptInsert("refunds", { ...refund(), order_id: other, refund_key: seeded.refundKey });
  });

  it("a refund amount is above 0", async () => {
    await refuseInsert("refunds", { ...refund(), amount: 0 }, check("refunds_amount_positive"));
    await refuseInsert("refunds", { ...refund(), amount: -100 }, check("refunds_amount_positive"));
  });

  it("a refund public id has the form rfd_…", async () => {
    await refuseInsert("refunds", { ...refund(), public_id: "ord_abc123" }, check("refunds_public_id"));
    await refuseInsert("refunds", { ...refund(), public_id: "RFD_ABC" }, check("refunds_public_id"));
  });
});

describe("usage_records", () => {
  it("accepts a valid voucher and cash-balance usage record (positive control)", async () => {
    await acceptInsert("usage_records", voucherUsage());
    await acceptInsert("usage_records", cashBalanceUsage());
    await acceptInsert("usage_records", { ...voucherUsage(), status: "failure", failure_reason: "Voucher expired", balance_after: null });
  });

  it("a usage amount is not negative", async () => {
    await refuseInsert("usage_records", { ...voucherUsage(), amount: -1 }, check("usage_records_amount_nonnegative"));
  });

  it("a failed usage record has a reason, and a successful one has none", async () => {
    await refuseInsert("usage_records", { ...voucherUsage(), status: "failure", balance_after: null }, check("usage_records_failure_reason"));
    await refuseInsert("usage_records", { ...voucherUsage(), failure_reason: "Nothing failed" }, check("usage_records_failure_reason"));
  });

  it("a failed usage record has no balance after it", async () => {
    const failed: Row = { status: "failure", failure_reason: "Voucher expired" };
    await refuseInsert("usage_records", { ...voucherUsage(), ...failed, balance_after: 0 }, check("usage_records_failure_no_balance"));
    await refuseInsert("usage_records", { ...cashBalanceUsage(), ...failed, balance_after: 100 }, check("usage_records_failure_no_balance"));
  });

  it("a usage record on a voucher names the voucher", async () => {
    await refuseInsert("usage_records", { ...voucherUsage(), voucher_id: null }, check("usage_records_voucher_source"));
  });

  it("a usage record on the cash balance names no voucher", async () => {
    await refuseInsert("usage_records", { ...cashBalanceUsage(), voucher_id: seeded.cashVoucherId }, check("usage_records_voucher_source"));
  });

  it("a refund usage record names its refund", async () => {
    await refuseInsert("usage_records", { ...voucherUsage(), type: "refund" }, check("usage_records_refund_has_refund"));
  });

  it("a usage record belongs to an existing billing account", async () => {
    await refuseInsert(
      "usage_records",
      { ...voucherUsage(), account_id: MISSING_ID },
      { code: SQLSTATE.foreignKey, constraint: "usage_records_account_id_billing_accounts_id_fk" },
    );
  });
});

describe("cash_movements", () => {
  it("accepts a valid top-up (positive control)", async () => {
    await acceptInsert("cash_movements", topUp());
  });

  it("a cash movement amount is above 0 (the type gives the direction)", async () => {
    await refuseInsert("cash_movements", { ...topUp(), amount: 0 }, check("cash_movements_amount_positive"));
    await refuseInsert("cash_movements", { ...topUp(), amount: -100 }, check("cash_movements_amount_positive"));
  });

  it("a payment from the cash balance can't leave it below 0, while a post-paid charge can (arrears)", async () => {
    await refuseInsert(
      "cash_movements",
      { ...topUp(), type: "payment", order_id: seeded.paidOrderId, amount: 100, balance_after: -1 },
      check("cash_movements_no_arrears_from_payment"),
    );
    await acceptInsert("cash_movements", { ...topUp(), type: "payment", order_id: seeded.paidOrderId, amount: 100, balance_after: 0 });
    await acceptInsert("cash_movements", { ...topUp(), type: "charge", amount: 5_000, balance_after: -5_000 });
  });

  it("a cash payment names its order, a cash refund its refund", async () => {
    await refuseInsert("cash_movements", { ...topUp(), type: "payment", balance_after: 0 }, check("cash_movements_payment_has_order"));
    await refuseInsert("cash_movements", { ...topUp(), type: "refund" }, check("cash_movements_refund_has_refund"));
  });
});

describe("products", () => {
  it("accepts a valid product, free ones included (positive control)", async () => {
    await acceptInsert("products", product());
    await acceptInsert("products", { ...product(), unit_price: 0, provider_id: null });
  });

  it("a product unit price is not negative", async () => {
    await refuseInsert("products", { ...product(), unit_price: -1 }, check("products_unit_price_nonnegative"));
  });

  it("a product's provider is a provider of the catalogue", async () => {
    await refuseInsert("products", { ...product(), provider_id: MISSING_ID }, {
      code: SQLSTATE.foreignKey,
      constraint: "products_provider_id_providers_id_fk",
    });
  });
});

describe("providers", () => {
  it("accepts a valid provider, a non-Latin name too (positive control)", async () => {
    await acceptInsert("providers", provider());
    await acceptInsert("providers", { ...provider(), name: "沐曦 Cloud" });
  });

  it("a name is unique ignoring case: a name differing only by case is refused", async () => {
    await refuseInsert("providers", { ...provider(), name: "muxi" }, { code: SQLSTATE.unique, constraint: "providers_name_lower_key" });
    await refuseInsert("providers", { ...provider(), name: "MAXXINTEL" }, { code: SQLSTATE.unique, constraint: "providers_name_lower_key" });
    await expectRefused(`UPDATE providers SET name = 'MUXI' WHERE name = 'MaxXIntel'`, { code: SQLSTATE.unique, constraint: "providers_name_lower_key" });
  });

  it("a name is trimmed, single-spaced, not blank and at most 40 characters", async () => {
    for (const name of ["", " Muxi2", "Muxi2 ", "Big  Compute", "Big\tCompute", "x".repeat(41)]) {
      await refuseInsert("providers", { ...provider(), name: expr(`E'${name}'`) }, check("providers_name_normal"));
    }
    await acceptInsert("providers", { ...provider(), name: `N ${"x".repeat(38)}` });
  });

  it("a provider public id has the form prv_…", async () => {
    await refuseInsert("providers", { ...provider(), public_id: "prd_abc123" }, check("providers_public_id"));
    await refuseInsert("providers", { ...provider(), public_id: "prv_ABC" }, check("providers_public_id"));
  });

  it("a provider is never deleted, so the id arrays of batches and vouchers never point nowhere", async () => {
    await acceptInsert("providers", { ...provider(), public_id: "prv_unused000000", name: "Unused provider" });
    // Each in a block that always ends in an error, so an accepted statement could never commit.
    const refusedOrRolledBack = (statement: string) => `DO $$ BEGIN ${statement}; RAISE EXCEPTION 'accepted'; END $$`;
    await expectRefused(refusedOrRolledBack(`DELETE FROM providers WHERE public_id = 'prv_unused000000'`), { code: "23001" });
    await expectRefused(refusedOrRolledBack(`TRUNCATE providers CASCADE`), { code: "23001" });
  });

  it("an order item's provider is a provider of the catalogue", async () => {
    await refuseInsert("order_items", { ...orderItem(), provider_id: MISSING_ID }, {
      code: SQLSTATE.foreignKey,
      constraint: "order_items_provider_id_providers_id_fk",
    });
  });

  it("a product public id has the form prd_…", async () => {
    await refuseInsert("products", { ...product(), public_id: "vch_abc123" }, check("products_public_id"));
    await refuseInsert("products", { ...product(), public_id: "prd_Abc" }, check("products_public_id"));
  });
});

describe("billing_accounts", () => {
  it("accepts a valid billing account (positive control)", async () => {
    await acceptInsert("billing_accounts", billingAccount());
  });

  it("a billing account public id has the form acc_…", async () => {
    await refuseInsert("billing_accounts", { ...billingAccount(), public_id: "usr_abc123" }, check("billing_accounts_public_id"));
    await refuseInsert("billing_accounts", { ...billingAccount(), public_id: "acc_ABC" }, check("billing_accounts_public_id"));
    await refuseInsert("billing_accounts", { ...billingAccount(), public_id: "acc_" }, check("billing_accounts_public_id"));
  });
});

describe("created_at", () => {
  it("has no default on domain tables: a writer that doesn't stamp its row with its `now` is refused", async () => {
    for (const table of STAMPED) {
      const [row] = await query(
        `SELECT column_default, is_nullable FROM information_schema.columns WHERE table_name = '${table}' AND column_name = 'created_at'`,
      );
      expect(row, table).toEqual({ column_default: null, is_nullable: "NO" });
    }
    await expectRefused(
      `INSERT INTO billing_accounts (public_id, name) VALUES ('acc_nostamp', 'No stamp')`,
      { code: SQLSTATE.notNull, column: "created_at" },
    );
  });
});

describe("users", () => {
  it("accepts a customer with a billing account and an admin without one (positive control)", async () => {
    await acceptInsert("users", customer());
    await acceptInsert("users", { ...customer(), role: "admin", billing_account_id: null });
  });

  it("a customer always has a billing account", async () => {
    await refuseInsert("users", { ...customer(), billing_account_id: null }, check("users_customer_has_account"));
  });

  it("a user role is customer or admin (not superuser)", async () => {
    await refuseInsert("users", { ...customer(), role: "superuser" }, { code: SQLSTATE.badEnumValue });
  });
});

describe("audit_log (append-only)", () => {
  const refusedByTrigger = { code: SQLSTATE.insufficientPrivilege };

  it("accepts a new entry", async () => {
    await acceptInsert("audit_log", auditEntry());
  });

  it("names exactly one actor: an admin user or an API key", async () => {
    await refuseInsert("audit_log", { ...auditEntry(), actor_user_id: null }, check("audit_log_one_actor"));
    const keyId = await scalar(
      `INSERT INTO api_keys (public_id, name, scopes, secret_hash, last4, created_by, created_at)
       VALUES ('key_constraint1', 'Constraint test', '{charge}', repeat('c', 64), 'cccc', '${seeded.adminId}', now()) RETURNING id::text`,
    );
    await refuseInsert("audit_log", { ...auditEntry(), actor_api_key_id: keyId }, check("audit_log_one_actor"));
    await acceptInsert("audit_log", { ...auditEntry(), actor_user_id: null, actor_api_key_id: keyId });
  });

  it("refuses to UPDATE an entry", async () => {
    const before = await query(`SELECT id::text AS id, reason FROM audit_log ORDER BY id`);
    await expectRefused(`UPDATE audit_log SET reason = 'rewritten'`, refusedByTrigger);
    await expectRefused(`UPDATE audit_log SET reason = 'rewritten' WHERE id = (SELECT min(id) FROM audit_log)`, refusedByTrigger);
    expect(await query(`SELECT id::text AS id, reason FROM audit_log ORDER BY id`)).toEqual(before);
  });

  it("refuses to DELETE an entry", async () => {
    const count = await scalar(`SELECT count(*)::int FROM audit_log`);
    await expectRefused(`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`, refusedByTrigger);
    await expectRefused(`DELETE FROM audit_log`, refusedByTrigger);
    expect(await scalar(`SELECT count(*)::int FROM audit_log`)).toBe(count);
  });

  it("refuses to TRUNCATE the log", async () => {
    const count = await scalar(`SELECT count(*)::int FROM audit_log`);
    expect(Number(count)).toBeGreaterThan(0);
    await expectRefused(`TRUNCATE audit_log`, refusedByTrigger);
    expect(await scalar(`SELECT count(*)::int FROM audit_log`)).toBe(count);
  });
});
