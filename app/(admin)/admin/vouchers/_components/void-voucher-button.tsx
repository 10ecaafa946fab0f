"use client";

import { ReasonDialog } from "@/components/admin/reason-dialog";
import { useMoney } from "@/components/ui/currency";
import { voidVoucherAction } from "../actions";

/** Void, behind a confirming dialog that asks for a Reason (SPEC 8 and 9). */
export function VoidVoucherButton({ voucherPublicId, balance, voided }: { voucherPublicId: string; balance: number | null; voided: boolean }) {
  const { format: formatMoney } = useMoney();
  return (
    <ReasonDialog
      hidden={voided}
      trigger="Void"
      title={`Void voucher ${voucherPublicId}`}
      description={
        <>
          <p>
            {balance === null
              ? "The customer can no longer use this discount voucher."
              : `Its remaining balance, ${formatMoney(balance)}, becomes the voided amount; the customer sees the voucher as Voided at once.`}
          </p>
          <p>This can&apos;t be undone.</p>
        </>
      }
      confirmLabel="Void voucher"
      run={(reason) => voidVoucherAction({ voucherPublicId, reason })}
      done={(r) => `Voucher ${r.publicId} was voided${r.voidedAmount === null ? "" : `; ${formatMoney(r.voidedAmount)} voided`}.`}
    />
  );
}
