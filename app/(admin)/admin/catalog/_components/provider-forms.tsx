"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { FormMessage, TextAreaField, TextField, firstError, formValues, type FieldErrors } from "@/components/admin/fields";
import type { ProviderOption } from "@/components/admin/terms-fields";
import { Button } from "@/components/ui/button";
import { createProviderAction, renameProviderAction } from "../actions";

export type { ProviderOption } from "@/components/admin/terms-fields";

/** Add a compute provider to the catalogue (name free ignoring case, a reason for the audit log). */
export function AddProviderForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // One key per filled-in form: a double click or a retry adds the provider once.
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = { ...formValues(form), requestKey };
    startTransition(async () => {
      const result = await createProviderAction(values);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setMessage(result.message);
        setSuccess(null);
        return;
      }
      setErrors(undefined);
      setMessage(null);
      setSuccess(`Provider ${result.data.name} (${result.data.publicId}) is in the catalogue.`);
      setRequestKey(crypto.randomUUID());
      form.reset();
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="new-provider-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="new-provider-heading" className="text-base font-semibold">
        New provider
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Provider name"
          name="name"
          maxLength={40}
          autoComplete="off"
          hint="Unique ignoring case; at most 40 characters, no comma"
          error={firstError(errors, "name")}
          onInput={() => setSuccess(null)}
        />
        <TextAreaField label="Reason" name="reason" maxLength={500} error={firstError(errors, "reason")} />
      </div>
      <FormMessage error={message} success={success} />
      <Button type="submit" disabled={pending}>
        Add provider
      </Button>
    </form>
  );
}

/** Rename a provider in a dialog: products, batches, vouchers and orders hold its id and follow. */
export function RenameProviderButton({ provider }: { provider: ProviderOption }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = { ...formValues(event.currentTarget), providerPublicId: provider.publicId };
    startTransition(async () => {
      const result = await renameProviderAction(values);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setMessage(result.message);
        return;
      }
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setErrors(undefined);
        setMessage(null);
      }}
    >
      <Dialog.Trigger asChild>
        <Button type="button" variant="secondary" aria-label={`Rename ${provider.name}`}>
          Rename
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Rename {provider.name}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">
            Products, batches, vouchers and orders of this provider show the new name at once; what its vouchers can pay for does not change.
          </Dialog.Description>
          <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
            <TextField label="New name" name="name" defaultValue={provider.name} maxLength={40} autoComplete="off" error={firstError(errors, "name")} />
            <TextAreaField label="Reason" name="reason" maxLength={500} required error={firstError(errors, "reason")} />
            <FormMessage error={message} />
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button type="button" variant="secondary">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" disabled={pending}>
                Save
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
