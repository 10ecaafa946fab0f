/**
 * Talking to the server the way an attacker would: plain HTTP, cookies by
 * hand, server actions called by their id (no browser, no React client).
 */
import type { Outcome } from "../matrix";

export const DEMO_PASSWORD = "demo-password";

/** A session cookie with a bad signature: it gets past proxy.ts's cookie check, so the action's own check decides. */
export const FORGED_SESSION =
  "__Secure-better-auth.session_token=forgedtoken0000000000000000000.c2lnbmF0dXJl; better-auth.session_token=forgedtoken0000000000000000000.c2lnbmF0dXJl";

export interface SignedIn {
  email: string;
  cookie: string;
  setCookie: string[];
}

/** Signs in through better-auth's endpoint; returns the Cookie header to send. */
export async function signIn(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  const setCookie = response.headers.getSetCookie();
  const cookie = setCookie.map((c) => c.split(";")[0]).join("; ");
  if (!cookie.includes("session_token=")) throw new Error(`sign-in of ${email} set no session cookie`);
  return { email, cookie, setCookie };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface CallOptions {
  cookie?: string;
  /** X-Forwarded-For, as the trusted proxy in front of the server would set it. */
  forwardedFor?: string;
  contentType?: string;
  signal?: AbortSignal;
}

/**
 * Posts a server action call: `Next-Action: <id>` and a body that is the
 * argument list as JSON (what React sends for plain values). `rawBody` sends
 * anything else, as an attacker could.
 */
export async function postAction(
  baseURL: string,
  path: string,
  actionId: string,
  args: unknown[] | { rawBody: string },
  options: CallOptions = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    "Next-Action": actionId,
    Accept: "text/x-component",
    "Content-Type": options.contentType ?? "text/plain;charset=UTF-8",
  };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.forwardedFor) headers["X-Forwarded-For"] = options.forwardedFor;
  const body = Array.isArray(args) ? JSON.stringify(args) : args.rawBody;
  const response = await fetch(`${baseURL}${path}`, { method: "POST", redirect: "manual", headers, body, signal: options.signal });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

export async function request(
  baseURL: string,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: { cookie?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { Origin: baseURL, ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["Content-Type"] ??= "application/json";
  const response = await fetch(`${baseURL}${path}`, { method, redirect: "manual", headers, body });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

// ---------------------------------------------------------------- the RSC (Flight) payload

type Rows = Map<string, unknown>;

/**
 * Splits a Flight payload into rows `<hex id>:<tag?><data>`. JSON rows end at a
 * newline; text rows (`T<hex byte length>,`) carry a byte count instead, so a
 * newline inside a long string does not break the parse.
 */
export function parseFlightRows(payload: string): Rows {
  const bytes = Buffer.from(payload, "utf8");
  const rows: Rows = new Map();
  let i = 0;
  while (i < bytes.length) {
    const colon = bytes.indexOf(0x3a, i);
    if (colon === -1) break;
    const id = bytes.subarray(i, colon).toString("utf8");
    let j = colon + 1;
    const tag = String.fromCharCode(bytes[j] ?? 0);
    if (tag === "T") {
      const comma = bytes.indexOf(0x2c, j);
      const length = parseInt(bytes.subarray(j + 1, comma).toString("utf8"), 16);
      rows.set(id, { $text: bytes.subarray(comma + 1, comma + 1 + length).toString("utf8") });
      i = comma + 1 + length;
      continue;
    }
    const newline = bytes.indexOf(0x0a, j);
    const end = newline === -1 ? bytes.length : newline;
    const data = bytes.subarray(j, end).toString("utf8");
    if (/^[A-Z]/.test(tag) && tag !== "T") {
      // Tagged rows: E (error), I (module), HL (hint), D (debug)...
      rows.set(id, { $tag: tag, $data: data.slice(tag === "H" ? 2 : 1) });
    } else {
      try {
        rows.set(id, JSON.parse(data));
      } catch {
        rows.set(id, { $unparsed: data });
      }
    }
    j = end + 1;
    i = j;
  }
  return rows;
}

function resolve(value: unknown, rows: Rows, depth = 0): unknown {
  if (depth > 50) return value;
  if (typeof value === "string" && value.startsWith("$")) {
    if (value.startsWith("$$")) return value.slice(1);
    if (value === "$undefined") return undefined;
    const ref = /^\$@?([0-9a-f]+)$/.exec(value);
    if (ref) {
      const row = rows.get(ref[1]!);
      if (row && typeof row === "object" && "$text" in row) return (row as { $text: string }).$text;
      return resolve(row, rows, depth + 1);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, rows, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, rows, depth + 1)]));
  }
  return value;
}

export interface ActionResultLike {
  ok: boolean;
  code?: string;
  message?: string;
  data?: unknown;
  fieldErrors?: Record<string, string[]>;
  /** The typed failure; a failed payment names its order. */
  failure?: { code: string; orderPublicId?: string };
}

/** The action's return value in a Flight payload (row 0's `a`), or undefined when there is none. */
export function actionResultOf(payload: string): { value: unknown; error: boolean } | undefined {
  const rows = parseFlightRows(payload);
  const root = rows.get("0");
  if (!root || typeof root !== "object" || !("a" in root)) return undefined;
  const ref = (root as { a: unknown }).a;
  const id = typeof ref === "string" ? /^\$@?([0-9a-f]+)$/.exec(ref)?.[1] : undefined;
  const row = id ? rows.get(id) : undefined;
  if (row && typeof row === "object" && "$tag" in row && (row as { $tag: string }).$tag === "E") return { value: row, error: true };
  return { value: resolve(ref, rows), error: false };
}

export function isActionResult(value: unknown): value is ActionResultLike {
  return typeof value === "object" && value !== null && typeof (value as { ok?: unknown }).ok === "boolean";
}

// ---------------------------------------------------------------- what a response means

export interface Classified {
  outcome: Outcome | "error";
  detail: string;
  result?: ActionResultLike;
}

const DENY_OF: Record<string, Outcome> = {
  unauthenticated: "deny-unauthenticated",
  forbidden: "deny-forbidden",
  not_found: "deny-not-found",
};

const location = (r: RawResponse) => r.headers.get("location") ?? "";

/** A server action's response, in the matrix's words (see matrix.ts). */
export function classifyAction(response: RawResponse): Classified {
  if (response.status === 307 || response.status === 303) {
    const to = location(response);
    return to.startsWith("/sign-in")
      ? { outcome: "deny-unauthenticated", detail: `proxy redirect to ${to}` }
      : { outcome: "error", detail: `redirect to ${to}` };
  }
  if (response.status !== 200) return { outcome: "error", detail: `HTTP ${response.status}: ${response.body.slice(0, 200)}` };
  const redirect = response.headers.get("x-action-redirect");
  if (redirect) return { outcome: "allow", detail: `action redirect to ${redirect}` };
  const parsed = actionResultOf(response.body);
  if (!parsed) return { outcome: "error", detail: `no action result in: ${response.body.slice(0, 200)}` };
  if (parsed.error) return { outcome: "error", detail: "the action threw (Flight error row)" };
  if (!isActionResult(parsed.value)) return { outcome: "error", detail: `not an ActionResult: ${JSON.stringify(parsed.value)?.slice(0, 200)}` };
  const result = parsed.value;
  if (result.ok) return { outcome: "allow", detail: "ok", result };
  return { outcome: DENY_OF[result.code ?? ""] ?? "allow", detail: result.code ?? "?", result };
}

/** A route handler's or page's response, in the matrix's words. */
export function classifyHttp(response: RawResponse): Classified {
  const s = response.status;
  if (s >= 200 && s < 300) return { outcome: "allow", detail: String(s) };
  if (s === 401) return { outcome: "deny-unauthenticated", detail: "401" };
  if (s === 403) return { outcome: "deny-forbidden", detail: "403" };
  if (s === 404) return { outcome: "deny-not-found", detail: "404" };
  if (s === 400) return { outcome: "deny-invalid", detail: `400 ${response.body.slice(0, 120)}` };
  if (s === 405) return { outcome: "deny-method", detail: `405 Allow: ${response.headers.get("allow") ?? "none"}` };
  if (s >= 300 && s < 400) {
    const to = location(response).replace(/^https?:\/\/[^/]+/, "");
    if (to.startsWith("/sign-in")) return { outcome: "deny-unauthenticated", detail: `redirect ${to}` };
    return { outcome: `redirect ${to}`, detail: `${s} ${to}` };
  }
  return { outcome: "error", detail: `HTTP ${s}` };
}

/** Traces of a stack trace or server internals in a response body. */
export function leaksInternals(body: string): string | null {
  const patterns: Array<[RegExp, string]> = [
    [/\n\s+at [\w$.<>\[\] ]+ \(/, "a stack frame"],
    [/\bat (async )?[\w$.]+ \((\/|file:|node:)/, "a stack frame"],
    [/node_modules\//, "a node_modules path"],
    [/\.next\/server\//, "a build path"],
    [/\/work\/|\/home\/|\/root\//, "a file system path"],
    [/(PostgresError|DrizzleQueryError|Failed query:|syntax error at or near)/, "a database error"],
    [/ZodError|"issues":\[\{"(expected|code)"/, "a raw validation error"],
  ];
  for (const [pattern, what] of patterns) if (pattern.test(body)) return what;
  return null;
}
