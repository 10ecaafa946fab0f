import { useTranslations } from "next-intl";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import type { UsageKind, UsageStatus, UsageType } from "@/lib/usage/filter";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";

/** A usage record as an order or a voucher lists it. */
export interface UsageEntry {
  createdAt: Date;
  type: UsageType;
  status: UsageStatus;
  amount: number;
  balanceAfter: number | null;
  failureReason: string | null;
}

/**
 * A header of the shared columns, in the reader's language. A component rather
 * than a string, so callers may build their columns once, outside a request.
 */
function EntryHeader({ name }: { name: "time" | "type" | "amount" | "balanceAfter" | "status" }) {
  const t = useTranslations("usage.entries");
  return t(name);
}

function EntryType({ type }: { type: UsageType }) {
  const t = useTranslations("enums");
  return t(`usageType.${type}`);
}

function EntryStatus({ status, reason }: { status: UsageStatus; reason: string | null }) {
  const t = useTranslations("usage.entries");
  const te = useTranslations("enums");
  return status === "success" ? te("usageStatus.success") : t("failed", { reason: reason ?? "" });
}

function EntryKind({ kind }: { kind: UsageKind }) {
  const t = useTranslations("enums");
  return t(`usageKind.${kind}`);
}

function AllocationHeader({ name }: { name: "paidBy" | "voucherId" }) {
  const t = useTranslations("orders.allocation");
  return t(name);
}

/**
 * The columns every list of usage records shares (Time, then what the record refers
 * to, then Type, Amount, Balance after, Status), so an order's allocation and a
 * voucher's history read the same way.
 */
export function usageEntryColumns<Row extends UsageEntry>(reference: Array<Column<Row>>): Array<Column<Row>> {
  return [
    { header: <EntryHeader name="time" />, className: "whitespace-nowrap", cell: (u) => <DateTime at={u.createdAt} /> },
    ...reference,
    { header: <EntryHeader name="type" />, cell: (u) => <EntryType type={u.type} /> },
    { header: <EntryHeader name="amount" />, cell: (u) => <Money minor={u.amount} /> },
    { header: <EntryHeader name="balanceAfter" />, cell: (u) => (u.balanceAfter === null ? "—" : <Money minor={u.balanceAfter} />) },
    { header: <EntryHeader name="status" />, cell: (u) => <EntryStatus status={u.status} reason={u.failureReason} /> },
  ];
}

export interface AllocationEntry extends UsageEntry {
  source: UsageKind;
  voucherPublicId: string | null;
}

/**
 * How one order was paid, refunded or failed, on the customer's and the admin's
 * order page alike; the admin's Voucher IDs link to the voucher.
 */
export function OrderAllocation({ usage, empty, voucherHref }: { usage: AllocationEntry[]; empty: string; voucherHref?: (publicId: string) => string }) {
  const t = useTranslations("orders.allocation");
  const columns = usageEntryColumns<AllocationEntry>([
    { header: <AllocationHeader name="paidBy" />, cell: (u) => <EntryKind kind={u.source} /> },
    {
      header: <AllocationHeader name="voucherId" />,
      className: "font-mono text-xs",
      cell: ({ voucherPublicId: id }) => (id === null ? "—" : voucherHref ? <CellLink href={voucherHref(id)}>{id}</CellLink> : id),
    },
  ]);
  return (
    <section aria-labelledby="allocation-heading" className="space-y-2">
      <h2 id="allocation-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <DataTable label={t("label")} columns={columns} rows={usage} empty={empty} />
    </section>
  );
}
