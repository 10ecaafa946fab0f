"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { authClient } from "@/lib/auth-client";
import { retryAfterMinutes } from "@/lib/sign-in-limit";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";

export function SignInForm() {
  const t = useTranslations("signIn");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError(t("missing"));
      return;
    }
    setPending(true);
    setError(null);
    // Both limits (per email, and better-auth's per address) answer 429 with the wait in X-Retry-After.
    let retryAfterSeconds = 60;
    const result = await authClient.signIn.email(
      { email, password },
      {
        onError({ response }) {
          const header = Number(response.headers.get("X-Retry-After"));
          if (Number.isFinite(header) && header > 0) retryAfterSeconds = header;
        },
      },
    );
    if (result.error) {
      setPending(false);
      setError(
        result.error.status === 429
          ? t("tooMany", { minutes: retryAfterMinutes(retryAfterSeconds * 1000) })
          : t("wrong"),
      );
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <TextField label={t("email")} name="email" type="email" autoComplete="username" required />
      <TextField label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <FormMessage error={error} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
