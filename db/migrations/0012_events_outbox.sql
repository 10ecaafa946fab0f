CREATE TYPE "public"."event_type" AS ENUM('voucher.redeemed', 'voucher.granted', 'voucher.voided', 'code.revoked', 'order.paid', 'order.payment_failed', 'order.refunded', 'account.charged', 'account.topped_up', 'account.arrears');--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"type" "event_type" NOT NULL,
	"account_id" bigint,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "events_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "events_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "events_public_id" CHECK ("events"."public_id" ~ '^evt_[0-9a-z]+$'),
	CONSTRAINT "events_version" CHECK ("events"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_feed_idx" ON "events" USING btree ("txid","id");--> statement-breakpoint
CREATE INDEX "events_account_feed_idx" ON "events" USING btree ("account_id","txid","id");