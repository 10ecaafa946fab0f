"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { TermsFields, type ProductOption, type ProviderOption } from "@/components/admin/terms-fields";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { grantVoucherAction } from "../actions";
import { ReasonField } from "@/components/admin/reason-field";

/** Grant a voucher straight to a customer's account: no code, no batch (SPEC 8). */
export function GrantForm({ products, providers, email }: { products: ProductOption[]; providers: ProviderOption[]; email: string }) {
  const t = useTranslations("adminVouchers.grant");
  // Its request key: a double click or a retry has one effect.
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => grantVoucherAction({ ...values, requestKey }), {
    success: (granted) =>
      t.rich("granted", {
        id: granted.publicId,
        link: (chunks) => (
          <Link href={`/admin/vouchers/${granted.publicId}`} className="font-mono underline">
            {chunks}
          </Link>
        ),
      }),
  });

  return (
    <form onSubmit={onSubmit} aria-label={t("formLabel")} className="space-y-4 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <TextField label={t("email")} name="accountEmail" type="email" defaultValue={email} autoComplete="off" error={action.error("accountEmail")} className="max-w-md" />
      <TermsFields error={action.error} products={products} providers={providers} daysLabel={t("daysLabel")} />
      <ReasonField hint={t("reasonHint")} error={action.error("reason")} className="max-w-xl" />
      <FormMessage error={action.message} success={action.success} />
      <Button type="submit" disabled={action.pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
