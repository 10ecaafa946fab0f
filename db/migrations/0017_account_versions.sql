CREATE TABLE "account_versions" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_versions" ADD CONSTRAINT "account_versions_account_id_billing_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."billing_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written below (issue 18, docs/performance.md "The insights cache"): a
-- transaction that wrote an account's vouchers or usage records gives the account a
-- new version when it commits, once per account. The triggers are deferred, so the
-- version row is locked last, after every account and voucher lock the writer took,
-- and a rolled-back transaction changes nothing. Versions come from one sequence:
-- an account never sees the same number twice.
CREATE SEQUENCE "account_version_seq";
--> statement-breakpoint
CREATE FUNCTION account_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  raised text := coalesce(nullif(current_setting('billing.versions_raised', true), ''), ',');
  account bigint;
BEGIN
  FOREACH account IN ARRAY ARRAY[
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.account_id END,
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.account_id END
  ] LOOP
    CONTINUE WHEN account IS NULL OR position(',' || account || ',' IN raised) > 0;
    INSERT INTO account_versions AS v (account_id, version) VALUES (account, nextval('account_version_seq'))
      ON CONFLICT (account_id) DO UPDATE SET version = excluded.version;
    raised := raised || account || ',';
    PERFORM set_config('billing.versions_raised', raised, true);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER account_version_vouchers AFTER INSERT OR UPDATE OR DELETE ON vouchers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION account_version_raise();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER account_version_usage AFTER INSERT OR UPDATE OR DELETE ON usage_records
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION account_version_raise();
