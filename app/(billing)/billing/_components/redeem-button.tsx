"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { VoucherKind } from "@/lib/vouchers/kinds";

type DialogModule = typeof import("@/app/(billing)/billing/_components/redeem-dialog");

// The dialog (Radix Dialog, the code check, the actions) is about a tenth of the
// page's JavaScript and most visits never open it: it loads when the pointer or
// focus reaches the button, so the click rarely waits (docs/performance.md, P4).
let dialogModule: Promise<DialogModule> | null = null;
const loadDialog = () => (dialogModule ??= import("@/app/(billing)/billing/_components/redeem-dialog"));

/** The Redeem button of a tab (SPEC 5); the first click swaps in the real dialog, open. */
export function RedeemButton({ kind }: { kind: VoucherKind }) {
  const t = useTranslations("redeem");
  const [dialog, setDialog] = useState<DialogModule["RedeemDialog"] | null>(null);
  const [loading, setLoading] = useState(false);
  if (dialog) {
    const RedeemDialog = dialog;
    return <RedeemDialog kind={kind} defaultOpen />;
  }
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <Button
        type="button"
        aria-busy={loading || undefined}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        onClick={async () => {
          setLoading(true);
          const { RedeemDialog } = await loadDialog();
          setDialog(() => RedeemDialog);
        }}
      >
        {t("button")}
      </Button>
    </div>
  );
}
