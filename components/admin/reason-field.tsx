import type { ComponentProps } from "react";
import { useTranslations } from "next-intl";
import { TextAreaField } from "@/components/ui/field";
import { MAX_REASON_LENGTH } from "@/lib/admin/reason";

/** The Reason every admin change asks for (SPEC 8), bounded by the rule in lib/admin/reason.ts. */
export function ReasonField(props: Omit<ComponentProps<typeof TextAreaField>, "label" | "name" | "maxLength">) {
  const t = useTranslations("adminReason");
  return <TextAreaField label={t("label")} name="reason" maxLength={MAX_REASON_LENGTH} {...props} />;
}
