ALTER TABLE "order_items" DROP COLUMN "provider";--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "provider";--> statement-breakpoint
ALTER TABLE "voucher_batches" DROP COLUMN "providers";--> statement-breakpoint
ALTER TABLE "vouchers" DROP COLUMN "providers";