"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { Button } from "@/components/ui/button";
import { FieldGroup, FormMessage, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { MAX_API_KEY_NAME_LENGTH, parseApiKeyName, parseApiScopes, type ApiKeyProblem } from "@/lib/api/keys";
import { API_SCOPES } from "@/lib/api/spec";
import { createApiKeyAction, revokeApiKeyAction } from "../actions";

type CopyState = "idle" | "copied" | "failed";

/**
 * The secret of a key just created: shown once, in a read-only field to copy.
 * It is in this page's memory only; leaving the page loses it for good, so the
 * browser asks first until it is copied or dismissed.
 */
function NewSecret({ name, publicId, secret, onDone }: { name: string; publicId: string; secret: string; onDone: () => void }) {
  const t = useTranslations("adminApiKeys.created");
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (copy === "copied") return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [copy]);

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy("copied");
    } catch {
      // No clipboard access (permission, insecure origin): say so; the field selects itself on focus.
      setCopy("failed");
    }
  }

  return (
    <section aria-labelledby="new-secret-heading" className="space-y-3 rounded-md border-2 border-amber-500 bg-amber-50 p-4">
      <h2 id="new-secret-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {t.rich("heading", { name: () => <span translate="no">{name}</span>, id: publicId })}
      </h2>
      <p className="text-sm font-medium text-amber-900">{t("warning")}</p>
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          label={t("secret")}
          name="secret"
          value={secret}
          readOnly
          translate="no"
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 grow sm:max-w-xl"
          inputClassName="font-mono"
        />
        <Button type="button" onClick={copySecret}>
          {t("copy")}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
      <p role="status" className="text-sm text-green-800">
        {copy === "copied" ? t("copied") : copy === "failed" ? t("copyFailed") : ""}
      </p>
    </section>
  );
}

/** Create API key: a name and scopes; the secret comes back once and is shown above the form. */
export function CreateApiKeyForm() {
  const t = useTranslations("adminApiKeys.form");
  const tScope = useTranslations("adminApiKeys.scopes");
  const router = useRouter();
  // Its request key: a double click or a retry creates one key (and a replay gets no secret).
  const action = useAction();
  const [created, setCreated] = useState<{ name: string; publicId: string; secret: string } | null>(null);

  const problemText = (p: ApiKeyProblem) => t(`errors.${p}`, { max: MAX_API_KEY_NAME_LENGTH });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "");
    const scopes = data.getAll("scopes").map(String);
    // The same rules as the server's, first, so the reader gets them in their language.
    const nameOk = parseApiKeyName(name);
    const scopesOk = parseApiScopes(scopes);
    if (!nameOk.ok || !scopesOk.ok) {
      action.refuse(t("errors.fields"), {
        ...(nameOk.ok ? {} : { name: [problemText(nameOk.problem)] }),
        ...(scopesOk.ok ? {} : { scopes: [problemText(scopesOk.problem)] }),
      });
      return;
    }
    action.run((requestKey) => createApiKeyAction({ name, scopes, requestKey }), {
      success: (d) => (d.secret ? null : t("replayed", { id: d.publicId })),
      onSuccess: (d) => {
        if (d.secret) setCreated({ name: nameOk.value, publicId: d.publicId, secret: d.secret });
        form.reset();
        router.refresh();
      },
    });
  }

  return (
    <div className="space-y-4">
      {created ? <NewSecret key={created.publicId} {...created} onDone={() => setCreated(null)} /> : null}
      <form onSubmit={onSubmit} aria-labelledby="new-key-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
        <h2 id="new-key-heading" className="text-base font-semibold">
          {t("heading")}
        </h2>
        <TextField
          label={t("name")}
          name="name"
          maxLength={MAX_API_KEY_NAME_LENGTH}
          autoComplete="off"
          hint={t("nameHint", { max: MAX_API_KEY_NAME_LENGTH })}
          error={action.error("name")}
          onInput={action.clearSuccess}
          className="sm:max-w-md"
        />
        <FieldGroup legend={t("scopes")} hint={t("scopesHint")} error={action.error("scopes")}>
          <ul className="mt-1 space-y-2">
            {API_SCOPES.map((scope) => (
              <li key={scope}>
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name="scopes" value={scope} className="mt-1" onChange={action.clearSuccess} />
                  <span>
                    <span className="font-mono font-medium" translate="no">
                      {scope}
                    </span>
                    <span className="text-slate-600"> · {tScope(scope)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </FieldGroup>
        <FormMessage error={action.message} success={action.success} />
        <Button type="submit" disabled={action.pending}>
          {t("create")}
        </Button>
      </form>
    </div>
  );
}

/** Revoke an API key, with a required reason: from then on its secret authenticates nothing. */
export function RevokeApiKeyButton({ publicId, name, revoked }: { publicId: string; name: string; revoked: boolean }) {
  const t = useTranslations("adminApiKeys.revoke");
  const tReason = useTranslations("adminReason");
  return (
    <ReasonDialog
      hidden={revoked}
      trigger={t("trigger")}
      title={t("title", { name })}
      description={
        <>
          <p>{t("description")}</p>
          <p>{tReason("irreversible")}</p>
        </>
      }
      confirmLabel={t("confirm")}
      run={(reason) => revokeApiKeyAction({ publicId, reason })}
      done={(r) => (r.changed ? t("done") : t("already"))}
    />
  );
}
