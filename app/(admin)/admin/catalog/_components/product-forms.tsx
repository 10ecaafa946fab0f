"use client";

import { useTranslations } from "next-intl";
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
  const t = useTranslations("adminCatalog.product");
  const money = useMoney();
  return (
    <>
      <TextField label={t("name")} name="name" defaultValue={product?.name} maxLength={100} error={error("name")} />
      <TextField
        label={t("unitPrice")}
        name="unitPrice"
        inputMode="decimal"
        defaultValue={product ? money.decimal(product.unitPrice) : undefined}
        hint={t("unitPriceHint", { symbol: money.symbol })}
        error={error("unitPrice")}
      />
      <SelectField
        label={t("provider")}
        name="provider"
        defaultValue={product?.providerPublicId ?? ""}
        hint={t("providerHint")}
        error={error("provider")}
      >
        <option value="">{t("none")}</option>
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
  const t = useTranslations("adminCatalog.product");
  // Its request key: a double submit or a retry makes one product.
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => createProductAction({ ...values, requestKey }), {
    success: (data) => t("created", { id: data.publicId }),
    resetForm: true,
  });
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-product-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h2 id="new-product-heading" className="text-lg font-semibold">
        {t("newHeading")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <ProductFields error={action.error} providers={providers} />
      </div>
      <FormMessage error={action.message} success={action.success} />
      <Button type="submit" disabled={action.pending}>
        {t("create")}
      </Button>
    </form>
  );
}

/** Edit a product in a dialog; orders already placed keep their price. */
export function EditProductButton({ product, providers }: { product: Product; providers: ProviderOption[] }) {
  const t = useTranslations("adminCatalog.product");
  const action = useActionDialog();
  return (
    <FormDialog
      dialog={action}
      trigger={
        <Button type="button" variant="secondary" aria-label={t("editLabel", { name: product.name })}>
          {t("edit")}
        </Button>
      }
      title={t("editTitle", { name: product.name })}
      description={t("editDescription")}
      onSubmit={action.submit((values) => updateProductAction({ ...values, productPublicId: product.publicId }), { onSuccess: action.done })}
      submitLabel={t("save")}
    >
      <ProductFields error={action.error} product={product} providers={providers} />
      <FormMessage error={action.message} />
    </FormDialog>
  );
}

/** Retire: the product is no longer for sale. */
export function RetireProductButton({ product }: { product: Product }) {
  const t = useTranslations("adminCatalog.product");
  return (
    <ReasonDialog
      trigger={t("retire")}
      title={t("retireTitle", { name: product.name })}
      description={<p>{t("retireDescription")}</p>}
      confirmLabel={t("retireConfirm")}
      reason={false}
      variant="secondary"
      run={() => retireProductAction({ productPublicId: product.publicId })}
      done={() => t("retired")}
    />
  );
}
