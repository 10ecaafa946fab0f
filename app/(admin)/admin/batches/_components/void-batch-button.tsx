"use client";

import { ReasonDialog } from "@/components/admin/reason-dialog";
import { useMoney } from "@/components/ui/currency";
import { voidBatchAction } from "../actions";

/** Void batch: its vouchers and its unredeemed codes, with a required reason. */
export function VoidBatchButton({ batchPublicId, name, vouchers, unredeemed, voided }: { batchPublicId: string; name: string; vouchers: number; unredeemed: number; voided: boolean }) {
  const { format: formatMoney } = useMoney();
  return (
    <ReasonDialog
      hidden={voided}
      trigger="Void batch"
      title={`Void batch ${name}`}
      description={
        <>
          <p>
            Its {vouchers.toLocaleString("en-US")} redeemed vouchers become Voided (what is left on each becomes the voided amount), and its{" "}
            {unredeemed.toLocaleString("en-US")} unredeemed codes are revoked.
          </p>
          <p>This can&apos;t be undone.</p>
        </>
      }
      confirmLabel="Void batch"
      run={(reason) => voidBatchAction({ batchPublicId, reason })}
      done={(r) =>
        `Batch voided: ${r.vouchersVoided} vouchers (${formatMoney(r.voidedAmount)} voided) and ${r.codesRevoked} unredeemed codes revoked.`
      }
    />
  );
}
