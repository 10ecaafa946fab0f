"use client";

import { useState } from "react";
import { useMoney } from "@/components/billing/currency";
import { VOUCHER_KINDS, type VoucherKind } from "@/lib/vouchers/kinds";
import { RadioGroup, SelectField, TextField, firstError, type FieldErrors } from "./fields";

export interface ProductOption {
  publicId: string;
  name: string;
  unitPrice: number;
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
  errors,
  products,
  providers,
  daysLabel,
}: {
  errors?: FieldErrors;
  products: ProductOption[];
  providers: string[];
  /** "Days from redemption" for batches, "Days from now" for grants. */
  daysLabel: string;
}) {
  const [kind, setKind] = useState<VoucherKind>("cash");
  const [discountType, setDiscountType] = useState<"amount_off" | "percent_off">("amount_off");
  const [validity, setValidity] = useState<"days" | "fixed">("days");
  const e = (name: string) => firstError(errors, name);
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
          {kind === "compute" ? (
            <TextField
              label="Providers"
              name="providers"
              autoComplete="off"
              hint={`Comma-separated${providers.length ? `; the catalog has ${providers.join(", ")}` : ""}`}
              error={e("providers")}
            />
          ) : null}
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
