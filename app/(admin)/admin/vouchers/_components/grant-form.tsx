"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { FormMessage, TextAreaField, TextField, firstError, formValues, type FieldErrors } from "@/components/admin/fields";
import { TermsFields, type ProductOption, type ProviderOption } from "@/components/admin/terms-fields";
import { Button } from "@/components/ui/button";
import { grantVoucherAction } from "../actions";

/** Grant a voucher straight to a customer's account: no code, no batch (SPEC 8). */
export function GrantForm({ products, providers, email }: { products: ProductOption[]; providers: ProviderOption[]; email: string }) {
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [granted, setGranted] = useState<{ publicId: string; accountPublicId: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // One key per filled-in form: a double click or a retry has one effect.
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = { ...formValues(event.currentTarget), requestKey };
    startTransition(async () => {
      const result = await grantVoucherAction(values);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setMessage(result.message);
        setGranted(null);
        return;
      }
      setErrors(undefined);
      setMessage(null);
      setRequestKey(crypto.randomUUID());
      setGranted(result.data);
    });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Grant a voucher" className="space-y-4 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <TextField label="Account email" name="accountEmail" type="email" defaultValue={email} autoComplete="off" error={firstError(errors, "accountEmail")} className="max-w-md" />
      <TermsFields errors={errors} products={products} providers={providers} daysLabel="Days from now" />
      <TextAreaField label="Reason" name="reason" maxLength={500} hint="Recorded in the audit log" error={firstError(errors, "reason")} className="max-w-xl" />
      <FormMessage error={message} />
      <p role="status" className="text-sm text-green-800">
        {granted ? (
          <>
            Granted voucher{" "}
            <Link href={`/admin/vouchers/${granted.publicId}`} className="font-mono underline">
              {granted.publicId}
            </Link>
            .
          </>
        ) : null}
      </p>
      <Button type="submit" disabled={pending}>
        Grant
      </Button>
    </form>
  );
}
