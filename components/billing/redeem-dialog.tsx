"use client";

import { Dialog } from "radix-ui";
import { useId, useState, useTransition, type FormEvent } from "react";
import { checkCodeAction, redeemCodeAction, type CodePreviewDto } from "@/app/(billing)/billing/actions";
import { useMoney } from "@/components/billing/currency";
import { Button } from "@/components/ui/button";
import { parseCode } from "@/lib/vouchers/code";
import { describeDiscount } from "@/lib/vouchers/discount";
import { KIND_LABELS, KIND_SINGULAR, kindTitle, type VoucherKind } from "@/lib/vouchers/kinds";
import { redeemFailureMessage } from "@/lib/failure-messages";

function Preview({ preview }: { preview: CodePreviewDto }) {
  const { format: formatMoney } = useMoney();
  const rows: Array<[string, string]> = [
    ["Kind", kindTitle(preview.kind)],
    ["Batch", preview.batchName],
  ];
  if (preview.faceValue !== null) rows.push(["Face value", formatMoney(preview.faceValue)]);
  if (preview.terms) rows.push(["Discount", describeDiscount(preview.terms, formatMoney, preview.scopeProductName ?? undefined)]);
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
  const [open, setOpen] = useState(defaultOpen);
  const [code, setCode] = useState("");
  const [preview, setPreview] = useState<CodePreviewDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const inputId = useId();

  function reset(nextOpen: boolean) {
    setOpen(nextOpen);
    if (nextOpen) {
      setCode("");
      setPreview(null);
      setError(null);
      setDone(null);
    }
  }

  /** The browser-side format check: most typos never reach the server. */
  function formatError(): string | null {
    const parsed = parseCode(code);
    return parsed.ok ? null : redeemFailureMessage({ code: "format", reason: parsed.reason });
  }

  function run(action: "check" | "redeem") {
    const local = formatError();
    if (local) {
      setPreview(null);
      setError(local);
      return;
    }
    startTransition(async () => {
      if (action === "check") {
        const result = await checkCodeAction({ code, kind });
        setPreview(result.ok ? result.data : null);
        setError(result.ok ? null : result.message);
        return;
      }
      const result = await redeemCodeAction({ code, kind });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setOpen(false);
      setDone(`Voucher ${result.data.publicId} was added to ${KIND_LABELS[result.data.kind]}.`);
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run("check");
  }

  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <p role="status" className="text-sm text-green-800">
        {done}
      </p>
      <Dialog.Root open={open} onOpenChange={reset}>
        <Dialog.Trigger asChild>
          <Button type="button">Redeem</Button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
          <Dialog.Content className="fixed left-1/2 top-1/2 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">Redeem a {KIND_SINGULAR[kind]}</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              {kind === "compute" ? "Computing power codes have 16 digits." : "Codes have 20 letters and digits."} Spaces and
              dashes don&apos;t matter.
            </Dialog.Description>
            <form onSubmit={onSubmit} className="mt-4" noValidate>
              <label htmlFor={inputId} className="block text-sm font-medium">
                Redemption code
              </label>
              <input
                id={inputId}
                name="code"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                  setPreview(null);
                }}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={64}
                aria-invalid={error ? true : undefined}
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono uppercase tracking-wider"
              />
              <div role="alert" className="mt-2 min-h-5 text-sm text-red-700">
                {error}
              </div>
              {preview ? <Preview preview={preview} /> : null}
              <div className="mt-4 flex flex-wrap justify-end gap-2">
                <Dialog.Close asChild>
                  <Button type="button" variant="secondary">
                    Cancel
                  </Button>
                </Dialog.Close>
                <Button type="submit" variant="secondary" disabled={pending}>
                  Check
                </Button>
                <Button type="button" disabled={pending} onClick={() => run("redeem")}>
                  Redeem
                </Button>
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}
