"use client";

import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action";
import { ReasonField } from "@/components/admin/reason-field";
import { reasonProblem } from "@/lib/admin/reason";
import { reasonMessage } from "@/lib/failure-messages";

/**
 * A destructive admin change behind a confirming dialog: the trigger opens it,
 * a Reason is required when `reason` is on, and the dialog closes only when the
 * server accepted the change. The server action checks again.
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
  const tFailures = useTranslations("failures");
  const action = useActionDialog();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("reason") ?? "");
    const problem = reason ? reasonProblem(text) : null;
    if (problem) {
      action.refuse(tFailures("reason.required"), { reason: [reasonMessage(problem, tFailures)] });
      return;
    }
    action.run(() => run(text), { success: done, onSuccess: action.done });
  }

  return (
    <FormDialog
      dialog={action}
      trigger={
        hidden ? null : (
          <Button type="button" variant={variant}>
            {trigger}
          </Button>
        )
      }
      title={title}
      description={description}
      onSubmit={onSubmit}
      submitLabel={confirmLabel}
      submitVariant={variant === "danger" ? "danger" : "primary"}
      status={action.success}
    >
      {reason ? <ReasonField required error={action.error("reason")} /> : null}
      <FormMessage error={action.message} />
    </FormDialog>
  );
}
