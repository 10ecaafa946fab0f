DROP INDEX "vouchers_account_kind_expiry_idx";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "request_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_account_request_key" ON "orders" USING btree ("account_id","request_key");--> statement-breakpoint
CREATE INDEX "vouchers_account_kind_list_idx" ON "vouchers" USING btree ("account_id","kind","expires_at",coalesce("balance", 0),"created_at","id");