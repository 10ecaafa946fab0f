CREATE TABLE "providers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "providers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "providers_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "providers_public_id" CHECK ("providers"."public_id" ~ '^prv_[0-9a-z]+$'),
	CONSTRAINT "providers_name_normal" CHECK ("providers"."name" ~ '^\S+( \S+)*$' AND char_length("providers"."name") <= 40)
);
--> statement-breakpoint
ALTER TABLE "products" DROP CONSTRAINT "products_provider_not_blank";--> statement-breakpoint
ALTER TABLE "voucher_batches" DROP CONSTRAINT "voucher_batches_discount_terms";--> statement-breakpoint
ALTER TABLE "voucher_batches" DROP CONSTRAINT "voucher_batches_providers_only_compute";--> statement-breakpoint
ALTER TABLE "vouchers" DROP CONSTRAINT "vouchers_discount_terms";--> statement-breakpoint
ALTER TABLE "vouchers" DROP CONSTRAINT "vouchers_providers_only_compute";--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "provider_id" bigint;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "provider_id" bigint;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD COLUMN "provider_ids" bigint[];--> statement-breakpoint
ALTER TABLE "vouchers" ADD COLUMN "provider_ids" bigint[];--> statement-breakpoint
CREATE UNIQUE INDEX "providers_name_lower_key" ON "providers" USING btree (lower("name"));--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- >>> data migration (providers)
-- Hand-written, between the generated ADD COLUMN / FOREIGN KEY statements and the
-- CHECKs on the new columns; 0007 then drops the old text columns. It reads the old
-- text columns and fills the new id columns.
--
-- 1. Every spelling in use, with its whitespace normal form (lib/providers/name.ts:
--    trimmed, runs of whitespace made one space) and how often products and all rows use it.
CREATE TEMPORARY TABLE provider_spellings (
  raw text PRIMARY KEY,
  name text NOT NULL,
  product_uses bigint NOT NULL,
  uses bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO provider_spellings (raw, name, product_uses, uses)
SELECT raw, regexp_replace(regexp_replace(raw, '\s+', ' ', 'g'), '^ | $', '', 'g'), sum(product_use), count(*)
FROM (
  SELECT provider AS raw, 1 AS product_use FROM products WHERE provider IS NOT NULL
  UNION ALL SELECT provider, 0 FROM order_items WHERE provider IS NOT NULL
  UNION ALL SELECT p, 0 FROM voucher_batches, unnest(providers) AS p
  UNION ALL SELECT p, 0 FROM vouchers, unnest(providers) AS p
) AS used
WHERE raw IS NOT NULL
GROUP BY raw;
--> statement-breakpoint
-- 2. One provider per name ignoring case (what providers_name_lower_key enforces). Of the
--    spellings of one provider, the one products use most wins, then the one most rows
--    use, then the first in byte order. Public ids: 80 random bits as 20 hex digits
--    (gen_random_uuid draws from the server's strong random source; hex is a subset of
--    the lower-case Crockford alphabet of lib/ids.ts).
-- Stamped with the migration's own time: the moment they entered the catalogue.
INSERT INTO providers (public_id, name, created_at)
SELECT 'prv_' || left(replace(gen_random_uuid()::text, '-', ''), 12) || right(replace(gen_random_uuid()::text, '-', ''), 8), name, now()
FROM (
  SELECT DISTINCT ON (lower(name)) name
  FROM (SELECT name, sum(product_uses) AS product_uses, sum(uses) AS uses FROM provider_spellings WHERE name <> '' GROUP BY name) AS spelled
  ORDER BY lower(name), product_uses DESC, uses DESC, name COLLATE "C"
) AS chosen
ORDER BY name COLLATE "C";
--> statement-breakpoint
-- 3. Every row points at its provider by id. Batches and vouchers keep each provider
--    once (two spellings of one provider become one id), ids ascending as the app writes them.
UPDATE products AS t SET provider_id = v.id
FROM provider_spellings AS s JOIN providers AS v ON lower(v.name) = lower(s.name)
WHERE s.raw = t.provider;
--> statement-breakpoint
UPDATE order_items AS t SET provider_id = v.id
FROM provider_spellings AS s JOIN providers AS v ON lower(v.name) = lower(s.name)
WHERE s.raw = t.provider;
--> statement-breakpoint
UPDATE voucher_batches AS t SET provider_ids = ARRAY(
  SELECT DISTINCT v.id FROM unnest(t.providers) AS u(raw)
  JOIN provider_spellings AS s ON s.raw = u.raw
  JOIN providers AS v ON lower(v.name) = lower(s.name)
  ORDER BY v.id)
WHERE t.providers IS NOT NULL;
--> statement-breakpoint
UPDATE vouchers AS t SET provider_ids = ARRAY(
  SELECT DISTINCT v.id FROM unnest(t.providers) AS u(raw)
  JOIN provider_spellings AS s ON s.raw = u.raw
  JOIN providers AS v ON lower(v.name) = lower(s.name)
  ORDER BY v.id)
WHERE t.providers IS NOT NULL;
--> statement-breakpoint
-- 4. Nothing may be left behind: a name that maps to no provider stops the migration.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM products WHERE provider IS NOT NULL AND provider_id IS NULL)
    OR EXISTS (SELECT 1 FROM order_items WHERE provider IS NOT NULL AND provider_id IS NULL)
    OR EXISTS (SELECT 1 FROM voucher_batches WHERE providers IS NOT NULL
      AND (provider_ids IS NULL OR cardinality(provider_ids) = 0 OR EXISTS (
        SELECT 1 FROM unnest(providers) AS u(raw) LEFT JOIN provider_spellings AS s ON s.raw = u.raw WHERE s.name IS NULL OR s.name = '')))
    OR EXISTS (SELECT 1 FROM vouchers WHERE providers IS NOT NULL
      AND (provider_ids IS NULL OR cardinality(provider_ids) = 0 OR EXISTS (
        SELECT 1 FROM unnest(providers) AS u(raw) LEFT JOIN provider_spellings AS s ON s.raw = u.raw WHERE s.name IS NULL OR s.name = '')))
  THEN
    RAISE EXCEPTION 'providers migration: a provider name could not be mapped to a provider';
  END IF;
END;
$$;
--> statement-breakpoint
DROP TABLE provider_spellings;
--> statement-breakpoint
-- 5. The guards. An array can't carry a foreign key: a trigger refuses a batch or voucher
--    naming an id that is not a provider, with the SQLSTATE of a foreign-key violation.
--    Providers are never deleted (renamed at most), so an id that was checked stays valid.
CREATE FUNCTION provider_ids_exist() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN
  -- A NULL element is the CHECK *_provider_ids_no_null's to refuse.
  SELECT u.id INTO missing FROM unnest(NEW.provider_ids) AS u(id)
  WHERE u.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM providers AS p WHERE p.id = u.id)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '%.provider_ids: provider % does not exist', TG_TABLE_NAME, missing
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_provider_ids_exist', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER voucher_batches_provider_ids_exist
  BEFORE INSERT OR UPDATE OF provider_ids ON voucher_batches
  FOR EACH ROW WHEN (NEW.provider_ids IS NOT NULL) EXECUTE FUNCTION provider_ids_exist();
--> statement-breakpoint
CREATE TRIGGER vouchers_provider_ids_exist
  BEFORE INSERT OR UPDATE OF provider_ids ON vouchers
  FOR EACH ROW WHEN (NEW.provider_ids IS NOT NULL) EXECUTE FUNCTION provider_ids_exist();
--> statement-breakpoint
CREATE FUNCTION providers_refuse_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'providers are never deleted (rename one instead): % refused', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER providers_no_delete
  BEFORE DELETE ON providers
  FOR EACH ROW EXECUTE FUNCTION providers_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER providers_no_truncate
  BEFORE TRUNCATE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION providers_refuse_delete();
--> statement-breakpoint
-- <<< data migration (providers)
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_provider_ids_no_null" CHECK (array_position("voucher_batches"."provider_ids", NULL) IS NULL);--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_discount_terms" CHECK ("voucher_batches"."kind" <> 'discount' OR (
        "voucher_batches"."face_value" IS NULL AND "voucher_batches"."provider_ids" IS NULL
        AND (("voucher_batches"."amount_off" IS NOT NULL AND "voucher_batches"."amount_off" > 0 AND "voucher_batches"."pay_basis_points" IS NULL AND "voucher_batches"."max_discount" IS NULL)
          OR ("voucher_batches"."pay_basis_points" IS NOT NULL AND "voucher_batches"."pay_basis_points" BETWEEN 1 AND 9999
              AND "voucher_batches"."amount_off" IS NULL AND "voucher_batches"."min_order_amount" IS NULL))
        AND ("voucher_batches"."min_order_amount" IS NULL OR "voucher_batches"."min_order_amount" >= 0)
        AND ("voucher_batches"."max_discount" IS NULL OR "voucher_batches"."max_discount" > 0)));--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_providers_only_compute" CHECK (("voucher_batches"."kind" = 'compute') = ("voucher_batches"."provider_ids" IS NOT NULL AND cardinality("voucher_batches"."provider_ids") > 0));--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_provider_ids_no_null" CHECK (array_position("vouchers"."provider_ids", NULL) IS NULL);--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_discount_terms" CHECK ("vouchers"."kind" <> 'discount' OR (
        "vouchers"."face_value" IS NULL AND "vouchers"."provider_ids" IS NULL
        AND (("vouchers"."amount_off" IS NOT NULL AND "vouchers"."amount_off" > 0 AND "vouchers"."pay_basis_points" IS NULL AND "vouchers"."max_discount" IS NULL)
          OR ("vouchers"."pay_basis_points" IS NOT NULL AND "vouchers"."pay_basis_points" BETWEEN 1 AND 9999
              AND "vouchers"."amount_off" IS NULL AND "vouchers"."min_order_amount" IS NULL))
        AND ("vouchers"."min_order_amount" IS NULL OR "vouchers"."min_order_amount" >= 0)
        AND ("vouchers"."max_discount" IS NULL OR "vouchers"."max_discount" > 0)));--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_providers_only_compute" CHECK (("vouchers"."kind" = 'compute') = ("vouchers"."provider_ids" IS NOT NULL AND cardinality("vouchers"."provider_ids") > 0));