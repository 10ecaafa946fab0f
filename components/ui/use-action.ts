"use client";

import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import type { ActionFailure, ActionResult, FieldErrors } from "@/lib/action";
import { firstError, formValues } from "@/components/ui/field";

/** What to do with an action's result. */
export interface ActionHandlers<T> {
  /** The success text for the form's status region (none when omitted). */
  success?: (data: T) => ReactNode;
  /** After a success: close a dialog, refresh the page, show the data. */
  onSuccess?: (data: T) => void;
  /** After a refusal (its message and field errors are shown already). */
  onFailure?: (failure: ActionFailure) => void;
}

const newKey = () => crypto.randomUUID();

/**
 * One client-side way to call a server action: pending while it runs, the
 * refusal's message and field errors (kept until the next result, with the
 * typed values left in the form), the success text, and a request key.
 *
 * Why a hook and not `useActionState`: our actions take plain JSON values (the
 * transport gate in lib/security/action-envelope.ts refuses anything else), the
 * forms add values a FormData doesn't hold (ids, the shown payment plan), and
 * several callers are buttons or dialogs, not forms. So the hook takes a call,
 * and `submit` reads the form's values for the forms that are forms.
 *
 * The request key makes a double click or a retry have one effect: each call
 * is handed it (actions that take one send it), it is renewed after a success
 * (the next submission is a new request), and the form renews it when what is
 * asked for changes (`renewKey`).
 */
export function useAction() {
  const [pending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<{ message: string; fieldErrors?: FieldErrors } | null>(null);
  const [success, setSuccess] = useState<ReactNode>(null);
  const [requestKey, setRequestKey] = useState(newKey);

  /** A refusal found before calling the server, shown like the server's own. */
  function refuse(message: string, fieldErrors?: FieldErrors) {
    setRefusal({ message, fieldErrors });
    setSuccess(null);
  }

  /** Calls the action (given the current request key) in a transition, and shows its result. */
  function run<T>(call: (requestKey: string) => Promise<ActionResult<T>>, on: ActionHandlers<T> = {}) {
    startTransition(async () => {
      const result = await call(requestKey);
      if (!result.ok) {
        refuse(result.message, result.fieldErrors);
        on.onFailure?.(result);
        return;
      }
      setRefusal(null);
      setSuccess(on.success ? on.success(result.data) : null);
      setRequestKey(newKey());
      on.onSuccess?.(result.data);
    });
  }

  /** A form's submit handler: the form's string values go to `call`; `resetForm` empties it after a success. */
  function submit<T>(
    call: (values: Record<string, string>, requestKey: string) => Promise<ActionResult<T>>,
    on: ActionHandlers<T> & { resetForm?: boolean } = {},
  ) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      run((requestKey) => call(formValues(form), requestKey), {
        ...on,
        onSuccess: (data) => {
          if (on.resetForm) form.reset();
          on.onSuccess?.(data);
        },
      });
    };
  }

  return {
    pending,
    /** The refusal's sentence, for the form's alert. */
    message: refusal?.message ?? null,
    fieldErrors: refusal?.fieldErrors,
    /** The first error of one field. */
    error: (name: string) => firstError(refusal?.fieldErrors, name),
    success,
    requestKey,
    renewKey: () => setRequestKey(newKey()),
    run,
    submit,
    refuse,
    /** Forget the refusal (a dialog opening again). */
    clearFailure: () => setRefusal(null),
    clearSuccess: () => setSuccess(null),
  };
}
