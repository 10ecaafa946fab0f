"use client";

import { useTranslations } from "next-intl";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { useMoney } from "@/components/ui/currency";
import { voidBatchAction } from "../actions";

/** Void batch: its vouchers and its unredeemed codes, with a required reason. */
export function VoidBatchButton({ batchPublicId, name, vouchers, unredeemed, voided }: { batchPublicId: string; name: string; vouchers: number; unredeemed: number; voided: boolean }) {
  const t = useTranslations("adminBatches.void");
  const tReason = useTranslations("adminReason");
  const { format: formatMoney } = useMoney();
  return (
    <ReasonDialog
      hidden={voided}
      trigger={t("trigger")}
      title={t("title", { name })}
      description={
        <>
          <p>{t("description", { vouchers, unredeemed })}</p>
          <p>{tReason("irreversible")}</p>
        </>
      }
      confirmLabel={t("confirm")}
      run={(reason) => voidBatchAction({ batchPublicId, reason })}
      done={(r) => t("done", { vouchers: r.vouchersVoided, amount: formatMoney(r.voidedAmount), codes: r.codesRevoked })}
    />
  );
}
