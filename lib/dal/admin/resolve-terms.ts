import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { products } from "@/db/schema";
import { isValidDayCount, MAX_FACE_VALUE, MAX_PROVIDERS, MAX_VALID_DAYS, type TermsInput, type ValidityInput } from "@/lib/admin/terms-form";
import { DalError } from "../errors";
import { resolveProviderRefs, type ResolvedProvider } from "./providers";

/** The term columns shared by batches and vouchers (db/schema.ts termColumns). */
export interface TermColumns {
  kind: TermsInput["kind"];
  faceValue: number | null;
  amountOff: number | null;
  minOrderAmount: number | null;
  payBasisPoints: number | null;
  maxDiscount: number | null;
  scopeProductId: number | null;
  /** providers.id, ascending, each once. */
  providerIds: number[] | null;
}

/** The columns of a batch's or a voucher's terms, and the terms as the audit log records them. */
export interface ResolvedTerms {
  columns: TermColumns;
  audit: Record<string, unknown>;
}

const positiveAmount = (n: number) => Number.isSafeInteger(n) && n > 0 && n <= MAX_FACE_VALUE;

/**
 * The columns of `terms`, after checking them once more (the action's schema
 * did first), resolving a product scope to a product that is for sale and
 * provider references (ids or names, ignoring case) to catalogue providers; an
 * unknown provider is refused. The database CHECKs and the provider_ids trigger
 * are the last line behind this.
 */
export async function resolveTerms(tx: Db, terms: TermsInput): Promise<ResolvedTerms> {
  const { columns, providers } = await termColumnsOf(tx, terms);
  return { columns, audit: auditTerms(terms, providers) };
}

async function termColumnsOf(tx: Db, terms: TermsInput): Promise<{ columns: TermColumns; providers: ResolvedProvider[] }> {
  const none = { faceValue: null, amountOff: null, minOrderAmount: null, payBasisPoints: null, maxDiscount: null, scopeProductId: null, providerIds: null };
  const plain = (columns: TermColumns) => ({ columns, providers: [] as ResolvedProvider[] });
  switch (terms.kind) {
    case "cash":
      if (!positiveAmount(terms.faceValue)) throw new DalError({ code: "invalid_input", reason: "face_value" });
      return plain({ ...none, kind: "cash", faceValue: terms.faceValue });
    case "compute": {
      if (!positiveAmount(terms.faceValue)) throw new DalError({ code: "invalid_input", reason: "face_value" });
      if (terms.providers.length > MAX_PROVIDERS) throw new DalError({ code: "invalid_input", reason: "too_many_providers", max: MAX_PROVIDERS });
      const providers = await resolveProviderRefs(tx, terms.providers);
      if (providers.length === 0) throw new DalError({ code: "invalid_input", reason: "no_providers" });
      return { columns: { ...none, kind: "compute", faceValue: terms.faceValue, providerIds: providers.map((p) => p.id) }, providers };
    }
    case "discount": {
      const d = terms.discount;
      let scopeProductId: number | null = null;
      if (d.productPublicId !== null) {
        const [product] = await tx
          .select({ id: products.id })
          .from(products)
          .where(and(eq(products.publicId, d.productPublicId), isNull(products.retiredAt)));
        if (!product) throw new DalError({ code: "invalid_input", reason: "scope_product" });
        scopeProductId = product.id;
      }
      if (d.type === "amount_off") {
        if (!positiveAmount(d.amountOff)) throw new DalError({ code: "invalid_input", reason: "amount_off" });
        if (d.minOrderAmount !== null && (!Number.isSafeInteger(d.minOrderAmount) || d.minOrderAmount < 0)) {
          throw new DalError({ code: "invalid_input", reason: "min_order" });
        }
        return plain({ ...none, kind: "discount", amountOff: d.amountOff, minOrderAmount: d.minOrderAmount, scopeProductId });
      }
      if (!Number.isInteger(d.payBasisPoints) || d.payBasisPoints < 1 || d.payBasisPoints > 9_999) {
        throw new DalError({ code: "invalid_input", reason: "percent_off" });
      }
      if (d.maxDiscount !== null && !positiveAmount(d.maxDiscount)) throw new DalError({ code: "invalid_input", reason: "max_discount" });
      return plain({ ...none, kind: "discount", payBasisPoints: d.payBasisPoints, maxDiscount: d.maxDiscount, scopeProductId });
    }
    default:
      return terms satisfies never;
  }
}

/** Refuses a validity that is inverted, already over, or out of range. */
export function checkValidity(validity: ValidityInput, now: Date): void {
  if (validity.type === "days") {
    if (!isValidDayCount(validity.days)) throw new DalError({ code: "invalid_input", reason: "valid_days", max: MAX_VALID_DAYS });
    return;
  }
  if (validity.expiresAt.getTime() <= validity.effectiveAt.getTime()) throw new DalError({ code: "invalid_input", reason: "window_inverted" });
  if (validity.expiresAt.getTime() <= now.getTime()) throw new DalError({ code: "invalid_input", reason: "window_ended" });
}

/** The terms as the audit log records them: plain values, the product by its public id, providers by id and name. */
function auditTerms(terms: TermsInput, providers: readonly ResolvedProvider[]): Record<string, unknown> {
  switch (terms.kind) {
    case "cash":
      return { kind: "cash", faceValue: terms.faceValue };
    case "compute":
      return { kind: "compute", faceValue: terms.faceValue, providers: providers.map((p) => ({ id: p.publicId, name: p.name })) };
    case "discount":
      return { kind: "discount", ...terms.discount };
    default:
      return terms satisfies never;
  }
}

export function auditValidity(validity: ValidityInput): Record<string, unknown> {
  return validity.type === "days"
    ? { validDays: validity.days }
    : { effectiveAt: validity.effectiveAt.toISOString(), expiresAt: validity.expiresAt.toISOString() };
}
