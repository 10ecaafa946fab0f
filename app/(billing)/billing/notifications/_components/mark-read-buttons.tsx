"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { markAllNotificationsReadAction, markNotificationReadAction } from "../actions";

/** Marks one notification read, then re-renders the page (its styling and the bell's count). Labels come from the server. */
export function MarkReadButton({ notificationId, label, accessibleLabel }: { notificationId: string; label: string; accessibleLabel: string }) {
  const router = useRouter();
  const action = useAction();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        className="min-h-8 px-3 py-1"
        aria-label={accessibleLabel}
        disabled={action.pending}
        onClick={() => action.run(() => markNotificationReadAction({ notificationId }), { onSuccess: () => router.refresh() })}
      >
        {label}
      </Button>
      {action.message ? (
        <span role="alert" className="text-sm text-red-700">
          {action.message}
        </span>
      ) : null}
    </span>
  );
}

/** Marks every unread notification read. */
export function MarkAllReadButton({ label, done }: { label: string; done: string }) {
  const router = useRouter();
  const action = useAction();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        type="button"
        variant="secondary"
        disabled={action.pending}
        onClick={() => action.run(() => markAllNotificationsReadAction({}), { success: () => done, onSuccess: () => router.refresh() })}
      >
        {label}
      </Button>
      <p role="status" className="text-sm text-green-800">
        {action.success}
      </p>
      <div role="alert" className="text-sm text-red-700">
        {action.message}
      </div>
    </div>
  );
}
