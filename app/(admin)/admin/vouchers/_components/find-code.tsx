"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { Button } from "@/components/ui/button";
import { CodeField, FormMessage } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { CodeLookup } from "@/lib/dal/admin/batches";
import { findCodeAction, revokeCodeAction } from "../../batches/actions";

/**
 * Find by code: the typed code goes to a server action (POST), never into a
 * URL, so it can't end up in history, logs or a Referer. The server hashes it
 * to look it up and answers with the code's state and last 4 characters only.
 */
export function FindCode() {
  const t = useTranslations("adminVouchers.findCode");
  const tEnums = useTranslations("enums");
  const [code, setCode] = useState("");
  const [result, setResult] = useState<CodeLookup | null>(null);
  const action = useAction();

  function lookUp(typed: string) {
    action.run(() => findCodeAction({ code: typed }), { onSuccess: setResult, onFailure: () => setResult(null) });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    lookUp(code);
  }

  return (
    <section aria-labelledby="find-code-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id="find-code-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <CodeField
          label={t("code")}
          value={code}
          onValue={(typed) => {
            setCode(typed);
            setResult(null);
          }}
          className="w-full max-w-sm"
        />
        <Button type="submit" variant="secondary" disabled={action.pending}>
          {t("submit")}
        </Button>
      </form>
      <FormMessage error={action.error("code") ?? action.message} />
      {result ? (
        <div aria-label={t("resultLabel")} role="group" className="space-y-2 rounded-md bg-slate-50 p-3 text-sm">
          <p>
            {t.rich("summary", {
              state: t(`state.${result.state}`),
              last4: result.last4,
              batch: result.batch.name,
              kind: tEnums(`voucherKindTitle.${result.batch.kind}`),
              voided: result.batch.voidedAt ? "yes" : "no",
              deadline: result.deadlinePassed ? "yes" : "no",
              window: result.windowEnded ? "yes" : "no",
              strong: (chunks) => <span className="font-medium">{chunks}</span>,
              mono: (chunks) => <span className="font-mono">{chunks}</span>,
              link: (chunks) => (
                <Link href={`/admin/batches/${result.batch.publicId}`} className="underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
          {result.voucherPublicId ? (
            <p>
              {t.rich(result.accountPublicId ? "redeemedIntoOnAccount" : "redeemedInto", {
                voucher: result.voucherPublicId,
                account: result.accountPublicId ?? "",
                voucherLink: (chunks) => (
                  <Link href={`/admin/vouchers/${result.voucherPublicId}`} className="font-mono underline">
                    {chunks}
                  </Link>
                ),
                accountLink: (chunks) => (
                  <Link href={`/admin/accounts/${result.accountPublicId}`} className="font-mono underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          ) : null}
          {result.revokeReason ? <p>{t("revokedReason", { reason: result.revokeReason })}</p> : null}
          {result.state === "unredeemed" ? (
            <ReasonDialog
              trigger={t("revoke")}
              title={t("revokeTitle", { last4: result.last4 })}
              description={<p>{t("revokeDescription")}</p>}
              confirmLabel={t("revokeConfirm")}
              run={(reason) => revokeCodeAction({ code, reason })}
              done={() => {
                lookUp(code);
                return t("revoked");
              }}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
