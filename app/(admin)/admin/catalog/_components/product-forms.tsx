"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { FormMessage, SelectField, TextField, firstError, formValues, type FieldErrors } from "@/components/admin/fields";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { useMoney } from "@/components/billing/currency";
import { Button } from "@/components/ui/button";
import { createProductAction, retireProductAction, updateProductAction } from "../actions";
import type { ProviderOption } from "./provider-forms";

interface Product {
  publicId: string;
  name: string;
  unitPrice: number;
  providerPublicId: string | null;
}

function ProductFields({ errors, product, providers }: { errors?: FieldErrors; product?: Product; providers: ProviderOption[] }) {
  const money = useMoney();
  return (
    <>
      <TextField label="Product name" name="name" defaultValue={product?.name} maxLength={100} error={firstError(errors, "name")} />
      <TextField
        label="Unit price"
        name="unitPrice"
        inputMode="decimal"
        defaultValue={product ? money.decimal(product.unitPrice) : undefined}
        hint={`In ${money.symbol}`}
        error={firstError(errors, "unitPrice")}
      />
      <SelectField
        label="Compute provider"
        name="provider"
        defaultValue={product?.providerPublicId ?? ""}
        hint="Its computing power vouchers can pay for it"
        error={firstError(errors, "provider")}
      >
        <option value="">None</option>
        {providers.map((p) => (
          <option key={p.publicId} value={p.publicId}>
            {p.name}
          </option>
        ))}
      </SelectField>
    </>
  );
}

/** Add a product to the catalog. */
export function CreateProductForm({ providers }: { providers: ProviderOption[] }) {
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // One key per filled-in form: a double submit or a retry makes one product.
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = { ...formValues(form), requestKey };
    startTransition(async () => {
      const result = await createProductAction(values);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setMessage(result.message);
        setSuccess(null);
        return;
      }
      setErrors(undefined);
      setMessage(null);
      setSuccess(`Product ${result.data.publicId} is for sale.`);
      setRequestKey(crypto.randomUUID());
      form.reset();
    });
  }
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-product-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h2 id="new-product-heading" className="text-lg font-semibold">
        New product
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <ProductFields errors={errors} providers={providers} />
      </div>
      <FormMessage error={message} success={success} />
      <Button type="submit" disabled={pending}>
        Create product
      </Button>
    </form>
  );
}

/** Edit a product in a dialog; orders already placed keep their price. */
export function EditProductButton({ product, providers }: { product: Product; providers: ProviderOption[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = { ...formValues(event.currentTarget), productPublicId: product.publicId };
    startTransition(async () => {
      const result = await updateProductAction(values);
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
        <Button type="button" variant="secondary" aria-label={`Edit ${product.name}`}>
          Edit
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Edit {product.name}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">Orders already placed keep the name and price they were placed at.</Dialog.Description>
          <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
            <ProductFields errors={errors} product={product} providers={providers} />
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

/** Retire: the product is no longer for sale. */
export function RetireProductButton({ product }: { product: Product }) {
  return (
    <ReasonDialog
      trigger="Retire"
      title={`Retire ${product.name}`}
      description={<p>It will no longer be for sale. Past orders keep it; vouchers scoped to it stay as they are.</p>}
      confirmLabel="Retire product"
      reason={false}
      variant="secondary"
      run={() => retireProductAction({ productPublicId: product.publicId })}
      done={() => "Retired."}
    />
  );
}
