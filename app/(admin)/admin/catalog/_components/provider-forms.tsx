"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ProviderOption } from "@/components/admin/terms-fields";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { useAction } from "@/components/ui/use-action";
import { createProviderAction, renameProviderAction } from "../actions";
import { ReasonField } from "@/components/admin/reason-field";

export type { ProviderOption } from "@/components/admin/terms-fields";

/** Add a compute provider to the catalogue (name free ignoring case, a reason for the audit log). */
export function AddProviderForm() {
  const t = useTranslations("adminCatalog.provider");
  const router = useRouter();
  // Its request key: a double click or a retry adds the provider once.
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => createProviderAction({ ...values, requestKey }), {
    success: (data) => t("added", { name: data.name, id: data.publicId }),
    resetForm: true,
    onSuccess: () => router.refresh(),
  });

  return (
    <form onSubmit={onSubmit} aria-labelledby="new-provider-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="new-provider-heading" className="text-base font-semibold">
        {t("newHeading")}
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t("name")}
          name="name"
          maxLength={40}
          autoComplete="off"
          hint={t("nameHint")}
          error={action.error("name")}
          onInput={action.clearSuccess}
        />
        <ReasonField error={action.error("reason")} />
      </div>
      <FormMessage error={action.message} success={action.success} />
      <Button type="submit" disabled={action.pending}>
        {t("add")}
      </Button>
    </form>
  );
}

/** Rename a provider in a dialog: products, batches, vouchers and orders hold its id and follow. */
export function RenameProviderButton({ provider }: { provider: ProviderOption }) {
  const t = useTranslations("adminCatalog.provider");
  const action = useActionDialog();
  return (
    <FormDialog
      dialog={action}
      trigger={
        <Button type="button" variant="secondary" aria-label={t("renameLabel", { name: provider.name })}>
          {t("rename")}
        </Button>
      }
      title={t("renameTitle", { name: provider.name })}
      description={t("renameDescription")}
      onSubmit={action.submit((values) => renameProviderAction({ ...values, providerPublicId: provider.publicId }), { onSuccess: action.done })}
      submitLabel={t("save")}
    >
      <TextField label={t("newName")} name="name" defaultValue={provider.name} maxLength={40} autoComplete="off" error={action.error("name")} />
      <ReasonField required error={action.error("reason")} />
      <FormMessage error={action.message} />
    </FormDialog>
  );
}
