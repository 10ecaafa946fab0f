ALTER TABLE "audit_log" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "billing_accounts" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "cash_movements" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "usage_records" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "voucher_batches" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "vouchers" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
-- >>> hand-written (orders.expires_at)
-- Existing orders: payable for 30 minutes after they were placed (the default);
-- one already paid later than that keeps a window that holds its payment
-- (greatest() skips the NULL paid_at of unpaid orders).
ALTER TABLE "orders" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
UPDATE "orders" SET "expires_at" = greatest("created_at" + interval '30 minutes', "paid_at" + interval '1 millisecond');--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
-- <<< hand-written (orders.expires_at)
ALTER TABLE "orders" ADD CONSTRAINT "orders_expires_after_created" CHECK ("orders"."expires_at" > "orders"."created_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_paid_before_expiry" CHECK ("orders"."paid_at" IS NULL OR "orders"."paid_at" < "orders"."expires_at");