ALTER TABLE "audit_log" ALTER COLUMN "actor_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_api_key_id" bigint;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD COLUMN "created_by_api_key_id" bigint;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "created_by_api_key_id" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_api_key_id_api_keys_id_fk" FOREIGN KEY ("actor_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_created_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("created_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_created_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("created_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_one_actor" CHECK (num_nonnulls("audit_log"."actor_user_id", "audit_log"."actor_api_key_id") = 1);--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_one_creator" CHECK (num_nonnulls("cash_movements"."created_by", "cash_movements"."created_by_api_key_id") <= 1);--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_one_creator" CHECK (num_nonnulls("refunds"."created_by", "refunds"."created_by_api_key_id") <= 1);