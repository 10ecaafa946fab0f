"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

/**
 * useAction for a FormDialog: its open state, a refusal forgotten when it
 * opens again (`onOpen` resets what else the dialog holds), and `done` for a
 * success: close, and show the page as it is now.
 */
export function useActionDialog({ defaultOpen = false, onOpen }: { defaultOpen?: boolean; onOpen?: () => void } = {}) {
  const router = useRouter();
  const action = useAction();
  const [open, setOpen] = useState(defaultOpen);
  return {
    ...action,
    open,
    onOpenChange(next: boolean) {
      setOpen(next);
      if (!next) return;
      action.clearFailure();
      onOpen?.();
    },
    close: () => setOpen(false),
    done() {
      setOpen(false);
      router.refresh();
    },
  };
}

/**
 * A form in a modal dialog (Radix), driven by useActionDialog: the trigger
 * opens it, Cancel closes it, the submit button waits while the action runs,
 * and the dialog closes only when the server accepted the change.
 * `status`, when given, is a polite live region beside the trigger that
 * outlives the dialog, for the confirmation of what was done; a null `trigger`
 * leaves only that status (the change can't be made again).
 */
export function FormDialog({
  dialog,
  trigger,
  title,
  description,
  onSubmit,
  submitLabel,
  submitVariant = "primary",
  actions,
  children,
  status,
  align = "start",
}: {
  dialog: Pick<ReturnType<typeof useActionDialog>, "open" | "onOpenChange" | "pending">;
  trigger: ReactNode | null;
  title: ReactNode;
  description: ReactNode;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  submitVariant?: ButtonVariant;
  /** Buttons after the submit button. */
  actions?: ReactNode;
  children: ReactNode;
  status?: ReactNode;
  /** Where the trigger and its status sit: "end" puts the trigger at the right, the status left of it. */
  align?: "start" | "end";
}) {
  const t = useTranslations("ui.dialog");
  const modal =
    trigger === null ? null : (
      <Dialog.Root open={dialog.open} onOpenChange={dialog.onOpenChange}>
        <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
          <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
            <Dialog.Description asChild>
              <div className="mt-1 space-y-1 text-sm text-slate-700">{description}</div>
            </Dialog.Description>
            <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
              {children}
              <div className="flex flex-wrap justify-end gap-2">
                <Dialog.Close asChild>
                  <Button type="button" variant="secondary">
                    {t("cancel")}
                  </Button>
                </Dialog.Close>
                <Button type="submit" variant={submitVariant} disabled={dialog.pending}>
                  {submitLabel}
                </Button>
                {actions}
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    );
  if (status === undefined) return modal;
  return (
    // Reversed at the end: the trigger sits rightmost, its status to its left.
    <div className={`flex flex-wrap items-center gap-3 ${align === "end" ? "flex-row-reverse" : ""}`}>
      {modal}
      <p role="status" className="text-sm text-green-800">
        {status}
      </p>
    </div>
  );
}
