CREATE TYPE "public"."cash_movement_type" AS ENUM('top_up', 'charge', 'payment', 'refund', 'adjustment_credit', 'adjustment_debit');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('pending', 'paid', 'partially_refunded', 'refunded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."usage_source" AS ENUM('cash', 'discount', 'compute', 'cash_balance');--> statement-breakpoint
CREATE TYPE "public"."usage_status" AS ENUM('success', 'failure');--> statement-breakpoint
CREATE TYPE "public"."usage_type" AS ENUM('deduction', 'refund');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('customer', 'admin');--> statement-breakpoint
CREATE TYPE "public"."voucher_kind" AS ENUM('cash', 'discount', 'compute');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_user_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_rate_limits" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"last_request" bigint NOT NULL,
	CONSTRAINT "auth_rate_limits_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "billing_accounts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "billing_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"name" text NOT NULL,
	"cash_balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_accounts_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "billing_accounts_public_id" CHECK ("billing_accounts"."public_id" ~ '^acc_[0-9a-z]+$')
);
--> statement-breakpoint
CREATE TABLE "cash_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cash_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" bigint NOT NULL,
	"type" "cash_movement_type" NOT NULL,
	"amount" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"order_id" bigint,
	"refund_id" bigint,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cash_movements_amount_positive" CHECK ("cash_movements"."amount" > 0),
	CONSTRAINT "cash_movements_payment_has_order" CHECK ("cash_movements"."type" <> 'payment' OR "cash_movements"."order_id" IS NOT NULL),
	CONSTRAINT "cash_movements_refund_has_refund" CHECK ("cash_movements"."type" <> 'refund' OR "cash_movements"."refund_id" IS NOT NULL),
	CONSTRAINT "cash_movements_no_arrears_from_payment" CHECK ("cash_movements"."type" <> 'payment' OR "cash_movements"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"product_name" text NOT NULL,
	"provider" text,
	"unit_price" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "order_items_quantity_positive" CHECK ("order_items"."quantity" > 0),
	CONSTRAINT "order_items_unit_price_nonnegative" CHECK ("order_items"."unit_price" >= 0),
	CONSTRAINT "order_items_amount" CHECK ("order_items"."amount" = "order_items"."unit_price" * "order_items"."quantity")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"status" "order_status" DEFAULT 'pending' NOT NULL,
	"discount_amount" bigint DEFAULT 0 NOT NULL,
	"voucher_amount" bigint DEFAULT 0 NOT NULL,
	"cash_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "orders_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "orders_amount_nonnegative" CHECK ("orders"."amount" >= 0),
	CONSTRAINT "orders_parts_nonnegative" CHECK ("orders"."discount_amount" >= 0 AND "orders"."voucher_amount" >= 0 AND "orders"."cash_amount" >= 0 AND "orders"."refunded_amount" >= 0),
	CONSTRAINT "orders_parts_sum" CHECK ("orders"."status" IN ('pending', 'cancelled')
        OR "orders"."discount_amount" + "orders"."voucher_amount" + "orders"."cash_amount" = "orders"."amount"),
	CONSTRAINT "orders_discount_excludes_vouchers" CHECK ("orders"."discount_amount" = 0 OR "orders"."voucher_amount" = 0),
	CONSTRAINT "orders_refund_within_paid" CHECK ("orders"."refunded_amount" <= "orders"."voucher_amount" + "orders"."cash_amount"),
	CONSTRAINT "orders_refund_status" CHECK (CASE "orders"."status"
        WHEN 'refunded' THEN "orders"."refunded_amount" > 0 AND "orders"."refunded_amount" = "orders"."voucher_amount" + "orders"."cash_amount"
        WHEN 'partially_refunded' THEN "orders"."refunded_amount" > 0 AND "orders"."refunded_amount" < "orders"."voucher_amount" + "orders"."cash_amount"
        ELSE "orders"."refunded_amount" = 0 END),
	CONSTRAINT "orders_paid_at" CHECK (("orders"."status" IN ('pending', 'cancelled')) = ("orders"."paid_at" IS NULL)),
	CONSTRAINT "orders_public_id" CHECK ("orders"."public_id" ~ '^ord_[0-9a-z]+$')
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" bigint NOT NULL,
	"status" "payment_status" NOT NULL,
	"amount" bigint NOT NULL,
	"failure_reason" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_nonnegative" CHECK ("payments"."amount" >= 0),
	CONSTRAINT "payments_failure_reason" CHECK (("payments"."status" = 'failed') = ("payments"."failure_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"name" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"provider" text,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "products_public_id" CHECK ("products"."public_id" ~ '^prd_[0-9a-z]+$'),
	CONSTRAINT "products_unit_price_nonnegative" CHECK ("products"."unit_price" >= 0),
	CONSTRAINT "products_provider_not_blank" CHECK ("products"."provider" IS NULL OR length(trim("products"."provider")) > 0)
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_buckets_count" CHECK ("rate_limit_buckets"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "redemption_codes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "redemption_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"batch_id" bigint NOT NULL,
	"code_hash" text NOT NULL,
	"last4" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	"redeemed_by_account_id" bigint,
	"redeemed_at" timestamp with time zone,
	CONSTRAINT "redemption_codes_hash_format" CHECK ("redemption_codes"."code_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "redemption_codes_last4" CHECK (length("redemption_codes"."last4") = 4),
	CONSTRAINT "redemption_codes_redeemed_pair" CHECK (("redemption_codes"."redeemed_at" IS NULL) = ("redemption_codes"."redeemed_by_account_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"order_id" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"refund_key" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount" > 0),
	CONSTRAINT "refunds_public_id" CHECK ("refunds"."public_id" ~ '^rfd_[0-9a-z]+$')
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usage_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" bigint NOT NULL,
	"voucher_id" bigint,
	"order_id" bigint,
	"refund_id" bigint,
	"source" "usage_source" NOT NULL,
	"type" "usage_type" NOT NULL,
	"status" "usage_status" NOT NULL,
	"amount" bigint NOT NULL,
	"balance_after" bigint,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_records_amount_nonnegative" CHECK ("usage_records"."amount" >= 0),
	CONSTRAINT "usage_records_failure_reason" CHECK (("usage_records"."status" = 'failure') = ("usage_records"."failure_reason" IS NOT NULL)),
	CONSTRAINT "usage_records_failure_no_balance" CHECK ("usage_records"."status" = 'success' OR "usage_records"."balance_after" IS NULL),
	CONSTRAINT "usage_records_voucher_source" CHECK (("usage_records"."source" = 'cash_balance') = ("usage_records"."voucher_id" IS NULL)),
	CONSTRAINT "usage_records_refund_has_refund" CHECK ("usage_records"."type" <> 'refund' OR "usage_records"."refund_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" "user_role" DEFAULT 'customer' NOT NULL,
	"billing_account_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_customer_has_account" CHECK ("users"."role" = 'admin' OR "users"."billing_account_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voucher_batches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "voucher_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" "voucher_kind" NOT NULL,
	"face_value" bigint,
	"amount_off" bigint,
	"min_order_amount" bigint,
	"pay_basis_points" integer,
	"max_discount" bigint,
	"scope_product_id" bigint,
	"providers" text[],
	"effective_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"valid_days" integer,
	"redeem_by" timestamp with time zone,
	"quantity" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"voided_at" timestamp with time zone,
	"voided_by" text,
	"void_reason" text,
	CONSTRAINT "voucher_batches_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "voucher_batches_stored_value_terms" CHECK ("voucher_batches"."kind" = 'discount' OR (
        "voucher_batches"."face_value" IS NOT NULL AND "voucher_batches"."face_value" > 0
        AND "voucher_batches"."amount_off" IS NULL AND "voucher_batches"."min_order_amount" IS NULL
        AND "voucher_batches"."pay_basis_points" IS NULL AND "voucher_batches"."max_discount" IS NULL AND "voucher_batches"."scope_product_id" IS NULL)),
	CONSTRAINT "voucher_batches_discount_terms" CHECK ("voucher_batches"."kind" <> 'discount' OR (
        "voucher_batches"."face_value" IS NULL AND "voucher_batches"."providers" IS NULL
        AND (("voucher_batches"."amount_off" IS NOT NULL AND "voucher_batches"."amount_off" > 0 AND "voucher_batches"."pay_basis_points" IS NULL AND "voucher_batches"."max_discount" IS NULL)
          OR ("voucher_batches"."pay_basis_points" IS NOT NULL AND "voucher_batches"."pay_basis_points" BETWEEN 1 AND 9999
              AND "voucher_batches"."amount_off" IS NULL AND "voucher_batches"."min_order_amount" IS NULL))
        AND ("voucher_batches"."min_order_amount" IS NULL OR "voucher_batches"."min_order_amount" >= 0)
        AND ("voucher_batches"."max_discount" IS NULL OR "voucher_batches"."max_discount" > 0))),
	CONSTRAINT "voucher_batches_providers_only_compute" CHECK (("voucher_batches"."kind" = 'compute') = ("voucher_batches"."providers" IS NOT NULL AND cardinality("voucher_batches"."providers") > 0)),
	CONSTRAINT "voucher_batches_validity" CHECK (("voucher_batches"."valid_days" IS NULL AND "voucher_batches"."effective_at" IS NOT NULL AND "voucher_batches"."expires_at" IS NOT NULL AND "voucher_batches"."expires_at" > "voucher_batches"."effective_at")
        OR ("voucher_batches"."valid_days" IS NOT NULL AND "voucher_batches"."valid_days" > 0 AND "voucher_batches"."effective_at" IS NULL AND "voucher_batches"."expires_at" IS NULL)),
	CONSTRAINT "voucher_batches_quantity" CHECK ("voucher_batches"."quantity" >= 0),
	CONSTRAINT "voucher_batches_void_reason" CHECK (("voucher_batches"."voided_at" IS NULL) = ("voucher_batches"."void_reason" IS NULL)),
	CONSTRAINT "voucher_batches_voided_by" CHECK (("voucher_batches"."voided_at" IS NULL) = ("voucher_batches"."voided_by" IS NULL)),
	CONSTRAINT "voucher_batches_public_id" CHECK ("voucher_batches"."public_id" ~ '^bat_[0-9a-z]+$')
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vouchers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"batch_id" bigint,
	"code_id" bigint,
	"kind" "voucher_kind" NOT NULL,
	"face_value" bigint,
	"amount_off" bigint,
	"min_order_amount" bigint,
	"pay_basis_points" integer,
	"max_discount" bigint,
	"scope_product_id" bigint,
	"providers" text[],
	"balance" bigint,
	"effective_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"consumed_order_id" bigint,
	"voided_at" timestamp with time zone,
	"voided_by" text,
	"void_reason" text,
	"granted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vouchers_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "vouchers_code_id_unique" UNIQUE("code_id"),
	CONSTRAINT "vouchers_stored_value_terms" CHECK ("vouchers"."kind" = 'discount' OR (
        "vouchers"."face_value" IS NOT NULL AND "vouchers"."face_value" > 0
        AND "vouchers"."amount_off" IS NULL AND "vouchers"."min_order_amount" IS NULL
        AND "vouchers"."pay_basis_points" IS NULL AND "vouchers"."max_discount" IS NULL AND "vouchers"."scope_product_id" IS NULL)),
	CONSTRAINT "vouchers_discount_terms" CHECK ("vouchers"."kind" <> 'discount' OR (
        "vouchers"."face_value" IS NULL AND "vouchers"."providers" IS NULL
        AND (("vouchers"."amount_off" IS NOT NULL AND "vouchers"."amount_off" > 0 AND "vouchers"."pay_basis_points" IS NULL AND "vouchers"."max_discount" IS NULL)
          OR ("vouchers"."pay_basis_points" IS NOT NULL AND "vouchers"."pay_basis_points" BETWEEN 1 AND 9999
              AND "vouchers"."amount_off" IS NULL AND "vouchers"."min_order_amount" IS NULL))
        AND ("vouchers"."min_order_amount" IS NULL OR "vouchers"."min_order_amount" >= 0)
        AND ("vouchers"."max_discount" IS NULL OR "vouchers"."max_discount" > 0))),
	CONSTRAINT "vouchers_providers_only_compute" CHECK (("vouchers"."kind" = 'compute') = ("vouchers"."providers" IS NOT NULL AND cardinality("vouchers"."providers") > 0)),
	CONSTRAINT "vouchers_balance_within_face_value" CHECK (("vouchers"."kind" = 'discount' AND "vouchers"."balance" IS NULL)
        OR ("vouchers"."kind" <> 'discount' AND "vouchers"."balance" IS NOT NULL AND "vouchers"."balance" >= 0 AND "vouchers"."balance" <= "vouchers"."face_value")),
	CONSTRAINT "vouchers_validity" CHECK ("vouchers"."expires_at" > "vouchers"."effective_at"),
	CONSTRAINT "vouchers_consumed_only_discount" CHECK ("vouchers"."kind" = 'discount' OR ("vouchers"."consumed_at" IS NULL AND "vouchers"."consumed_order_id" IS NULL)),
	CONSTRAINT "vouchers_consumed_pair" CHECK (("vouchers"."consumed_at" IS NULL) = ("vouchers"."consumed_order_id" IS NULL)),
	CONSTRAINT "vouchers_void_reason" CHECK (("vouchers"."voided_at" IS NULL) = ("vouchers"."void_reason" IS NULL)),
	CONSTRAINT "vouchers_voided_by" CHECK (("vouchers"."voided_at" IS NULL) = ("vouchers"."voided_by" IS NULL)),
	CONSTRAINT "vouchers_public_id" CHECK ("vouchers"."public_id" ~ '^vch_[0-9a-z]+$')
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_accounts" ADD CONSTRAINT "auth_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_codes" ADD CONSTRAINT "redemption_codes_batch_id_voucher_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."voucher_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_codes" ADD CONSTRAINT "redemption_codes_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_codes" ADD CONSTRAINT "redemption_codes_redeemed_by_account_id_billing_accounts_id_fk" FOREIGN KEY ("redeemed_by_account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_voucher_id_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_billing_account_id_billing_accounts_id_fk" FOREIGN KEY ("billing_account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_scope_product_id_products_id_fk" FOREIGN KEY ("scope_product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_batch_id_voucher_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."voucher_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_code_id_redemption_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."redemption_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_scope_product_id_products_id_fk" FOREIGN KEY ("scope_product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_consumed_order_id_orders_id_fk" FOREIGN KEY ("consumed_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "auth_accounts_user_idx" ON "auth_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "cash_movements_account_created_idx" ON "cash_movements" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "order_items_order_idx" ON "order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_account_created_idx" ON "orders" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_order" ON "payments" USING btree ("order_id") WHERE "payments"."status" = 'succeeded';--> statement-breakpoint
CREATE UNIQUE INDEX "redemption_codes_code_hash_key" ON "redemption_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "redemption_codes_batch_idx" ON "redemption_codes" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_order_key" ON "refunds" USING btree ("order_id","refund_key");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "usage_records_account_created_idx" ON "usage_records" USING btree ("account_id","created_at","id");--> statement-breakpoint
CREATE INDEX "usage_records_voucher_created_idx" ON "usage_records" USING btree ("voucher_id","created_at","id");--> statement-breakpoint
CREATE INDEX "users_billing_account_idx" ON "users" USING btree ("billing_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_one_discount_per_order" ON "vouchers" USING btree ("consumed_order_id");--> statement-breakpoint
CREATE INDEX "vouchers_account_kind_expiry_idx" ON "vouchers" USING btree ("account_id","kind","expires_at");--> statement-breakpoint
CREATE INDEX "vouchers_batch_idx" ON "vouchers" USING btree ("batch_id");