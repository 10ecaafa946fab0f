"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ReasonDialog } from "@/components/admin/reason-dialog";
import { Button } from "@/components/ui/button";
import { FieldGroup, FormMessage, TextField } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { useAction } from "@/components/ui/use-action";
import {
  createWebhookAction,
  disableWebhookAction,
  enableWebhookAction,
  resendWebhookDeliveryAction,
  revealWebhookSecretAction,
  rotateWebhookSecretAction,
  updateWebhookAction,
} from "../actions";

/** The form's limits, from lib/admin/webhooks.ts (which a client bundle can't import: it checks URLs with node:net). */
export interface WebhookLimits {
  url: number;
  description: number;
  accountFilter: number;
}

type CopyState = "idle" | "copied" | "failed";

/** A signing secret in a read-only field to copy. */
function SecretField({ secret }: { secret: string }) {
  const t = useTranslations("adminWebhooks.secret");
  const [copy, setCopy] = useState<CopyState>("idle");
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
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          label={t("label")}
          name="secret"
          value={secret}
          readOnly
          translate="no"
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 grow sm:max-w-xl"
          inputClassName="font-mono text-sm"
        />
        <Button type="button" onClick={copySecret}>
          {t("copy")}
        </Button>
      </div>
      <p role="status" className="text-sm text-green-800">
        {copy === "copied" ? t("copied") : copy === "failed" ? t("copyFailed") : ""}
      </p>
    </div>
  );
}

/** The event type checkboxes with an "All event types" convenience that checks or clears them all. */
function EventTypeBoxes({ eventTypes, selected, onChange, error }: { eventTypes: readonly string[]; selected: ReadonlySet<string>; onChange: (next: Set<string>) => void; error?: string }) {
  const t = useTranslations("adminWebhooks.form");
  const all = eventTypes.every((type) => selected.has(type));
  const some = !all && eventTypes.some((type) => selected.has(type));
  const allBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = some;
  }, [some]);
  function toggle(type: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(type);
    else next.delete(type);
    onChange(next);
  }
  return (
    <FieldGroup legend={t("events")} hint={t("eventsHint")} error={error}>
      <label className="mt-2 flex items-center gap-2 text-sm font-medium">
        <input ref={allBox} type="checkbox" checked={all} onChange={(e) => onChange(new Set(e.target.checked ? eventTypes : []))} />
        {t("allEvents")}
      </label>
      <ul className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
        {eventTypes.map((type) => (
          <li key={type}>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="eventTypes" value={type} checked={selected.has(type)} onChange={(e) => toggle(type, e.target.checked)} />
              <span className="font-mono text-xs" translate="no">
                {type}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </FieldGroup>
  );
}

/** Add endpoint: URL, description, event types and an optional account filter; the signing secret is shown once it exists. */
export function CreateWebhookForm({ eventTypes, limits }: { eventTypes: readonly string[]; limits: WebhookLimits }) {
  const t = useTranslations("adminWebhooks.form");
  const tCreated = useTranslations("adminWebhooks.created");
  const tErrors = useTranslations("adminWebhooks.errors");
  const router = useRouter();
  // Its request key: a double click or a retry creates one endpoint.
  const action = useAction();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<{ publicId: string; secret: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (created) heading.current?.focus();
  }, [created]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const values = {
      url: String(data.get("url") ?? ""),
      description: String(data.get("description") ?? ""),
      eventTypes: [...selected],
      accountFilter: String(data.get("accountFilter") ?? ""),
    };
    if (values.eventTypes.length === 0) {
      action.refuse(t("fields"), { eventTypes: [tErrors("events_empty")] });
      return;
    }
    action.run((requestKey) => createWebhookAction({ ...values, requestKey }), {
      success: (d) => (d.secret ? null : t("replayed", { id: d.publicId })),
      onSuccess: (d) => {
        if (d.secret) setCreated({ publicId: d.publicId, secret: d.secret });
        form.reset();
        setSelected(new Set());
        router.refresh();
      },
    });
  }

  return (
    <div className="space-y-4">
      {created ? (
        <section aria-labelledby="new-webhook-heading" className="space-y-3 rounded-md border-2 border-amber-500 bg-amber-50 p-4">
          <h2 id="new-webhook-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
            {tCreated("heading", { id: created.publicId })}
          </h2>
          <p className="text-sm text-amber-900">{tCreated("note")}</p>
          <SecretField secret={created.secret} />
          <div className="flex flex-wrap items-center gap-3">
            <Link href={`/admin/webhooks/${created.publicId}`} className="text-sm font-medium underline">
              {tCreated("open", { id: created.publicId })}
            </Link>
            <Button type="button" variant="secondary" onClick={() => setCreated(null)}>
              {tCreated("done")}
            </Button>
          </div>
        </section>
      ) : null}
      <form onSubmit={onSubmit} aria-labelledby="add-webhook-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
        <h2 id="add-webhook-heading" className="text-base font-semibold">
          {t("heading")}
        </h2>
        <TextField
          label={t("url")}
          name="url"
          type="url"
          inputMode="url"
          maxLength={limits.url}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://hooks.example.com/billing"
          translate="no"
          hint={t("urlHint")}
          error={action.error("url")}
          onInput={action.clearSuccess}
          className="sm:max-w-xl"
        />
        <TextField
          label={t("description")}
          name="description"
          maxLength={limits.description}
          autoComplete="off"
          hint={t("descriptionHint", { max: limits.description })}
          error={action.error("description")}
          className="sm:max-w-xl"
        />
        <EventTypeBoxes eventTypes={eventTypes} selected={selected} onChange={setSelected} error={action.error("eventTypes")} />
        <TextField
          label={t("accountFilter")}
          name="accountFilter"
          maxLength={limits.accountFilter}
          autoComplete="off"
          spellCheck={false}
          placeholder="acc_…, alice@example.com"
          hint={t("accountFilterHint")}
          error={action.error("accountFilter")}
          className="sm:max-w-xl"
        />
        <FormMessage error={action.message} success={action.success} />
        <Button type="submit" disabled={action.pending}>
          {t("create")}
        </Button>
      </form>
    </div>
  );
}

/** The endpoint's settings a dialog edits (the URL and secret stay). */
export interface EditableEndpoint {
  publicId: string;
  description: string;
  eventTypes: readonly string[];
  /** The account filter as the field shows it: the account's public id, or "" for every account. */
  accountFilter: string;
}

/** Edit an endpoint's description, event types and account filter, in a dialog. */
export function EditWebhookButton({ endpoint, eventTypes, limits }: { endpoint: EditableEndpoint; eventTypes: readonly string[]; limits: WebhookLimits }) {
  const t = useTranslations("adminWebhooks.actions");
  const tForm = useTranslations("adminWebhooks.form");
  const [selected, setSelected] = useState<Set<string>>(() => new Set(endpoint.eventTypes));
  const action = useActionDialog({ onOpen: () => setSelected(new Set(endpoint.eventTypes)) });
  const [status, setStatus] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    action.run(
      () =>
        updateWebhookAction({
          endpointPublicId: endpoint.publicId,
          description: String(data.get("description") ?? ""),
          eventTypes: [...selected],
          accountFilter: String(data.get("accountFilter") ?? ""),
        }),
      {
        onSuccess: (d) => {
          setStatus(d.changed ? t("saved") : t("unchanged"));
          action.done();
        },
      },
    );
  }

  return (
    <FormDialog
      dialog={action}
      trigger={
        <Button type="button" variant="secondary">
          {t("edit")}
        </Button>
      }
      title={t("editTitle")}
      description={<p>{t("editDescription")}</p>}
      onSubmit={onSubmit}
      submitLabel={t("save")}
      status={status}
    >
      <TextField
        label={tForm("description")}
        name="description"
        defaultValue={endpoint.description}
        maxLength={limits.description}
        autoComplete="off"
        hint={tForm("descriptionHint", { max: limits.description })}
        error={action.error("description")}
      />
      <EventTypeBoxes eventTypes={eventTypes} selected={selected} onChange={setSelected} error={action.error("eventTypes")} />
      <TextField
        label={tForm("accountFilter")}
        name="accountFilter"
        defaultValue={endpoint.accountFilter}
        maxLength={limits.accountFilter}
        autoComplete="off"
        spellCheck={false}
        hint={tForm("accountFilterHint")}
        error={action.error("accountFilter")}
      />
      <FormMessage error={action.message} />
    </FormDialog>
  );
}

/** Disable (behind a confirming dialog) or enable an endpoint. */
export function EndpointStateButton({ endpointPublicId, disabled }: { endpointPublicId: string; disabled: boolean }) {
  const t = useTranslations("adminWebhooks.actions");
  const router = useRouter();
  const action = useAction();
  if (!disabled) {
    return (
      <ReasonDialog
        trigger={t("disable")}
        title={t("disableTitle")}
        description={<p>{t("disableDescription")}</p>}
        confirmLabel={t("disableConfirm")}
        reason={false}
        variant="secondary"
        run={() => disableWebhookAction({ endpointPublicId })}
        done={(r) => (r.changed ? t("disabled") : t("alreadyDisabled"))}
      />
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        type="button"
        disabled={action.pending}
        onClick={() =>
          action.run(() => enableWebhookAction({ endpointPublicId }), {
            success: (r) => (r.changed ? t("enabled") : t("alreadyEnabled")),
            onSuccess: () => router.refresh(),
          })
        }
      >
        {t("enable")}
      </Button>
      <p role="status" className="text-sm text-green-800">
        {action.success}
      </p>
      {action.message ? (
        <p role="alert" className="text-sm text-red-700">
          {action.message}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The signing secret, hidden until an admin asks (each reveal is audited), and
 * Rotate secret behind a confirming dialog, which shows the new one.
 */
export function SecretControls({ endpointPublicId }: { endpointPublicId: string }) {
  const t = useTranslations("adminWebhooks.secret");
  const tActions = useTranslations("adminWebhooks.actions");
  const reveal = useAction();
  const rotate = useActionDialog();
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  function onRotate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rotate.run(() => rotateWebhookSecretAction({ endpointPublicId }), {
      onSuccess: (d) => {
        setSecret(d.secret);
        setStatus(tActions("rotated"));
        rotate.done();
      },
    });
  }

  return (
    // No aria-labelledby: the region would share its name with the secret's field.
    <section className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <p className="text-sm text-slate-700">{t("text")}</p>
      {secret ? <SecretField secret={secret} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        {secret ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setSecret(null);
              setStatus(t("hidden"));
            }}
          >
            {t("hide")}
          </Button>
        ) : (
          <Button
            type="button"
            variant="secondary"
            disabled={reveal.pending}
            onClick={() => reveal.run(() => revealWebhookSecretAction({ endpointPublicId }), { onSuccess: (d) => setSecret(d.secret) })}
          >
            {t("reveal")}
          </Button>
        )}
        <FormDialog
          dialog={rotate}
          trigger={
            <Button type="button" variant="secondary">
              {tActions("rotate")}
            </Button>
          }
          title={tActions("rotateTitle")}
          description={<p>{tActions("rotateDescription")}</p>}
          onSubmit={onRotate}
          submitLabel={tActions("rotateConfirm")}
          submitVariant="danger"
        >
          <FormMessage error={rotate.message} />
        </FormDialog>
      </div>
      <p role="status" className="text-sm text-green-800">
        {status}
      </p>
      {reveal.message ? (
        <p role="alert" className="text-sm text-red-700">
          {reveal.message}
        </p>
      ) : null}
    </section>
  );
}

/** Resend one delivery (failed or succeeded); the log shows it pending again. */
export function ResendButton({ endpointPublicId, deliveryPublicId }: { endpointPublicId: string; deliveryPublicId: string }) {
  const t = useTranslations("adminWebhooks.actions");
  const router = useRouter();
  const action = useAction();
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        type="button"
        variant="secondary"
        className="min-h-8 px-3 py-1"
        aria-label={t("resendLabel", { id: deliveryPublicId })}
        disabled={action.pending}
        onClick={() =>
          action.run(() => resendWebhookDeliveryAction({ endpointPublicId, deliveryPublicId }), {
            success: (r) => (r.changed ? t("resent") : t("alreadyQueued")),
            onSuccess: () => router.refresh(),
          })
        }
      >
        {t("resend")}
      </Button>
      <span role="status" className="text-xs text-green-800">
        {action.success}
      </span>
      {action.message ? (
        <span role="alert" className="text-xs text-red-700">
          {action.message}
        </span>
      ) : null}
    </div>
  );
}
