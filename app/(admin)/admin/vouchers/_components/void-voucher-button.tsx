"use client";

import { useTranslations } from "next-intl";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { useMoney } from "@/components/ui/currency";
import { voidVoucherAction } from "../actions";

/** Void, behind a confirming dialog that asks for a Reason (SPEC 8 and 9). */
export function VoidVoucherButton({ voucherPublicId, balance, voided }: { voucherPublicId: string; balance: number | null; voided: boolean }) {
  const t = useTranslations("adminVouchers.void");
  const tReason = useTranslations("adminReason");
  const { format: formatMoney } = useMoney();
  return (
    <ReasonDialog
      hidden={voided}
      trigger={t("trigger")}
      title={t("title", { id: voucherPublicId })}
      description={
        <>
          <p>
            {balance === null ? t("discount") : t("balance", { amount: formatMoney(balance) })}
          </p>
          <p>{tReason("irreversible")}</p>
        </>
      }
      confirmLabel={t("confirm")}
      run={(reason) => voidVoucherAction({ voucherPublicId, reason })}
      done={(r) => (r.voidedAmount === null ? t("done", { id: r.publicId }) : t("doneAmount", { id: r.publicId, amount: formatMoney(r.voidedAmount) }))}
    />
  );
}
