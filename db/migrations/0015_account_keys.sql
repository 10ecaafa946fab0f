-- Issue 18 (docs/scale-out.md, docs/performance.md): order items, payments and refunds carry
-- their order's account, and reference the order with it; unique keys include it. A voucher's
-- balance leaves the list index, and fillfactors leave room, so balance and order updates are HOT.
-- pay_new_order applies a payment planned in TypeScript in one statement (lib/dal/orders/pay-new.ts).
CREATE UNIQUE INDEX "orders_account_id_key" ON "orders" USING btree ("account_id","id");--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "account_id" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "account_id" bigint;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "account_id" bigint;--> statement-breakpoint
UPDATE "order_items" AS i SET "account_id" = o."account_id" FROM "orders" AS o WHERE o."id" = i."order_id";--> statement-breakpoint
UPDATE "payments" AS p SET "account_id" = o."account_id" FROM "orders" AS o WHERE o."id" = p."order_id";--> statement-breakpoint
UPDATE "refunds" AS r SET "account_id" = o."account_id" FROM "orders" AS o WHERE o."id" = r."order_id";--> statement-breakpoint
ALTER TABLE "order_items" ALTER COLUMN "account_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "account_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "account_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" DROP CONSTRAINT "order_items_order_id_orders_id_fk";--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_order_id_orders_id_fk";--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_order_id_orders_id_fk";--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_fk" FOREIGN KEY ("account_id","order_id") REFERENCES "public"."orders"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_fk" FOREIGN KEY ("account_id","order_id") REFERENCES "public"."orders"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_fk" FOREIGN KEY ("account_id","order_id") REFERENCES "public"."orders"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DROP INDEX "payments_one_success_per_order";--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_order" ON "payments" USING btree ("account_id","order_id") WHERE "payments"."status" = 'succeeded';--> statement-breakpoint
DROP INDEX "refunds_order_key";--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_order_key" ON "refunds" USING btree ("account_id","order_id","refund_key");--> statement-breakpoint
DROP INDEX "vouchers_account_kind_list_idx";--> statement-breakpoint
CREATE INDEX "vouchers_account_kind_expiry_idx" ON "vouchers" USING btree ("account_id","kind","expires_at","created_at","id");--> statement-breakpoint
-- A writer that leaves the account out (older code, hand-written SQL) gets the order's; the
-- foreign key above refuses any other.
CREATE FUNCTION "account_of_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT o.account_id INTO NEW.account_id FROM orders AS o WHERE o.id = NEW.order_id;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "order_items_account" BEFORE INSERT ON "order_items" FOR EACH ROW WHEN (NEW.account_id IS NULL) EXECUTE FUNCTION "account_of_order"();--> statement-breakpoint
CREATE TRIGGER "payments_account" BEFORE INSERT ON "payments" FOR EACH ROW WHEN (NEW.account_id IS NULL) EXECUTE FUNCTION "account_of_order"();--> statement-breakpoint
CREATE TRIGGER "refunds_account" BEFORE INSERT ON "refunds" FOR EACH ROW WHEN (NEW.account_id IS NULL) EXECUTE FUNCTION "account_of_order"();--> statement-breakpoint
-- Room on each page for the new version of an updated row (a HOT update needs it there).
ALTER TABLE "vouchers" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "billing_accounts" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "orders" SET (fillfactor = 90);--> statement-breakpoint
-- A new order paid by the plan TypeScript made on a snapshot (lib/orders/plan.ts decides; this
-- only writes), in one statement: one round trip, one commit. Every write is guarded: the account
-- still has the cash part, the product is still for sale, each voucher still has the balance the
-- plan saw and is not voided, the discount is not consumed. A guard that fails raises BL001 and
-- nothing is written (the caller then pays the locking way, which records why); a request key
-- already used raises BL002. Locks in every payer's order: the account, then vouchers by id.
CREATE FUNCTION "pay_new_order"(p jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_account bigint := (p->>'account_id')::bigint;
  v_now timestamptz := (p->>'now')::timestamptz;
  v_amount bigint := (p->>'amount')::bigint;
  v_cash bigint := (p->>'cash_part')::bigint;
  v_discount jsonb := p->'discount';
  v_allocations jsonb := p->'allocations';
  v_item jsonb := p->'item';
  v_cash_after bigint;
  v_order bigint;
  v_count integer;
BEGIN
  IF v_cash > 0 THEN
    UPDATE billing_accounts SET cash_balance = cash_balance - v_cash
      WHERE id = v_account AND cash_balance >= v_cash
      RETURNING cash_balance INTO v_cash_after;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the cash balance no longer covers the plan' USING ERRCODE = 'BL001';
    END IF;
  ELSE
    PERFORM 1 FROM billing_accounts WHERE id = v_account FOR NO KEY UPDATE;
  END IF;
  PERFORM 1 FROM products WHERE id = (v_item->>'product_id')::bigint AND retired_at IS NULL;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the product is no longer for sale' USING ERRCODE = 'BL001';
  END IF;

  INSERT INTO orders (public_id, account_id, amount, status, discount_amount, voucher_amount, cash_amount, request_key, created_at, expires_at, paid_at)
    VALUES (p->>'public_id', v_account, v_amount, 'paid', (p->>'discount_amount')::bigint, (p->>'voucher_amount')::bigint, v_cash,
      p->>'request_key', v_now, (p->>'expires_at')::timestamptz, v_now)
    ON CONFLICT (account_id, request_key) DO NOTHING
    RETURNING id INTO v_order;
  IF v_order IS NULL THEN
    RAISE EXCEPTION 'this request key already placed an order' USING ERRCODE = 'BL002';
  END IF;
  INSERT INTO order_items (account_id, order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
    VALUES (v_account, v_order, (v_item->>'product_id')::bigint, v_item->>'product_name', (v_item->>'provider_id')::bigint,
      (v_item->>'unit_price')::bigint, (v_item->>'quantity')::integer, (v_item->>'amount')::bigint);

  PERFORM 1 FROM vouchers
    WHERE id IN (SELECT (a->>'voucher_id')::bigint FROM jsonb_array_elements(v_allocations) AS a
                 UNION ALL SELECT (v_discount->>'voucher_id')::bigint WHERE v_discount IS NOT NULL AND jsonb_typeof(v_discount) = 'object')
    ORDER BY id FOR NO KEY UPDATE;
  IF v_discount IS NOT NULL AND jsonb_typeof(v_discount) = 'object' THEN
    UPDATE vouchers SET consumed_at = v_now, consumed_order_id = v_order
      WHERE id = (v_discount->>'voucher_id')::bigint AND account_id = v_account AND consumed_at IS NULL AND voided_at IS NULL;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the discount voucher can no longer be used' USING ERRCODE = 'BL001';
    END IF;
  END IF;
  UPDATE vouchers AS v SET balance = v.balance - a.amount
    FROM jsonb_to_recordset(v_allocations) AS a(voucher_id bigint, amount bigint, balance bigint)
    WHERE v.id = a.voucher_id AND v.account_id = v_account AND v.balance = a.balance AND v.voided_at IS NULL;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count <> jsonb_array_length(v_allocations) THEN
    RAISE EXCEPTION 'a voucher balance changed since the plan was made' USING ERRCODE = 'BL001';
  END IF;

  -- The usage records in the plan's order: the discount, the vouchers, the cash balance.
  INSERT INTO usage_records (account_id, voucher_id, order_id, source, type, status, amount, balance_after, created_at)
    SELECT v_account, r.voucher_id, v_order, r.source, 'deduction', 'success', r.amount, r.balance_after, v_now
    FROM (
      SELECT 0 AS n, (v_discount->>'voucher_id')::bigint AS voucher_id, 'discount'::usage_source AS source,
        (v_discount->>'amount')::bigint AS amount, NULL::bigint AS balance_after
        WHERE v_discount IS NOT NULL AND jsonb_typeof(v_discount) = 'object'
      UNION ALL
      SELECT a.n, (a.e->>'voucher_id')::bigint, (a.e->>'source')::usage_source, (a.e->>'amount')::bigint,
        (a.e->>'balance')::bigint - (a.e->>'amount')::bigint
        FROM jsonb_array_elements(v_allocations) WITH ORDINALITY AS a(e, n)
      UNION ALL
      SELECT 2147483647, NULL, 'cash_balance', v_cash, v_cash_after WHERE v_cash > 0
    ) AS r
    ORDER BY r.n;
  IF v_cash > 0 THEN
    INSERT INTO cash_movements (account_id, type, amount, balance_after, order_id, created_at)
      VALUES (v_account, 'payment', v_cash, v_cash_after, v_order, v_now);
  END IF;
  INSERT INTO payments (account_id, order_id, status, amount, created_at) VALUES (v_account, v_order, 'succeeded', v_amount, v_now);
  INSERT INTO events (public_id, type, account_id, version, payload, created_at)
    VALUES (p->'event'->>'public_id', (p->'event'->>'type')::event_type, v_account, (p->'event'->>'version')::integer, p->'event'->'payload', v_now);
  RETURN v_order;
END
$$;
