/**
 * Input schemas for buying (quote, pay, top-up), shared by the quote route and
 * the server actions. Only ids and counts come from the client: prices and
 * amounts are always computed on the server.
 */
import { z } from "zod";
import { publicIdSchema } from "../ids";
import { formatRange, parseMoney } from "../money";

export const MAX_QUANTITY = 10_000;

export const quantitySchema = z.coerce
  .number({ error: "Enter a quantity." })
  .int("Quantity must be a whole number.")
  .min(1, "Quantity must be at least 1.")
  .max(MAX_QUANTITY, `Quantity can be at most ${MAX_QUANTITY.toLocaleString("en-US")}.`);

/** undefined: automatic; null ("none"): no discount; otherwise a voucher ID. */
export const choicesSchema = z.object({
  discount: z.union([publicIdSchema("vch"), z.null()]).optional(),
  vouchers: z.array(publicIdSchema("vch")).max(100).optional(),
});
export type ChoicesInput = z.infer<typeof choicesSchema>;

export const orderRequestSchema = z.object({
  productPublicId: publicIdSchema("prd"),
  quantity: quantitySchema,
  choices: choicesSchema.default({}),
});

const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const STALE_PAGE = "Reload the page and try again.";

/**
 * The plan the page showed, sent back with Pay (SPEC 6: the plan the customer
 * saw is the contract). Amounts are only compared with the plan the server
 * computes on the locked rows; they never set a price.
 */
export const shownPlanSchema = z
  .object({
    amount: minor,
    discount: z.object({ voucher: publicIdSchema("vch"), amount: minor }).nullable(),
    vouchers: z.array(z.object({ voucher: publicIdSchema("vch"), amount: minor.positive() })).max(100),
    cash: minor,
  }, { error: STALE_PAGE })
  .refine((p) => new Set(p.vouchers.map((v) => v.voucher)).size === p.vouchers.length, STALE_PAGE)
  .refine((p) => p.discount === null || p.vouchers.length === 0, "A discount voucher can't be combined with cash or computing power vouchers.")
  .refine((p) => (p.discount?.amount ?? 0) + p.vouchers.reduce((sum, v) => sum + v.amount, 0) + p.cash === p.amount, STALE_PAGE);

/** Pay a new order: the product and quantity, and the plan that was shown for them. */
export const payRequestSchema = z.object({
  productPublicId: publicIdSchema("prd"),
  quantity: quantitySchema,
  requestKey: z.uuid(STALE_PAGE),
  plan: shownPlanSchema,
});

/** Pay a pending order again, with the plan its page showed. */
export const payExistingSchema = z.object({
  orderPublicId: publicIdSchema("ord"),
  plan: shownPlanSchema,
});

/** The largest top-up, in minor units: ¥1,000,000.00 in CNY. */
export const MAX_TOP_UP = 100_000_000;

/** A top-up amount typed in `currency` (the platform's), 1 to MAX_TOP_UP minor units. */
export const topUpSchema = (currency: string) =>
  z.object({
    amount: z.string().transform((s, ctx) => {
      const minor = parseMoney(s, currency);
      if (minor === null || minor <= 0 || minor > MAX_TOP_UP) {
        ctx.addIssue({ code: "custom", message: `Enter an amount ${formatRange(1, MAX_TOP_UP, currency)}.` });
        return z.NEVER;
      }
      return minor;
    }),
    requestKey: z.uuid("Reload the page and try again."),
  });

/**
 * The quote query string: `product`, `quantity`, `discount` (a voucher ID, or
 * "none"), `vouchers` (comma-separated IDs, or absent for automatic).
 */
export function parseQuoteParams(params: URLSearchParams) {
  const discount = params.get("discount");
  const vouchers = params.get("vouchers");
  return orderRequestSchema.safeParse({
    productPublicId: params.get("product") ?? "",
    quantity: params.get("quantity") ?? "",
    choices: {
      discount: discount === null || discount === "" ? undefined : discount === "none" ? null : discount,
      vouchers: vouchers === null ? undefined : vouchers.split(",").filter(Boolean),
    },
  });
}
