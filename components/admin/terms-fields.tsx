"use client";

import Link from "next/link";
import { useState } from "react";
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
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (publicId: string, on: boolean) =>
    setChosen((current) => (on ? [...current.filter((c) => c !== publicId), publicId] : current.filter((c) => c !== publicId)));
  return (
    <FieldGroup legend="Providers" hint="Its vouchers pay only for products of the providers chosen." error={error} className="sm:col-span-2">
      <input type="hidden" name="providers" value={chosen.join(",")} />
      {providers.length === 0 ? (
        <p className="mt-1 text-sm">
          The catalogue has no compute provider yet.{" "}
          <Link href="/admin/catalog" className="underline">
            Add one on the Catalog page
          </Link>
          .
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

const KIND_OPTION_LABELS: Record<VoucherKind, string> = {
  cash: "Cash voucher",
  discount: "Discount voucher",
  compute: "Computing power voucher",
};

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
  const [kind, setKind] = useState<VoucherKind>("cash");
  const [discountType, setDiscountType] = useState<"amount_off" | "percent_off">("amount_off");
  const [validity, setValidity] = useState<"days" | "fixed">("days");
  const { format: formatMoney, symbol } = useMoney();

  return (
    <div className="space-y-4">
      <SelectField label="Kind" name="kind" value={kind} onChange={(ev) => setKind(ev.target.value as VoucherKind)} error={e("kind")} className="max-w-xs">
        {VOUCHER_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_OPTION_LABELS[k]}
          </option>
        ))}
      </SelectField>

      {kind === "discount" ? (
        <div className="space-y-3 rounded-md border border-slate-200 p-3">
          <RadioGroup
            legend="Discount type"
            name="discountType"
            value={discountType}
            onChange={setDiscountType}
            error={e("discountType")}
            options={[
              { value: "amount_off", label: "Fixed amount" },
              { value: "percent_off", label: "Percentage" },
            ]}
          />
          {discountType === "amount_off" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label="Amount off" name="amountOff" inputMode="decimal" hint={`In ${symbol}, e.g. 50`} error={e("amountOff")} />
              <TextField label="Minimum order" name="minOrderAmount" inputMode="decimal" hint={`In ${symbol}; empty for none`} error={e("minOrderAmount")} />
            </div>
          ) : (
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label="Percent off" name="percentOff" inputMode="decimal" hint="e.g. 20 for 20% off" error={e("percentOff")} />
              <TextField label="Maximum discount" name="maxDiscount" inputMode="decimal" hint={`In ${symbol}; empty for no cap`} error={e("maxDiscount")} />
            </div>
          )}
          <SelectField label="Product scope" name="scopeProduct" defaultValue="" error={e("scopeProduct")}>
            <option value="">Any product</option>
            {products.map((p) => (
              <option key={p.publicId} value={p.publicId}>
                {p.name} · {formatMoney(p.unitPrice)}
              </option>
            ))}
          </SelectField>
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Face value" name="faceValue" inputMode="decimal" hint={`In ${symbol}, e.g. 100`} error={e("faceValue")} />
          {kind === "compute" ? <ProvidersField providers={providers} error={e("providers")} /> : null}
        </div>
      )}

      <div className="space-y-3 rounded-md border border-slate-200 p-3">
        <RadioGroup
          legend="Validity"
          name="validity"
          value={validity}
          onChange={setValidity}
          error={e("validity")}
          options={[
            { value: "days", label: daysLabel },
            { value: "fixed", label: "Fixed window" },
          ]}
        />
        {validity === "days" ? (
          <TextField label="Valid days" name="validDays" inputMode="numeric" defaultValue="30" error={e("validDays")} className="max-w-xs" />
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField label="Valid from" name="validFrom" type="date" hint="From the start of this day (platform time zone)" error={e("validFrom")} />
            <TextField label="Valid until" name="validUntil" type="date" hint="To the end of this day" error={e("validUntil")} />
          </div>
        )}
      </div>
    </div>
  );
}
