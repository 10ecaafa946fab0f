/**
 * The voucher vocabulary of SPEC 3 and 4, shared by the domain, the database
 * schema (pgEnums mirror these lists) and the UI.
 */
export const VOUCHER_KINDS = ["cash", "discount", "compute"] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];

export const VOUCHER_STATUSES = ["not_effective", "available", "used", "expired", "voided"] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

/** Stored-value kinds carry a face value and a balance; the discount kind carries terms. */
export type StoredValueKind = Exclude<VoucherKind, "discount">;

export function isStoredValueKind(kind: VoucherKind): kind is StoredValueKind {
  return kind !== "discount";
}

export const KIND_SINGULAR: Record<VoucherKind, string> = {
  cash: "cash voucher",
  discount: "discount voucher",
  compute: "computing power voucher",
};

/**
 * Discount terms (SPEC 3). Percent discounts are kept as the share the customer
 * pays, in basis points: 8000 means "pay 80%", shown as "20% off".
 */
export type DiscountTerms =
  | { type: "amount_off"; amountOff: number; minOrderAmount: number | null; productId: number | null }
  | { type: "percent_off"; payBasisPoints: number; maxDiscount: number | null; productId: number | null };
