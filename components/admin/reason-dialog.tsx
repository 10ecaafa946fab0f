"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action";
import { FormMessage, TextAreaField, firstError, type FieldErrors } from "./fields";

/**
 * A destructive admin change behind a confirming dialog (Radix): the trigger
 * opens it, a Reason is required when `reason` is on, and the dialog closes
 * only when the server accepted the change. The server action checks again.
 */
export function ReasonDialog<T>({
  trigger,
  title,
  description,
  confirmLabel,
  reason = true,
  run,
  done,
  variant = "danger",
  hidden = false,
}: {
  trigger: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  reason?: boolean;
  run: (reason: string) => Promise<ActionResult<T>>;
  done: (data: T) => string;
  variant?: "danger" | "secondary";
  /** No trigger (the change is done), but the status line stays, so its confirmation survives the refresh. */
  hidden?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors | undefined>();
  const [success, setSuccess] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) {
      setError(null);
      setFieldErrors(undefined);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("reason") ?? "");
    if (reason && text.trim().length < 3) {
      setFieldErrors({ reason: ["Give a reason (at least 3 characters)."] });
      setError("A reason is required.");
      return;
    }
    startTransition(async () => {
      const result = await run(text);
      if (!result.ok) {
        setError(result.message);
        setFieldErrors(result.fieldErrors);
        return;
      }
      setOpen(false);
      setSuccess(done(result.data));
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      {hidden ? null : (
        <Dialog.Root open={open} onOpenChange={onOpenChange}>
          <Dialog.Trigger asChild>
            <Button type="button" variant={variant}>
              {trigger}
            </Button>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
            <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
              <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
              <Dialog.Description asChild>
                <div className="mt-1 space-y-1 text-sm text-slate-700">{description}</div>
              </Dialog.Description>
              <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
                {reason ? <TextAreaField label="Reason" name="reason" maxLength={500} required error={firstError(fieldErrors, "reason")} /> : null}
                <FormMessage error={error} />
                <div className="flex flex-wrap justify-end gap-2">
                  <Dialog.Close asChild>
                    <Button type="button" variant="secondary">
                      Cancel
                    </Button>
                  </Dialog.Close>
                  <Button type="submit" variant={variant === "danger" ? "danger" : "primary"} disabled={pending}>
                    {confirmLabel}
                  </Button>
                </div>
              </form>
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      )}
      <p role="status" className="text-sm text-green-800">
        {success}
      </p>
    </div>
  );
}
