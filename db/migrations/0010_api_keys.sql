CREATE TYPE "public"."api_scope" AS ENUM('read', 'pay', 'charge', 'refund');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"name" text NOT NULL,
	"scopes" "api_scope"[] NOT NULL,
	"secret_hash" text NOT NULL,
	"last4" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "api_keys_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "api_keys_secret_hash_unique" UNIQUE("secret_hash"),
	CONSTRAINT "api_keys_public_id" CHECK ("api_keys"."public_id" ~ '^key_[0-9a-z]+$'),
	CONSTRAINT "api_keys_name" CHECK (char_length("api_keys"."name") BETWEEN 1 AND 80),
	CONSTRAINT "api_keys_scopes" CHECK (cardinality("api_keys"."scopes") >= 1),
	CONSTRAINT "api_keys_last4" CHECK (char_length("api_keys"."last4") = 4),
	CONSTRAINT "api_keys_revoked" CHECK (("api_keys"."revoked_at" IS NULL) = ("api_keys"."revoked_by" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_external_ref_unique" UNIQUE("external_ref");--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_external_ref" CHECK ("billing_accounts"."external_ref" ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$');