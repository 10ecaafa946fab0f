"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { KIND_LABELS, STATUS_LABELS, VOUCHER_STATUSES, type VoucherKind } from "@/lib/vouchers/kinds";
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
  const router = useRouter();
  const statusId = useId();
  const statusErrorId = `${statusId}-error`;
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
      aria-label={`Filter ${KIND_LABELS[kind]}`}
      className="grid grid-cols-1 items-start gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto]"
    >
      <input type="hidden" name="tab" value={kind} />
      <div>
        <label htmlFor={statusId} className="block text-sm font-medium text-slate-800">
          Status
        </label>
        <select
          id={statusId}
          name="status"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          aria-invalid={errors.status ? true : undefined}
          aria-describedby={errors.status ? statusErrorId : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm"
        >
          <option value="">All statuses</option>
          {VOUCHER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {errors.status ? (
          <p id={statusErrorId} className="mt-1 text-sm text-red-700">
            {errors.status}
          </p>
        ) : null}
      </div>
      <Field
        type="date"
        name="expiresFrom"
        label="Expires from"
        value={expiresFrom}
        onChange={(event) => setExpiresFrom(event.target.value)}
        error={errors.expiresFrom}
      />
      <Field
        type="date"
        name="expiresTo"
        label="Expires to"
        value={expiresTo}
        onChange={(event) => setExpiresTo(event.target.value)}
        error={errors.expiresTo}
      />
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1 lg:mt-6">
        <Button type="submit">
          Apply
        </Button>
        <Link
          href={voucherListHref(kind)}
          scroll={false}
          className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}
