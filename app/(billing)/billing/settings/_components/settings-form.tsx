"use client";

import { Button } from "@/components/ui/button";
import { FieldGroup, FormMessage, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { saveNotificationSettingsAction } from "../actions";

type Kind = "cash" | "compute" | "cash_balance";

export interface SettingsFormLabels {
  thresholdsLegend: string;
  thresholdsHint: string;
  thresholds: Record<Kind, string>;
  remindersLegend: string;
  remindersHint: string;
  reminderDays: Record<"30" | "7" | "1", string>;
  emailLegend: string;
  emailLabel: string;
  emailHint: string;
  save: string;
  saved: string;
}

export interface SettingsFormValues {
  /** Thresholds as typed amounts ("100.00"), "" for none. */
  thresholds: Record<Kind, string>;
  expiryReminderDays: number[];
  email: boolean;
}

const KINDS: Kind[] = ["cash", "compute", "cash_balance"];
const DAYS = ["30", "7", "1"] as const;

/**
 * The notification settings form: thresholds per kind (empty = no alert),
 * expiry reminders, email. Labels come from the server (no catalogue in the
 * browser); refusals are the server's, in the reader's language, under each
 * field, and the typed values stay.
 */
export function SettingsForm({ labels, initial }: { labels: SettingsFormLabels; initial: SettingsFormValues }) {
  const action = useAction();
  const onSubmit = action.submit((values) => saveNotificationSettingsAction(values), { success: () => labels.saved });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6 rounded-md border border-slate-200 bg-white p-4">
      <FieldGroup legend={labels.thresholdsLegend} hint={labels.thresholdsHint}>
        <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-3">
          {KINDS.map((kind) => (
            <TextField key={kind} label={labels.thresholds[kind]} name={kind} inputMode="decimal" defaultValue={initial.thresholds[kind]} error={action.error(kind)} />
          ))}
        </div>
      </FieldGroup>
      <FieldGroup legend={labels.remindersLegend} hint={labels.remindersHint} error={DAYS.map((d) => action.error(`remind${d}`)).find(Boolean)}>
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {DAYS.map((d) => (
            <label key={d} className="flex min-h-8 items-center gap-2 text-sm">
              <input type="checkbox" name={`remind${d}`} defaultChecked={initial.expiryReminderDays.includes(Number(d))} />
              {labels.reminderDays[d]}
            </label>
          ))}
        </div>
      </FieldGroup>
      <FieldGroup legend={labels.emailLegend} hint={labels.emailHint} error={action.error("email")}>
        <label className="mt-2 flex min-h-8 items-center gap-2 text-sm">
          <input type="checkbox" name="email" defaultChecked={initial.email} />
          {labels.emailLabel}
        </label>
      </FieldGroup>
      <div className="space-y-2">
        <Button type="submit" disabled={action.pending}>
          {labels.save}
        </Button>
        <FormMessage error={action.message} success={action.success} />
      </div>
    </form>
  );
}
