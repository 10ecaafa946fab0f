ALTER TYPE "public"."event_type" ADD VALUE 'voucher.expiring';--> statement-breakpoint
ALTER TYPE "public"."event_type" ADD VALUE 'voucher.expired';--> statement-breakpoint
CREATE INDEX "vouchers_expiry_scan_idx" ON "vouchers" USING btree ("expires_at") WHERE "vouchers"."voided_at" IS NULL;