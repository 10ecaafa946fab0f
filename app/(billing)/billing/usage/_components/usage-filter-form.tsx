"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { FilterActions, Options, SelectField, TextField } from "@/components/ui/field";
import { USAGE_KINDS, USAGE_STATUSES, usageHistoryHref, type UsageFilterField, type UsageFormValues } from "@/lib/usage/filter";

/**
 * The usage history filter (SPEC 7 and 9). A plain GET form to /billing/usage,
 * so it works before JavaScript loads; once it has, Apply pushes a clean URL on
 * the client (a history entry, so Back returns to the previous filter).
 * Applying always starts from the first page: a cursor belongs to its filter.
 */
export function UsageFilterForm({ values, errors }: { values: UsageFormValues; errors: Partial<Record<UsageFilterField, string>> }) {
  const router = useRouter();
  const t = useTranslations("usage.filter");
  const te = useTranslations("enums");
  const statusLabels = Object.fromEntries(USAGE_STATUSES.map((s) => [s, te(`usageStatus.${s}`)])) as Record<(typeof USAGE_STATUSES)[number], string>;
  const kindLabels = Object.fromEntries(USAGE_KINDS.map((k) => [k, te(`usageKind.${k}`)])) as Record<(typeof USAGE_KINDS)[number], string>;
  // Controlled fields that follow the URL: Back, Forward and Clear change it
  // without remounting the form, which keeps keyboard focus where it was.
  const urlKey = JSON.stringify(values);
  const [shownKey, setShownKey] = useState(urlKey);
  const [fields, setFields] = useState<UsageFormValues>(values);
  if (shownKey !== urlKey) {
    setShownKey(urlKey);
    setFields(values);
  }
  const set = (field: UsageFilterField) => (value: string) => setFields((current) => ({ ...current, [field]: value }));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    router.push(usageHistoryHref(fields), { scroll: false });
  }

  return (
    <form
      method="get"
      action="/billing/usage"
      onSubmit={apply}
      aria-label={t("label")}
      className="grid grid-cols-1 items-start gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,1fr))]"
    >
      <TextField
        name="voucher"
        label={t("voucher")}
        value={fields.voucher}
        onChange={(event) => set("voucher")(event.target.value)}
        error={errors.voucher}
        placeholder="vch_…"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={64}
        className="sm:col-span-2 lg:col-span-1"
      />
      <TextField type="date" name="from" label={t("from")} value={fields.from} onChange={(event) => set("from")(event.target.value)} error={errors.from} />
      <TextField type="date" name="to" label={t("to")} value={fields.to} onChange={(event) => set("to")(event.target.value)} error={errors.to} />
      <SelectField label={t("status")} name="status" value={fields.status} onChange={(event) => set("status")(event.target.value)} error={errors.status}>
        <Options any={t("anyStatus")} values={USAGE_STATUSES} labels={statusLabels} />
      </SelectField>
      <SelectField label={t("kind")} name="kind" value={fields.kind} onChange={(event) => set("kind")(event.target.value)} error={errors.kind}>
        <Options any={t("anyKind")} values={USAGE_KINDS} labels={kindLabels} />
      </SelectField>
      <FilterActions clearHref={usageHistoryHref()} className="sm:col-span-2 lg:col-span-5" />
    </form>
  );
}
