"use client";

import { useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { checkCodeAction, redeemCodeAction, type CodePreviewDto } from "../actions";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { CodeField, FormMessage } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { parseCode } from "@/lib/vouchers/code";
import { describeDiscount } from "@/lib/vouchers/discount";
import { KIND_LABELS, KIND_SINGULAR, kindTitle, type VoucherKind } from "@/lib/vouchers/kinds";
import { redeemFailureMessage } from "@/lib/failure-messages";

function Preview({ preview }: { preview: CodePreviewDto }) {
  const { format: formatMoney } = useMoney();
  const tDiscount = useTranslations("discount");
  const rows: Array<[string, string]> = [
    ["Kind", kindTitle(preview.kind)],
    ["Batch", preview.batchName],
  ];
  if (preview.faceValue !== null) rows.push(["Face value", formatMoney(preview.faceValue)]);
  if (preview.terms) rows.push(["Discount", describeDiscount(preview.terms, formatMoney, tDiscount, preview.scopeProductName ?? undefined)]);
  if (preview.providers) rows.push(["Providers", preview.providers.join(", ")]);
  rows.push([
    "Validity",
    preview.validDays !== null
      ? `${preview.validDays} days from redemption: ${preview.effectiveAt} to ${preview.expiresAt} if redeemed now`
      : `${preview.effectiveAt} to ${preview.expiresAt}`,
  ]);
  rows.push(["Code", `…${preview.codeLast4}`]);
  return (
    <dl aria-label="Voucher details" className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The Redeem button and dialog of one tab (SPEC 5): Check shows what a code
 * gives, Redeem adds it. The format is checked here first (and again on the
 * server); the server action revalidates /billing, so the list, the summary and
 * the overview update without a reload. Loaded on first use by RedeemButton,
 * which then mounts it open (`defaultOpen`).
 */
export function RedeemDialog({ kind, defaultOpen = false }: { kind: VoucherKind; defaultOpen?: boolean }) {
  const [code, setCode] = useState("");
  const [preview, setPreview] = useState<CodePreviewDto | null>(null);
  const tFailures = useTranslations("failures");
  const action = useActionDialog({
    defaultOpen,
    onOpen: () => {
      setCode("");
      setPreview(null);
      action.clearSuccess();
    },
  });

  function run(step: "check" | "redeem") {
    // The browser-side format check: most typos never reach the server.
    const parsed = parseCode(code);
    if (!parsed.ok) {
      setPreview(null);
      action.refuse(redeemFailureMessage({ code: "format", reason: parsed.reason }, tFailures));
      return;
    }
    if (step === "check") {
      action.run(() => checkCodeAction({ code, kind }), { onSuccess: setPreview, onFailure: () => setPreview(null) });
      return;
    }
    action.run(() => redeemCodeAction({ code, kind }), {
      success: (data) => `Voucher ${data.publicId} was added to ${KIND_LABELS[data.kind]}.`,
      // The action revalidated /billing: the page updates without a refresh.
      onSuccess: action.close,
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run("check");
  }

  return (
    <FormDialog
      dialog={action}
      trigger={<Button type="button">Redeem</Button>}
      title={`Redeem a ${KIND_SINGULAR[kind]}`}
      description={
        <>
          {kind === "compute" ? "Computing power codes have 16 digits." : "Codes have 20 letters and digits."} Spaces and dashes don&apos;t matter.
        </>
      }
      onSubmit={onSubmit}
      submitLabel="Check"
      submitVariant="secondary"
      actions={
        <Button type="button" disabled={action.pending} onClick={() => run("redeem")}>
          Redeem
        </Button>
      }
      status={action.success}
      align="end"
    >
      <CodeField
        label="Redemption code"
        value={code}
        onValue={(typed) => {
          setCode(typed);
          setPreview(null);
        }}
        aria-invalid={action.message ? true : undefined}
      />
      <FormMessage error={action.message} />
      {preview ? <Preview preview={preview} /> : null}
    </FormDialog>
  );
}
