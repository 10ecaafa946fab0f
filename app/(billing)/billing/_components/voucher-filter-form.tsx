"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { FilterActions, Options, SelectField, TextField } from "@/components/ui/field";
import { VOUCHER_STATUSES, type VoucherStatus, type VoucherKind } from "@/lib/vouchers/kinds";
import type { VoucherListState } from "@/lib/vouchers/list-filter";
import { voucherListHref } from "@/lib/vouchers/list-href";

/**
 * Status and expiry-date filter of one tab. A plain GET form to /billing, so it
 * works before JavaScript loads; once it has, Apply navigates on the client
 * (history entry, no scroll jump). Applying starts again from the first page.
 */
export function VoucherFilterForm({
  kind,
  values,
  errors,
}: {
  kind: VoucherKind;
  values: VoucherListState["values"];
  errors: VoucherListState["errors"];
}) {
  const t = useTranslations("billing.filters");
  const tEnums = useTranslations("enums");
  const router = useRouter();
  // A used discount voucher was consumed (已使用); a used stored-value one ran out (已用完).
  const statusLabels = Object.fromEntries(
    VOUCHER_STATUSES.map((s) => [s, kind === "discount" && s === "used" ? tEnums("discountUsed") : tEnums(`voucherStatus.${s}`)]),
  ) as Record<VoucherStatus, string>;
  const knownStatus = VOUCHER_STATUSES.find((s) => s === values.status) ?? "";

  // Controlled fields that follow the URL: Back, Forward and Clear change it
  // without remounting the form, and not remounting keeps keyboard focus on
  // Apply or Clear after they navigate.
  const urlKey = JSON.stringify([knownStatus, values.expiresFrom, values.expiresTo]);
  const [shownKey, setShownKey] = useState(urlKey);
  const [status, setStatus] = useState(knownStatus);
  const [expiresFrom, setExpiresFrom] = useState(values.expiresFrom);
  const [expiresTo, setExpiresTo] = useState(values.expiresTo);
  if (shownKey !== urlKey) {
    setShownKey(urlKey);
    setStatus(knownStatus);
    setExpiresFrom(values.expiresFrom);
    setExpiresTo(values.expiresTo);
  }

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    router.push(voucherListHref(kind, { status, expiresFrom, expiresTo }), { scroll: false });
  }

  return (
    <form
      method="get"
      action="/billing"
      onSubmit={apply}
      aria-label={t("label", { kind: tEnums(`voucherKinds.${kind}`) })}
      className="grid grid-cols-1 items-start gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto]"
    >
      <input type="hidden" name="tab" value={kind} />
      <SelectField label={t("status")} name="status" value={status} onChange={(event) => setStatus(event.target.value)} error={errors.status}>
        <Options any={t("allStatuses")} values={VOUCHER_STATUSES} labels={statusLabels} />
      </SelectField>
      <TextField type="date" name="expiresFrom" label={t("expiresFrom")} value={expiresFrom} onChange={(event) => setExpiresFrom(event.target.value)} error={errors.expiresFrom} />
      <TextField type="date" name="expiresTo" label={t("expiresTo")} value={expiresTo} onChange={(event) => setExpiresTo(event.target.value)} error={errors.expiresTo} />
      <FilterActions clearHref={voucherListHref(kind)} className="sm:col-span-2 lg:col-span-1 lg:mt-6" />
    </form>
  );
}
