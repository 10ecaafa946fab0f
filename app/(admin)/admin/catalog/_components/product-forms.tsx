"use client";

import { ReasonDialog } from "@/components/admin/reason-dialog";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { useAction } from "@/components/ui/use-action";
import { createProductAction, retireProductAction, updateProductAction } from "../actions";
import type { ProviderOption } from "./provider-forms";

interface Product {
  publicId: string;
  name: string;
  unitPrice: number;
  providerPublicId: string | null;
}

function ProductFields({ error, product, providers }: { error: (name: string) => string | undefined; product?: Product; providers: ProviderOption[] }) {
  const money = useMoney();
  return (
    <>
      <TextField label="Product name" name="name" defaultValue={product?.name} maxLength={100} error={error("name")} />
      <TextField
        label="Unit price"
        name="unitPrice"
        inputMode="decimal"
        defaultValue={product ? money.decimal(product.unitPrice) : undefined}
        hint={`In ${money.symbol}`}
        error={error("unitPrice")}
      />
      <SelectField
        label="Compute provider"
        name="provider"
        defaultValue={product?.providerPublicId ?? ""}
        hint="Its computing power vouchers can pay for it"
        error={error("provider")}
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
  // Its request key: a double submit or a retry makes one product.
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => createProductAction({ ...values, requestKey }), {
    success: (data) => `Product ${data.publicId} is for sale.`,
    resetForm: true,
  });
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-product-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h2 id="new-product-heading" className="text-lg font-semibold">
        New product
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <ProductFields error={action.error} providers={providers} />
      </div>
      <FormMessage error={action.message} success={action.success} />
      <Button type="submit" disabled={action.pending}>
        Create product
      </Button>
    </form>
  );
}

/** Edit a product in a dialog; orders already placed keep their price. */
export function EditProductButton({ product, providers }: { product: Product; providers: ProviderOption[] }) {
  const action = useActionDialog();
  return (
    <FormDialog
      dialog={action}
      trigger={
        <Button type="button" variant="secondary" aria-label={`Edit ${product.name}`}>
          Edit
        </Button>
      }
      title={`Edit ${product.name}`}
      description="Orders already placed keep the name and price they were placed at."
      onSubmit={action.submit((values) => updateProductAction({ ...values, productPublicId: product.publicId }), { onSuccess: action.done })}
      submitLabel="Save"
    >
      <ProductFields error={action.error} product={product} providers={providers} />
      <FormMessage error={action.message} />
    </FormDialog>
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
