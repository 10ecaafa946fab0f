/**
 * The benchmark data shape, loaded with set-based SQL (generate_series and
 * INSERT … SELECT, never a row at a time): one large account with vouchers of
 * every kind and status, its usage history and orders, and many ordinary
 * accounts. `npm run bench:data` loads it at full size; test/explain.test.ts
 * loads the same shape at a tenth of the size to check the query plans.
 *
 * Every row is consistent with the money rules, so test/invariants.ts finds no
 * violation on a fresh load: each voucher's used amount is the sum of its
 * deductions, each paid order's parts and deductions add up to its amount, and
 * each cash ledger sums to its account's balance.
 *
 * Ids are given explicitly (OVERRIDING SYSTEM VALUE) so rows can refer to each
 * other without lookups; the identity sequences are moved past them at the end.
 * Run it inside one transaction on an empty, migrated database (temporary
 * tables are dropped at commit).
 */

export interface ShapeSize {
  /** Vouchers of the large account (all kinds and statuses). */
  vouchers: number;
  /** Usage records of the large account. */
  usageRecords: number;
  /** Orders of the large account. */
  orders: number;
  /** Ordinary accounts, each with a user, a few vouchers and a cash balance. */
  accounts: number;
}

export const FULL_SIZE: ShapeSize = { vouchers: 10_000, usageRecords: 1_000_000, orders: 20_000, accounts: 1_000 };

/** Who is who in the loaded data (the sign-in names and ids the benchmarks use). */
export const SHAPE = {
  largeAccountId: 1,
  largeUserEmail: "large@bench.example",
  /** Ordinary account n (1-based) has id n + 1 and this user. */
  userEmail: (n: number) => `user${n}@bench.example`,
  /** …and this public id. */
  accountPublicId: (n: number) => `acc_bench${n + 1}`,
  adminEmail: "admin@bench.example",
  password: "demo-password",
  products: { serverless: "prd_benchserverless", muxi: "prd_benchmuxi", maxx: "prd_benchmaxx" },
  /** providers.id of the two compute providers. */
  providers: { maxx: 1, muxi: 2 },
  /** The batch that benchmark redemption codes are issued from (cash, 365 days). */
  codeBatchId: 5,
  /**
   * The secret of the API key bench/data.ts stores (scope `pay`), as its keyed
   * hash under BENCH_ENV's BETTER_AUTH_SECRET: what P2's pay over /api/v1 sends.
   */
  apiSecret: "sk_live_benchpayoverapivtwokeyabcdefghij",
  /** Ordinary accounts' vouchers per account (see the INSERT below). */
  vouchersPerAccount: 6,
} as const;

/** Both compute providers, as a provider_ids array. */
const BOTH = `ARRAY[${SHAPE.providers.maxx}, ${SHAPE.providers.muxi}]::bigint[]`;

/** A SQL string literal. */
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The statements that load the shape, in order. `passwordHash` is one
 * better-auth hash of SHAPE.password, shared by every user (hashing is slow on purpose).
 */
export function shapeStatements(size: ShapeSize, now: Date, passwordHash: string): string[] {
  const V = size.vouchers;
  const A = size.accounts;
  const O = size.orders;
  const U = size.usageRecords;
  const N = `${lit(now.toISOString())}::timestamptz`;
  const oFail = Math.floor(O / 20);
  const oCash = Math.floor(O / 10);

  return [
    `SELECT setseed(0.42)`,

    // The providers catalogue: 1 = MaxXIntel, 2 = Muxi (the ids the arrays below use).
    `INSERT INTO providers (id, public_id, name, created_at) OVERRIDING SYSTEM VALUE VALUES
      (${SHAPE.providers.maxx}, 'prv_benchmaxxintel', 'MaxXIntel', ${N} - interval '400 days'),
      (${SHAPE.providers.muxi}, 'prv_benchmuxi', 'Muxi', ${N} - interval '400 days')`,

    `INSERT INTO products (id, public_id, name, unit_price, provider_id, created_at) OVERRIDING SYSTEM VALUE VALUES
      (1, ${lit(SHAPE.products.serverless)}, 'Serverless API - token package', 1000, NULL, ${N} - interval '400 days'),
      (2, ${lit(SHAPE.products.muxi)}, 'Muxi - Model Resource Package', 5000, ${SHAPE.providers.muxi}, ${N} - interval '400 days'),
      (3, ${lit(SHAPE.products.maxx)}, 'MaxXIntel - GPU hours', 800, ${SHAPE.providers.maxx}, ${N} - interval '400 days')`,

    `INSERT INTO billing_accounts (id, public_id, name, cash_balance, created_at) OVERRIDING SYSTEM VALUE
      SELECT g, 'acc_bench' || g, CASE WHEN g = 1 THEN 'Large account' ELSE 'Account ' || (g - 1) END, 0, ${N} - interval '400 days'
      FROM generate_series(1, ${A + 1}) g`,

    `INSERT INTO users (id, name, email, email_verified, role, billing_account_id)
      SELECT 'bench-user-' || g, 'User ' || g,
        CASE WHEN g = 1 THEN ${lit(SHAPE.largeUserEmail)} ELSE 'user' || (g - 1) || '@bench.example' END,
        true, 'customer'::user_role, g
      FROM generate_series(1, ${A + 1}) g
      UNION ALL SELECT 'bench-admin', 'Bench admin', ${lit(SHAPE.adminEmail)}, true, 'admin'::user_role, NULL`,

    `INSERT INTO auth_accounts (id, account_id, provider_id, user_id, password)
      SELECT 'cred-' || id, id, 'credential', id, ${lit(passwordHash)} FROM users`,

    `INSERT INTO voucher_batches (id, public_id, name, kind, face_value, amount_off, min_order_amount,
        pay_basis_points, max_discount, provider_ids, valid_days, quantity, created_by, created_at) OVERRIDING SYSTEM VALUE VALUES
      (1, 'bat_benchcash', 'Bench cash credit', 'cash', 10000, NULL, NULL, NULL, NULL, NULL, 365, 0, 'bench-admin', ${N} - interval '400 days'),
      (2, 'bat_benchamount', 'Bench 50 off 200', 'discount', NULL, 5000, 20000, NULL, NULL, NULL, 30, 0, 'bench-admin', ${N} - interval '400 days'),
      (3, 'bat_benchpercent', 'Bench 20% off', 'discount', NULL, NULL, NULL, 8000, 3000, NULL, 30, 0, 'bench-admin', ${N} - interval '400 days'),
      (4, 'bat_benchcompute', 'Bench GPU pack', 'compute', 20000, NULL, NULL, NULL, NULL, ${BOTH}, 365, 0, 'bench-admin', ${N} - interval '400 days'),
      (${SHAPE.codeBatchId}, 'bat_benchcodes', 'Bench redemption codes', 'cash', 1000, NULL, NULL, NULL, NULL, NULL, 365, 0, 'bench-admin', ${N} - interval '400 days')`,

    // The large account's vouchers. kind by g % 10 (4 cash, 3 compute, 3 discount);
    // status bucket by (g / 10) % 20: 10 available, 3 used, 3 expired, 2 voided, 2 not effective.
    `CREATE TEMP TABLE large_v ON COMMIT DROP AS
      SELECT g AS id,
        CASE WHEN g % 10 < 4 THEN 'cash' WHEN g % 10 < 7 THEN 'compute' ELSE 'discount' END::voucher_kind AS kind,
        CASE WHEN g % 10 < 4 THEN 1 WHEN g % 10 < 7 THEN 4 WHEN g % 10 < 9 THEN 2 ELSE 3 END AS batch_id,
        CASE WHEN (g / 10) % 20 < 10 THEN 'available' WHEN (g / 10) % 20 < 13 THEN 'used'
             WHEN (g / 10) % 20 < 16 THEN 'expired' WHEN (g / 10) % 20 < 18 THEN 'voided' ELSE 'not_effective' END AS bucket
      FROM generate_series(1, ${V}) g`,
    `ALTER TABLE large_v ADD COLUMN effective_at timestamptz, ADD COLUMN expires_at timestamptz, ADD COLUMN voided_at timestamptz`,
    `UPDATE large_v SET
      effective_at = CASE bucket
        WHEN 'expired' THEN ${N} - make_interval(days => 400 + id % 300)
        WHEN 'not_effective' THEN ${N} + make_interval(days => 1 + id % 60)
        ELSE ${N} - make_interval(days => 30 + id % 300) END,
      expires_at = CASE bucket
        WHEN 'expired' THEN ${N} - make_interval(days => 1 + id % 300)
        WHEN 'not_effective' THEN ${N} + make_interval(days => 366 + id % 60)
        ELSE ${N} + make_interval(days => 1 + id % 365) END,
      voided_at = CASE WHEN bucket = 'voided' THEN ${N} - make_interval(days => 1 + id % 20) END`,

    `INSERT INTO vouchers (id, public_id, account_id, batch_id, kind, face_value, balance, amount_off, min_order_amount,
        pay_basis_points, max_discount, provider_ids, effective_at, expires_at, voided_at, voided_by, void_reason, granted_by, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT v.id, 'vch_' || substr(md5('large' || v.id), 1, 16), ${SHAPE.largeAccountId}, v.batch_id, v.kind,
        CASE WHEN v.kind = 'discount' THEN NULL WHEN v.bucket = 'not_effective' THEN 10000 + v.id % 50000 ELSE 1 END,
        CASE WHEN v.kind = 'discount' THEN NULL WHEN v.bucket = 'not_effective' THEN 10000 + v.id % 50000 ELSE 1 END,
        b.amount_off, b.min_order_amount, b.pay_basis_points, b.max_discount,
        CASE WHEN v.kind <> 'compute' THEN NULL WHEN v.id % 3 = 0 THEN ARRAY[${SHAPE.providers.maxx}]::bigint[]
             WHEN v.id % 3 = 1 THEN ARRAY[${SHAPE.providers.muxi}]::bigint[] ELSE ${BOTH} END,
        v.effective_at, v.expires_at, v.voided_at,
        CASE WHEN v.voided_at IS NOT NULL THEN 'bench-admin' END,
        CASE WHEN v.voided_at IS NOT NULL THEN 'Issued by mistake' END,
        'bench-admin', least(v.effective_at, ${N}) - interval '1 day'
      FROM large_v v JOIN voucher_batches b ON b.id = v.batch_id
      ORDER BY v.id`,

    // Stored-value vouchers that can have been used: numbered, with the window their
    // use falls in and the balance they keep (0 for used ones).
    `CREATE TEMP TABLE sv ON COMMIT DROP AS
      SELECT (row_number() OVER (ORDER BY id)) - 1 AS n, id, kind, effective_at AS lo,
        least(expires_at, coalesce(voided_at, 'infinity'), ${N}) - interval '1 minute' AS hi,
        CASE WHEN bucket = 'used' THEN 0 ELSE 100 + (id * 7919) % 100000 END AS remainder
      FROM large_v WHERE kind <> 'discount' AND bucket <> 'not_effective'`,
    `CREATE UNIQUE INDEX ON sv (n)`,

    // Orders of the large account: 1..oVoucher paid by one stored-value voucher each,
    // then one per used discount voucher (discount + cash balance), then paid by the
    // cash balance, then pending after a failed attempt.
    `CREATE TEMP TABLE counts ON COMMIT DROP AS
      SELECT (SELECT count(*) FROM sv) AS nsv,
        (SELECT count(*) FROM large_v WHERE kind = 'discount' AND bucket = 'used') AS ndisc`,
    `CREATE TEMP TABLE order_plan ON COMMIT DROP AS
      SELECT ${O} - ndisc - ${oCash} - ${oFail} AS o_voucher, ndisc AS o_disc,
        ${U} - 2 * ndisc - ${oCash} - ${oFail} AS u_stream, nsv FROM counts`,

    // The stream of voucher deductions: round robin over the stored-value vouchers,
    // each at a random time inside its voucher's window; the first o_voucher pay orders.
    `CREATE TEMP TABLE stage_usage ON COMMIT DROP AS
      SELECT r, sv.id AS voucher_id, sv.kind,
        CASE WHEN r < p.o_voucher THEN r + 1 END AS order_id,
        CASE WHEN r < p.o_voucher THEN 1 + r % 5 END AS qty,
        -- An order is for a product its voucher may pay: cash any, compute its provider's.
        CASE WHEN r >= p.o_voucher THEN NULL WHEN sv.kind = 'cash' THEN 1 WHEN sv.id % 3 = 1 THEN 2 ELSE 3 END AS product_id,
        CASE WHEN r >= p.o_voucher THEN 1 + floor(random() * 500)::bigint
             WHEN sv.kind = 'cash' THEN 1000 * (1 + r % 5) WHEN sv.id % 3 = 1 THEN 5000 * (1 + r % 5) ELSE 800 * (1 + r % 5) END AS amount,
        sv.lo + random() * (sv.hi - sv.lo) AS created_at
      FROM order_plan p CROSS JOIN LATERAL generate_series(0, p.u_stream - 1) r JOIN sv ON sv.n = r % p.nsv`,

    `INSERT INTO orders (id, public_id, account_id, amount, status, voucher_amount, created_at, expires_at, paid_at) OVERRIDING SYSTEM VALUE
      SELECT order_id, 'ord_bench' || order_id, ${SHAPE.largeAccountId}, amount, 'paid', amount, created_at, created_at + interval '30 minutes', created_at
      FROM stage_usage WHERE order_id IS NOT NULL`,
    `INSERT INTO order_items (order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
      SELECT s.order_id, p.id, p.name, p.provider_id, p.unit_price, s.qty, s.amount
      FROM stage_usage s JOIN products p ON p.id = s.product_id
      WHERE s.order_id IS NOT NULL`,
    `INSERT INTO payments (order_id, status, amount, created_at)
      SELECT order_id, 'succeeded', amount, created_at FROM stage_usage WHERE order_id IS NOT NULL`,

    // Orders paid by a discount voucher and the cash balance, and orders paid by the cash balance alone.
    `CREATE TEMP TABLE cash_orders ON COMMIT DROP AS
      SELECT p.o_voucher + row_number() OVER (ORDER BY v.id) AS order_id, v.id AS discount_voucher_id,
        20000::bigint AS amount,
        CASE WHEN v.batch_id = 2 THEN 5000 ELSE 3000 END::bigint AS discount,
        20 AS qty,
        v.effective_at + random() * (least(v.expires_at, ${N}) - v.effective_at - interval '1 minute') AS created_at
      FROM large_v v, order_plan p WHERE v.kind = 'discount' AND v.bucket = 'used'`,
    `INSERT INTO cash_orders (order_id, discount_voucher_id, amount, discount, qty, created_at)
      SELECT p.o_voucher + p.o_disc + g, NULL, 1000 * (1 + g % 10), 0, 1 + g % 10,
        ${N} - random() * interval '365 days'
      FROM order_plan p, generate_series(1, ${oCash}) g`,
    `INSERT INTO orders (id, public_id, account_id, amount, status, discount_amount, cash_amount, created_at, expires_at, paid_at) OVERRIDING SYSTEM VALUE
      SELECT order_id, 'ord_bench' || order_id, ${SHAPE.largeAccountId}, amount, 'paid', discount, amount - discount, created_at, created_at + interval '30 minutes', created_at
      FROM cash_orders`,
    `INSERT INTO order_items (order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
      SELECT c.order_id, 1, p.name, NULL, p.unit_price, c.qty, c.amount FROM cash_orders c JOIN products p ON p.id = 1`,
    `INSERT INTO payments (order_id, status, amount, created_at) SELECT order_id, 'succeeded', amount, created_at FROM cash_orders`,
    `UPDATE vouchers v SET consumed_at = c.created_at, consumed_order_id = c.order_id
      FROM cash_orders c WHERE c.discount_voucher_id = v.id`,

    // Pending orders whose payment attempt failed.
    `CREATE TEMP TABLE failed_orders ON COMMIT DROP AS
      SELECT p.o_voucher + p.o_disc + ${oCash} + g AS order_id, 1000 * (1 + g % 3) AS amount, 1 + g % 3 AS qty,
        ${N} - random() * interval '365 days' AS created_at
      FROM order_plan p, generate_series(1, ${oFail}) g`,
    `INSERT INTO orders (id, public_id, account_id, amount, status, created_at, expires_at) OVERRIDING SYSTEM VALUE
      SELECT order_id, 'ord_bench' || order_id, ${SHAPE.largeAccountId}, amount, 'pending', created_at, created_at + interval '30 minutes' FROM failed_orders`,
    `INSERT INTO order_items (order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
      SELECT f.order_id, 1, p.name, NULL, p.unit_price, f.qty, f.amount FROM failed_orders f JOIN products p ON p.id = 1`,
    `INSERT INTO payments (order_id, status, amount, failure_reason, created_at)
      SELECT order_id, 'failed', amount, 'Your cash balance is not enough for this order.', created_at FROM failed_orders`,

    // The large account's cash ledger: one early top-up, then the cash parts of orders.
    `CREATE TEMP TABLE cash_ledger ON COMMIT DROP AS
      SELECT order_id, amount - discount AS amount, created_at,
        1000000000 - sum(amount - discount) OVER (ORDER BY created_at, order_id) AS balance_after
      FROM cash_orders`,
    `INSERT INTO cash_movements (account_id, type, amount, balance_after, reason, created_at)
      VALUES (${SHAPE.largeAccountId}, 'top_up', 1000000000, 1000000000, 'Top-up', ${N} - interval '400 days')`,
    `INSERT INTO cash_movements (account_id, type, amount, balance_after, order_id, created_at)
      SELECT ${SHAPE.largeAccountId}, 'payment', amount, balance_after, order_id, created_at FROM cash_ledger ORDER BY created_at`,
    `UPDATE billing_accounts SET cash_balance = 1000000000 - (SELECT coalesce(sum(amount), 0) FROM cash_ledger)
      WHERE id = ${SHAPE.largeAccountId}`,

    // Stored-value vouchers: face value = what was used + what is left.
    `UPDATE vouchers v SET face_value = t.used + sv.remainder, balance = sv.remainder
      FROM (SELECT voucher_id, sum(amount) AS used FROM stage_usage GROUP BY voucher_id) t JOIN sv ON sv.id = t.voucher_id
      WHERE v.id = t.voucher_id`,

    // The usage history, in time order as the application would have appended it.
    `INSERT INTO usage_records (account_id, voucher_id, order_id, source, type, status, amount, balance_after, failure_reason, created_at)
      SELECT ${SHAPE.largeAccountId}, voucher_id, order_id, source::usage_source, 'deduction', status::usage_status, amount, balance_after, failure_reason, created_at
      FROM (
        SELECT s.voucher_id, s.order_id, s.kind::text AS source, 'success' AS status, s.amount,
          sv.remainder + sum(s.amount) OVER w_all - sum(s.amount) OVER w_run AS balance_after, NULL AS failure_reason, s.created_at
        FROM stage_usage s JOIN sv ON sv.id = s.voucher_id
        WINDOW w_all AS (PARTITION BY s.voucher_id), w_run AS (PARTITION BY s.voucher_id ORDER BY s.created_at, s.r)
        UNION ALL
        SELECT discount_voucher_id, order_id, 'discount', 'success', discount, NULL, NULL, created_at
        FROM cash_orders WHERE discount_voucher_id IS NOT NULL
        UNION ALL
        SELECT NULL, order_id, 'cash_balance', 'success', amount, balance_after, NULL, created_at FROM cash_ledger
        UNION ALL
        SELECT NULL, order_id, 'cash_balance', 'failure', amount, NULL, 'Your cash balance is not enough for this order.', created_at
        FROM failed_orders
      ) u ORDER BY created_at`,

    // Ordinary accounts: two cash vouchers, one computing power voucher and one discount
    // voucher available, one expired cash voucher, one discount voucher not yet effective;
    // and a cash balance from one top-up. Large enough for every payment of a benchmark.
    `INSERT INTO vouchers (id, public_id, account_id, batch_id, kind, face_value, balance, amount_off, min_order_amount,
        pay_basis_points, max_discount, provider_ids, effective_at, expires_at, granted_by, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT ${V} + (a - 2) * ${SHAPE.vouchersPerAccount} + k + 1, 'vch_' || substr(md5('acc' || a || '-' || k), 1, 16), a,
        CASE k WHEN 2 THEN 4 WHEN 3 THEN 2 WHEN 5 THEN 3 ELSE 1 END,
        CASE k WHEN 2 THEN 'compute' WHEN 3 THEN 'discount' WHEN 5 THEN 'discount' ELSE 'cash' END::voucher_kind,
        CASE k WHEN 0 THEN 100000000 WHEN 1 THEN 50000000 WHEN 2 THEN 100000000 WHEN 4 THEN 10000 END,
        CASE k WHEN 0 THEN 100000000 WHEN 1 THEN 50000000 WHEN 2 THEN 100000000 WHEN 4 THEN 10000 END,
        CASE k WHEN 3 THEN 5000 END, CASE k WHEN 3 THEN 20000 END,
        CASE k WHEN 5 THEN 8000 END, CASE k WHEN 5 THEN 3000 END,
        CASE k WHEN 2 THEN ${BOTH} END,
        CASE k WHEN 4 THEN ${N} - interval '400 days' WHEN 5 THEN ${N} + interval '30 days' ELSE ${N} - interval '30 days' END,
        CASE k WHEN 4 THEN ${N} - interval '35 days' WHEN 5 THEN ${N} + interval '60 days' ELSE ${N} + interval '335 days' END,
        'bench-admin', ${N} - interval '400 days'
      FROM generate_series(2, ${A + 1}) a, generate_series(0, ${SHAPE.vouchersPerAccount - 1}) k`,
    `INSERT INTO cash_movements (account_id, type, amount, balance_after, reason, created_at)
      SELECT a, 'top_up', 100000000, 100000000, 'Top-up', ${N} - interval '30 days' FROM generate_series(2, ${A + 1}) a`,
    `UPDATE billing_accounts SET cash_balance = 100000000 WHERE id > ${SHAPE.largeAccountId}`,
    // The audit rows an operator's issues, grants and voids of this history would have
    // written (test/invariants.ts checks that every admin change has one).
    `INSERT INTO audit_log (actor_user_id, action, target_type, target_id, reason, created_at)
      SELECT 'bench-admin', 'batch.issue', 'batch', public_id, 'bench data', created_at FROM voucher_batches
      UNION ALL SELECT 'bench-admin', 'voucher.grant', 'voucher', public_id, 'bench data', created_at FROM vouchers WHERE granted_by IS NOT NULL
      UNION ALL SELECT 'bench-admin', 'voucher.void', 'voucher', public_id, void_reason, voided_at FROM vouchers WHERE voided_at IS NOT NULL`,

    ...["providers", "billing_accounts", "products", "voucher_batches", "vouchers", "orders"].map(
      (t) => `SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`,
    ),
  ];
}
