"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { pingAction } from "./actions";

/** Calls the reference action once, so a person can see that it answers. Texts come from the page (no client catalogue for a benchmark page). */
export function PingButton({ label, refused }: { label: string; refused: string }) {
  const [answer, setAnswer] = useState("");
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        disabled={pending}
        onClick={() => startTransition(async () => setAnswer((await pingAction({})).ok ? "pong" : refused))}
      >
        {label}
      </Button>
      <p role="status">{answer}</p>
    </div>
  );
}
