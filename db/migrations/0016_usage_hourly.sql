CREATE TABLE "usage_hourly" (
	"account_id" bigint NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"source" "usage_source" NOT NULL,
	"provider_id" bigint NOT NULL,
	"type" "usage_type" NOT NULL,
	"amount" bigint NOT NULL,
	"records" integer NOT NULL,
	CONSTRAINT "usage_hourly_account_id_hour_source_provider_id_type_pk" PRIMARY KEY("account_id","hour","source","provider_id","type")
);
--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written below (issue 18, docs/performance.md "The hourly usage rollup"): the
-- triggers that keep usage_hourly equal to the sums of the successful usage records,
-- and the backfill. Writers are held off while the migration runs (it is one
-- transaction), so no record is counted twice or missed.
LOCK TABLE "usage_records" IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
-- The provider a computing power record paid, as the charts always attributed it: the
-- lowest provider among its order's items that its voucher is valid for; 0 when none
-- is, and for every other source.
CREATE FUNCTION usage_provider(p_source usage_source, p_order bigint, p_voucher bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce(CASE WHEN p_source = 'compute' THEN (
    SELECT min(oi.provider_id) FROM order_items oi JOIN vouchers v ON v.id = p_voucher
    WHERE oi.order_id = p_order AND oi.provider_id = ANY(v.provider_ids)
  ) END, 0)
$$;
--> statement-breakpoint
-- One statement-level trigger per operation (a trigger with transition tables has one
-- event), one function: removed rows subtract, added rows add. Rows are upserted in
-- key order, so two writers of one account's hour never deadlock on them.
CREATE FUNCTION usage_hourly_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO usage_hourly AS h (account_id, hour, source, provider_id, type, amount, records)
    SELECT account_id, date_trunc('hour', created_at, 'UTC'), source, usage_provider(source, order_id, voucher_id), type, -sum(amount), -count(*)
    FROM usage_old WHERE status = 'success'
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (account_id, hour, source, provider_id, type)
      DO UPDATE SET amount = h.amount + excluded.amount, records = h.records + excluded.records;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO usage_hourly AS h (account_id, hour, source, provider_id, type, amount, records)
    SELECT account_id, date_trunc('hour', created_at, 'UTC'), source, usage_provider(source, order_id, voucher_id), type, sum(amount), count(*)
    FROM usage_new WHERE status = 'success'
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (account_id, hour, source, provider_id, type)
      DO UPDATE SET amount = h.amount + excluded.amount, records = h.records + excluded.records;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER usage_hourly_insert AFTER INSERT ON usage_records
  REFERENCING NEW TABLE AS usage_new FOR EACH STATEMENT EXECUTE FUNCTION usage_hourly_apply();
--> statement-breakpoint
CREATE TRIGGER usage_hourly_update AFTER UPDATE ON usage_records
  REFERENCING OLD TABLE AS usage_old NEW TABLE AS usage_new FOR EACH STATEMENT EXECUTE FUNCTION usage_hourly_apply();
--> statement-breakpoint
CREATE TRIGGER usage_hourly_delete AFTER DELETE ON usage_records
  REFERENCING OLD TABLE AS usage_old FOR EACH STATEMENT EXECUTE FUNCTION usage_hourly_apply();
--> statement-breakpoint
INSERT INTO usage_hourly (account_id, hour, source, provider_id, type, amount, records)
SELECT account_id, date_trunc('hour', created_at, 'UTC'), source, usage_provider(source, order_id, voucher_id), type, sum(amount), count(*)
FROM usage_records WHERE status = 'success'
GROUP BY 1, 2, 3, 4, 5;
