"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { Button } from "@/components/ui/button";
import { CodeField, FormMessage } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { CodeLookup } from "@/lib/dal/admin/batches";
import { kindTitle } from "@/lib/vouchers/kinds";
import { findCodeAction, revokeCodeAction } from "../../batches/actions";

const STATE_LABELS: Record<CodeLookup["state"], string> = { unredeemed: "Unredeemed", redeemed: "Redeemed", revoked: "Revoked" };

/**
 * Find by code: the typed code goes to a server action (POST), never into a
 * URL, so it can't end up in history, logs or a Referer. The server hashes it
 * to look it up and answers with the code's state and last 4 characters only.
 */
export function FindCode() {
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
        Find by code
      </h2>
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <CodeField
          label="Code"
          value={code}
          onValue={(typed) => {
            setCode(typed);
            setResult(null);
          }}
          className="w-full max-w-sm"
        />
        <Button type="submit" variant="secondary" disabled={action.pending}>
          Look up code
        </Button>
      </form>
      <FormMessage error={action.error("code") ?? action.message} />
      {result ? (
        <div aria-label="Code found" role="group" className="space-y-2 rounded-md bg-slate-50 p-3 text-sm">
          <p>
            <span className="font-medium">{STATE_LABELS[result.state]}</span> code ending in <span className="font-mono">{result.last4}</span> of batch{" "}
            <Link href={`/admin/batches/${result.batch.publicId}`} className="underline">
              {result.batch.name}
            </Link>{" "}
            ({kindTitle(result.batch.kind)}){result.batch.voidedAt ? ", a voided batch" : ""}
            {result.deadlinePassed ? ", past its redemption deadline" : ""}
            {result.windowEnded ? ", its batch's validity period has ended" : ""}.
          </p>
          {result.voucherPublicId ? (
            <p>
              Redeemed into voucher{" "}
              <Link href={`/admin/vouchers/${result.voucherPublicId}`} className="font-mono underline">
                {result.voucherPublicId}
              </Link>
              {result.accountPublicId ? (
                <>
                  {" "}
                  on account{" "}
                  <Link href={`/admin/accounts/${result.accountPublicId}`} className="font-mono underline">
                    {result.accountPublicId}
                  </Link>
                </>
              ) : null}
              .
            </p>
          ) : null}
          {result.revokeReason ? <p>Revoked: {result.revokeReason}</p> : null}
          {result.state === "unredeemed" ? (
            <ReasonDialog
              trigger="Revoke code"
              title={`Revoke the code ending in ${result.last4}`}
              description={<p>No one will be able to redeem it. This can&apos;t be undone.</p>}
              confirmLabel="Revoke code"
              run={(reason) => revokeCodeAction({ code, reason })}
              done={() => {
                lookUp(code);
                return "The code was revoked.";
              }}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
