/**
 * R6, the authorization matrix: every server action (called by its action id
 * over HTTP, as an attacker would, not through the UI), every route handler and
 * every page, times {signed out, customer A, customer B, admin}, against the
 * expectations of matrix.ts. A refused call must also leave the database as it
 * was. The lists come from the build and from app/: an action, route or page
 * without a row fails here.
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACTIONS, PAGES, ROUTES, type MatrixContext, type Outcome, type Role } from "./matrix";
import { matrixIn, renderMatrix } from "./matrix-doc";
import { buildContext } from "./support/context";
import { describeDiff, diffSnapshots, openProbe, type DbProbe } from "./support/db";
import { FORGED_SESSION, classifyAction, classifyHttp, leaksInternals, postAction, request, signIn, type Classified } from "./support/http";
import { actionKey, listActions, listPages, listRoutes, type ExposedAction } from "./support/manifest";
import { ADMIN, CUSTOMER_A, CUSTOMER_B, NEEDS_POSTGRES, readTarget, type Target } from "./support/target";

const EMAIL: Record<Exclude<Role, "signedOut">, string> = { customerA: CUSTOMER_A, customerB: CUSTOMER_B, admin: ADMIN };
/** Refusals first, so an allowed call (which may change data) never changes what a refusal is measured against. */
const CALL_ORDER: Role[] = ["signedOut", "customerB", "admin", "customerA"];

let target: Target;
let actions: ExposedAction[];
let cookies: Record<Role, string>;
let ctx: MatrixContext;
let probe: DbProbe | null = null;

test.beforeAll(async () => {
  target = readTarget();
  actions = listActions();
  cookies = {
    signedOut: FORGED_SESSION,
    customerA: (await signIn(target.baseURL, CUSTOMER_A)).cookie,
    customerB: (await signIn(target.baseURL, CUSTOMER_B)).cookie,
    admin: (await signIn(target.baseURL, ADMIN)).cookie,
  };
  ctx = await buildContext(target.baseURL, cookies, actions);
  if (target.databaseUrl) probe = openProbe(target.databaseUrl);
  else console.log(`[matrix] the no-change checks of refused calls are SKIPPED: ${NEEDS_POSTGRES}`);
});

test.afterAll(async () => {
  await probe?.close();
});

interface Cell {
  row: string;
  role: Role;
  expected: Outcome;
  got: Classified;
  changed?: string;
}

/** Runs `call` and, for a refusal, checks that no table changed. */
async function measure(row: string, role: Role, expected: Outcome, call: () => Promise<Classified>): Promise<Cell> {
  const before = expected.startsWith("deny") && probe ? await probe.snapshot() : null;
  const got = await call();
  const cell: Cell = { row, role, expected, got };
  if (before && probe) {
    const diffs = diffSnapshots(before, await probe.snapshot());
    if (diffs.length > 0) cell.changed = describeDiff(diffs);
  }
  return cell;
}

function report(cells: Cell[]): string[] {
  return cells
    .filter((c) => c.got.outcome !== c.expected || c.changed)
    .map((c) => `${c.row} as ${c.role}: expected ${c.expected}, got ${c.got.outcome} (${c.got.detail})${c.changed ? `; the database changed:\n${c.changed}` : ""}`);
}

test.describe("[SECURITY][R6] authorization matrix", () => {
  test("every server action, route handler and page of the build has a row in matrix.ts", () => {
    const keys = actions.map((a) => actionKey(a, actions));
    expect(keys.filter((k) => !(k in ACTIONS)), "server actions without a row in e2e/security/matrix.ts").toEqual([]);
    expect(Object.keys(ACTIONS).filter((k) => !keys.includes(k)), "rows in matrix.ts for actions the build does not have").toEqual([]);
    const routes = listRoutes();
    expect(routes.filter((r) => !(r in ROUTES)), "route handlers without a row").toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r)), "rows for routes that do not exist").toEqual([]);
    const pages = listPages();
    expect(pages.filter((p) => !(p in PAGES)), "pages without a row").toEqual([]);
    expect(Object.keys(PAGES).filter((p) => !pages.includes(p)), "rows for pages that do not exist").toEqual([]);
  });

  test("server actions, called by id over HTTP", async () => {
    const cells: Cell[] = [];
    for (const action of actions) {
      const key = actionKey(action, actions);
      const row = ACTIONS[key];
      // An action without a row fails the first test; the others still get measured here.
      if (!row) continue;
      for (const role of CALL_ORDER) {
        // signOutAction ends the session it is called with: give it one of its own.
        const cookie = key === "signOutAction" && role !== "signedOut" ? (await signIn(target.baseURL, EMAIL[role])).cookie : cookies[role];
        const input = row.input(ctx);
        const args = input === undefined ? [] : [input];
        cells.push(await measure(key, role, row.expect[role], async () => classifyAction(await postAction(target.baseURL, action.pagePath, action.id, args, { cookie }))));
      }
      // Without any cookie the proxy turns the call away before the action; it must never run or fail.
      const bare = classifyAction(await postAction(target.baseURL, action.pagePath, action.id, row.input(ctx) === undefined ? [] : [row.input(ctx)]));
      if (row.expect.signedOut !== "allow") cells.push({ row: `${key} (no cookie at all)`, role: "signedOut", expected: "deny-unauthenticated", got: bare });
      else expect(bare.outcome, `${key} with no cookie`).not.toBe("error");
    }
    console.log(cells.map((c) => `${c.row.padEnd(36)} ${c.role.padEnd(10)} ${c.got.outcome.padEnd(22)} ${c.got.detail}`).join("\n"));
    expect(report(cells)).toEqual([]);
  });

  test("route handlers", async () => {
    const cells: Cell[] = [];
    for (const [key, probes] of Object.entries(ROUTES)) {
      for (const p of probes) {
        for (const role of CALL_ORDER) {
          cells.push(
            await measure(`${key} ${p.does}`, role, p.expect[role], async () => {
              const response = await request(target.baseURL, p.method, p.path(ctx), { cookie: cookies[role], body: p.body?.(ctx) });
              const leak = leaksInternals(response.body);
              return leak ? { outcome: "error", detail: `the response shows ${leak}` } : classifyHttp(response);
            }),
          );
        }
      }
    }
    console.log(cells.map((c) => `${c.row.slice(0, 60).padEnd(60)} ${c.role.padEnd(10)} ${c.got.outcome}`).join("\n"));
    expect(report(cells)).toEqual([]);
  });

  test("pages", async () => {
    const cells: Cell[] = [];
    for (const [key, row] of Object.entries(PAGES)) {
      for (const role of CALL_ORDER) {
        cells.push(await measure(key, role, row.expect[role], async () => classifyHttp(await request(target.baseURL, "GET", row.path(ctx), { cookie: cookies[role] }))));
      }
    }
    expect(report(cells)).toEqual([]);
  });

  test("customer B holding customer A's ids reads nothing of A and changes nothing of A", async () => {
    const pay = actions.find((a) => a.exportedName === "placeAndPayOrderAction")!;
    const topUp = actions.find((a) => a.exportedName === "topUpAction")!;
    const aVoucher = ctx.a.voucherIds[0]!;
    const before = probe ? await probe.snapshot() : null;

    // Paying with A's voucher: the plan does not know it (it is looked up on B's account only).
    const paid = classifyAction(
      await postAction(
        target.baseURL,
        pay.pagePath,
        pay.id,
        [{ productPublicId: ctx.productId, quantity: 1, requestKey: randomUUID(), plan: { ...ctx.cashPlan, vouchers: [{ voucher: aVoucher, amount: 1 }], cash: ctx.cashPlan.cash - 1 } }],
        { cookie: cookies.customerB },
      ),
    );
    // Refused as bad input before any order exists (SPEC 6), and A's voucher is untouched (the probe below).
    expect(paid.result?.code).toBe("invalid_input");
    expect(paid.result?.message).toMatch(/isn't on this account/);

    // A top-up that names A's account in extra fields still tops up B (the account comes from the session).
    const topped = classifyAction(
      await postAction(target.baseURL, topUp.pagePath, topUp.id, [{ amount: "1.00", requestKey: randomUUID(), accountId: 1, accountPublicId: "acc_x", billingAccountId: 1 }], {
        cookie: cookies.customerB,
      }),
    );
    expect(topped.outcome).toBe("allow");

    // Quoting with A's voucher: no data of A comes back.
    const quote = await request(target.baseURL, "GET", `/api/quote?product=${ctx.productId}&quantity=1&vouchers=${aVoucher}`, { cookie: cookies.customerB });
    expect(quote.status).toBe(200);
    const body = JSON.parse(quote.body) as { options: Array<{ publicId: string }>; result: { ok: boolean } };
    expect(body.result.ok).toBe(false);
    expect(body.options.map((o) => o.publicId)).not.toContain(aVoucher);

    // Exporting usage filtered by A's voucher: the header and no row.
    const csv = await request(target.baseURL, "GET", `/billing/usage/export?voucher=${aVoucher}`, { cookie: cookies.customerB });
    expect(csv.status).toBe(200);
    expect(csv.body.trim().split("\n")).toHaveLength(1);

    // A's order page and A's pending order: not found for B.
    expect((await request(target.baseURL, "GET", `/billing/orders/${ctx.a.paidOrderId}`, { cookie: cookies.customerB })).status).toBe(404);

    if (before && probe) {
      // B's own account got a failed attempt and a top-up; not one row of A's account changed.
      const accountA = JSON.parse((await probe.snapshot()).get("billing_accounts")!.find((r) => r.includes('"name": "Alice\'s lab"'))!) as { id: number };
      const touched = diffSnapshots(before, await probe.snapshot()).flatMap((d) => [...d.added, ...d.removed].map((r) => ({ table: d.table, row: JSON.parse(r) as Record<string, unknown> })));
      const ofA = touched.filter(({ table, row }) => row.account_id === accountA.id || (table === "billing_accounts" && row.id === accountA.id));
      expect(ofA, "rows of customer A's account that changed").toEqual([]);
      expect(touched.length, "B's own failed attempt and top-up are recorded").toBeGreaterThan(0);
    }
  });

  test("docs/security.md shows this matrix", () => {
    const document = readFileSync("docs/security.md", "utf8");
    expect(matrixIn(document), "run `npm run docs:security-matrix` after changing e2e/security/matrix.ts").toBe(renderMatrix());
  });
});

