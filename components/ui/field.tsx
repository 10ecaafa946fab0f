// No "use client": server pages render these fields as HTML (their GET filter forms), and
// client forms import them into their own bundles, where unused ones are left out.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { FieldErrors } from "@/lib/action";
import { Button } from "@/components/ui/button";

export type { FieldErrors };

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm";

/** What every field takes besides its control's own attributes. */
interface FieldProps {
  label: string;
  /** A short help text under the control, tied to it for screen readers. */
  hint?: ReactNode;
  /** The field's error, shown under it and tied to it for screen readers. */
  error?: string;
  /** Classes of the control itself (the wrapper takes `className`). */
  inputClassName?: string;
}

/** The ids of a control's hint and error, for its aria-describedby. */
const describedBy = (id: string, hint: unknown, error: unknown) => [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

/** The hint and the error under a control or a group, with the ids that describedBy names. */
function Notes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * The label, the control and the hint and error tied to it: one layout for
 * every field. `render` gets the control's id, aria-invalid and aria-describedby.
 */
function Labelled({
  label,
  hint,
  error,
  className,
  render,
}: Omit<FieldProps, "inputClassName"> & {
  className: string;
  render: (aria: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {render({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, hint, error) })}
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

const controlClass = (extra: string | undefined) => (extra ? `${inputClass} ${extra}` : inputClass);

/** A labelled input with an optional hint and an error, both tied to it for screen readers. */
export function TextField({ label, hint, error, className = "", inputClassName, ...props }: InputHTMLAttributes<HTMLInputElement> & FieldProps) {
  return <Labelled label={label} hint={hint} error={error} className={className} render={(aria) => <input {...aria} className={controlClass(inputClassName)} {...props} />} />;
}

/**
 * A field for a code typed or pasted from elsewhere (a redemption code): no
 * autocomplete, spell check or capitalizing keyboard, room for spaces and
 * dashes, shown in monospace capitals. `onValue` gets the text as typed.
 */
export function CodeField({ onValue, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> & FieldProps & { value: string; onValue: (value: string) => void }) {
  return (
    <TextField
      name="code"
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      maxLength={64}
      inputClassName="font-mono uppercase tracking-wider"
      onChange={(event) => onValue(event.target.value)}
      {...props}
    />
  );
}

/** A labelled text area (two rows unless told), with hint and error. */
export function TextAreaField({ label, hint, error, className = "", inputClassName, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps) {
  return <Labelled label={label} hint={hint} error={error} className={className} render={(aria) => <textarea rows={2} {...aria} className={controlClass(inputClassName)} {...props} />} />;
}

/** A labelled select, with hint and error. */
export function SelectField({ label, hint, error, className = "", inputClassName, children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & FieldProps) {
  return (
    <Labelled
      label={label}
      hint={hint}
      error={error}
      className={className}
      render={(aria) => (
        <select {...aria} className={controlClass(inputClassName)} {...props}>
          {children}
        </select>
      )}
    />
  );
}

/** Controls that answer one question (radio buttons, checkboxes), named by a legend, with a hint and an error. */
export function FieldGroup({ legend, hint, error, className, children }: { legend: string; hint?: ReactNode; error?: string; className?: string; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset aria-describedby={describedBy(id, hint, error)} className={className}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {children}
      <Notes id={id} hint={hint} error={error} />
    </fieldset>
  );
}

/** A group of radio buttons with a legend; the chosen value is controlled. */
export function RadioGroup<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
  error?: string;
}) {
  return (
    <FieldGroup legend={legend} error={error}>
      <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </FieldGroup>
  );
}

/**
 * The message of a form: errors in an alert (always there, so a new error is
 * announced), successes in a polite status when the form has one.
 */
export function FormMessage({ error, success }: { error?: string | null; success?: ReactNode }) {
  return (
    <>
      <div role="alert" className="min-h-5 text-sm text-red-700">
        {error}
      </div>
      {success !== undefined ? (
        <p role="status" className="text-sm text-green-800">
          {success}
        </p>
      ) : null}
    </>
  );
}

/**
 * Apply and Clear of a filter form (a GET form whose values go to the URL):
 * Clear is a link to the unfiltered list, so it works without JavaScript too.
 */
export function FilterActions({ clearHref, className }: { clearHref: string; className: string }) {
  const t = useTranslations("ui.filter");
  return (
    <div className={`flex gap-2 ${className}`}>
      <Button type="submit">{t("apply")}</Button>
      <Link
        href={clearHref}
        scroll={false}
        className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100"
      >
        {t("clear")}
      </Link>
    </div>
  );
}

/** The string values of a form, for an action's zod schema. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) if (typeof value === "string") out[key] = value;
  return out;
}

/** The first error of one field, from an action's field errors. */
export const firstError = (errors: FieldErrors | undefined, name: string) => errors?.[name]?.[0];

/** The options of a select over a fixed list, after a first "any" choice whose value is "" (filters and pickers). */
export function Options<T extends string>({ any, values, labels }: { any: string; values: readonly T[]; labels: Readonly<Record<T, string>> }) {
  return (
    <>
      <option value="">{any}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {labels[v]}
        </option>
      ))}
    </>
  );
}
