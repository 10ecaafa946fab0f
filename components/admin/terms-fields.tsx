"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { useMoney } from "@/components/ui/currency";
import { VOUCHER_KINDS, type VoucherKind } from "@/lib/vouchers/kinds";
import { FieldGroup, RadioGroup, SelectField, TextField } from "@/components/ui/field";

export interface ProductOption {
  publicId: string;
  name: string;
  unitPrice: number;
}

/** A provider of the catalogue, as the forms list it. */
export interface ProviderOption {
  publicId: string;
  name: string;
}

/**
 * Providers as a group of checkboxes named by a legend (accessible name
 * "Providers"). The choice travels as one comma-separated field of public ids,
 * which the action's schema reads like the rest of the form.
 */
function ProvidersField({ providers, error }: { providers: ProviderOption[]; error?: string }) {
  const t = useTranslations("adminTerms");
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (publicId: string, on: boolean) =>
    setChosen((current) => (on ? [...current.filter((c) => c !== publicId), publicId] : current.filter((c) => c !== publicId)));
  return (
    <FieldGroup legend={t("providers")} hint={t("providersHint")} error={error} className="sm:col-span-2">
      <input type="hidden" name="providers" value={chosen.join(",")} />
      {providers.length === 0 ? (
        <p className="mt-1 text-sm">
          {t.rich("noProviders", {
            link: (chunks) => (
              <Link href="/admin/catalog" className="underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-2">
          {providers.map((p) => (
            <label key={p.publicId} className="flex min-h-6 items-center gap-2 text-sm">
              <input type="checkbox" checked={chosen.includes(p.publicId)} onChange={(ev) => toggle(p.publicId, ev.target.checked)} />
              {p.name}
            </label>
          ))}
        </div>
      )}
    </FieldGroup>
  );
}

/**
 * The terms and validity of a batch or a grant (SPEC 3 and 5): the fields shown
 * follow the kind, the discount type and the validity chosen; hidden fields are
 * not rendered, so they are not submitted. Names match lib/admin/schemas.ts.
 */
export function TermsFields({
  error: e,
  products,
  providers,
  daysLabel,
}: {
  /** The first error of a field, by name (the form's useAction().error). */
  error: (name: string) => string | undefined;
  products: ProductOption[];
  providers: ProviderOption[];
  /** "Days from redemption" for batches, "Days from now" for grants. */
  daysLabel: string;
}) {
  const t = useTranslations("adminTerms");
  const tEnums = useTranslations("enums");
  const [kind, setKind] = useState<VoucherKind>("cash");
  const [discountType, setDiscountType] = useState<"amount_off" | "percent_off">("amount_off");
  const [validity, setValidity] = useState<"days" | "fixed">("days");
  const { format: formatMoney, symbol } = useMoney();

  return (
    <div className="space-y-4">
      <SelectField label={t("kind")} name="kind" value={kind} onChange={(ev) => setKind(ev.target.value as VoucherKind)} error={e("kind")} className="max-w-xs">
        {VOUCHER_KINDS.map((k) => (
          <option key={k} value={k}>
            {tEnums(`voucherKindTitle.${k}`)}
          </option>
        ))}
      </SelectField>

      {kind === "discount" ? (
        <div className="space-y-3 rounded-md border border-slate-200 p-3">
          <RadioGroup
            legend={t("discountType")}
            name="discountType"
            value={discountType}
            onChange={setDiscountType}
            error={e("discountType")}
            options={[
              { value: "amount_off", label: t("fixedAmount") },
              { value: "percent_off", label: t("percentage") },
            ]}
          />
          {discountType === "amount_off" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label={t("amountOff")} name="amountOff" inputMode="decimal" hint={t("amountOffHint", { symbol })} error={e("amountOff")} />
              <TextField label={t("minOrder")} name="minOrderAmount" inputMode="decimal" hint={t("minOrderHint", { symbol })} error={e("minOrderAmount")} />
            </div>
          ) : (
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label={t("percentOff")} name="percentOff" inputMode="decimal" hint={t("percentOffHint")} error={e("percentOff")} />
              <TextField label={t("maxDiscount")} name="maxDiscount" inputMode="decimal" hint={t("maxDiscountHint", { symbol })} error={e("maxDiscount")} />
            </div>
          )}
          <SelectField label={t("productScope")} name="scopeProduct" defaultValue="" error={e("scopeProduct")}>
            <option value="">{t("anyProduct")}</option>
            {products.map((p) => (
              <option key={p.publicId} value={p.publicId}>
                {t("productOption", { name: p.name, price: formatMoney(p.unitPrice) })}
              </option>
            ))}
          </SelectField>
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label={t("faceValue")} name="faceValue" inputMode="decimal" hint={t("faceValueHint", { symbol })} error={e("faceValue")} />
          {kind === "compute" ? <ProvidersField providers={providers} error={e("providers")} /> : null}
        </div>
      )}

      <div className="space-y-3 rounded-md border border-slate-200 p-3">
        <RadioGroup
          legend={t("validity")}
          name="validity"
          value={validity}
          onChange={setValidity}
          error={e("validity")}
          options={[
            { value: "days", label: daysLabel },
            { value: "fixed", label: t("fixedWindow") },
          ]}
        />
        {validity === "days" ? (
          <TextField label={t("validDays")} name="validDays" inputMode="numeric" defaultValue="30" error={e("validDays")} className="max-w-xs" />
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField label={t("validFrom")} name="validFrom" type="date" hint={t("validFromHint")} error={e("validFrom")} />
            <TextField label={t("validUntil")} name="validUntil" type="date" hint={t("validUntilHint")} error={e("validUntil")} />
          </div>
        )}
      </div>
    </div>
  );
}
