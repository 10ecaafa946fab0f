"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { payOrderAction } from "../actions";

/** Pays a pending order again with the default plan (after a failed attempt). */
export function PayPendingButton({ orderPublicId }: { orderPublicId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await payOrderAction({ orderPublicId });
            setError(result.ok ? null : result.message);
          })
        }
      >
        {pending ? "Paying…" : "Pay"}
      </Button>
      <div role="alert" className="min-h-5 text-sm text-red-700">
        {error}
      </div>
    </div>
  );
}
