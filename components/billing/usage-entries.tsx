import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import { USAGE_KIND_LABELS, USAGE_STATUS_LABELS, USAGE_TYPE_LABELS, type UsageKind, type UsageStatus, type UsageType } from "@/lib/usage/filter";
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
 * The columns every list of usage records shares (Time, then what the record refers
 * to, then Type, Amount, Balance after, Status), so an order's allocation and a
 * voucher's history read the same way.
 */
export function usageEntryColumns<Row extends UsageEntry>(reference: Array<Column<Row>>): Array<Column<Row>> {
  return [
    { header: "Time", className: "whitespace-nowrap", cell: (u) => <DateTime at={u.createdAt} /> },
    ...reference,
    { header: "Type", cell: (u) => USAGE_TYPE_LABELS[u.type] },
    { header: "Amount", cell: (u) => <Money minor={u.amount} /> },
    { header: "Balance after", cell: (u) => (u.balanceAfter === null ? "—" : <Money minor={u.balanceAfter} />) },
    { header: "Status", cell: (u) => (u.status === "success" ? USAGE_STATUS_LABELS.success : `${USAGE_STATUS_LABELS.failure}: ${u.failureReason ?? ""}`) },
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
  const columns = usageEntryColumns<AllocationEntry>([
    { header: "Paid by", cell: (u) => USAGE_KIND_LABELS[u.source] },
    {
      header: "Voucher ID",
      className: "font-mono text-xs",
      cell: ({ voucherPublicId: id }) => (id === null ? "—" : voucherHref ? <CellLink href={voucherHref(id)}>{id}</CellLink> : id),
    },
  ]);
  return (
    <section aria-labelledby="allocation-heading" className="space-y-2">
      <h2 id="allocation-heading" className="text-lg font-semibold">
        Allocation and history
      </h2>
      <DataTable label="Allocation" columns={columns} rows={usage} empty={empty} />
    </section>
  );
}
