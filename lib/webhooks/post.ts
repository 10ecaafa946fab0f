/**
 * One webhook POST (docs/events.md, Delivery): through the SSRF policy's own
 * `lookup` (lib/webhooks/url-policy.ts), so the connection goes only to the
 * addresses checked; no redirect followed (a 3xx is a failure); one deadline
 * for the whole exchange; at most 64 KiB of the answer read, then the
 * connection dropped. The outcome's error text is short and generic: never the
 * URL (its query may hold a token) nor the secret.
 */
import http from "node:http";
import https from "node:https";
import { checkWebhookUrl, deliverableLookup, type UrlPolicy } from "./url-policy";

export const MAX_RESPONSE_BYTES = 64 * 1024;

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: UrlPolicy;
}

/** Short words for what went wrong, for the delivery's `lastError`. */
function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case "EWEBHOOKTIMEOUT":
      return "timed out";
    case "EWEBHOOKPRIVATE":
      return "refused: the host resolves to a private address";
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "EPIPE":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    default:
      if (typeof code === "string" && code.startsWith("ERR_TLS") || /^(CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(String(code))) return "TLS error";
      return typeof code === "string" && /^[A-Z_0-9]{3,40}$/.test(code) ? `network error (${code})` : "network error";
  }
}

export function postWebhook(request: PostRequest): Promise<PostOutcome> {
  const checked = checkWebhookUrl(request.url, request.policy);
  if (!checked.ok) return Promise.resolve({ ok: false, status: null, error: `refused: ${checked.reason === "private_address" ? "private address" : `URL ${checked.reason}`}` });
  const url = checked.url;
  const body = Buffer.from(request.body, "utf8");
  const send = url.protocol === "https:" ? https.request : http.request;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const req = send(url, {
      method: "POST",
      headers: {
        ...request.headers,
        "content-type": "application/json",
        "content-length": String(body.length),
        "user-agent": "billing-console-webhooks/1",
      },
      lookup: deliverableLookup(request.policy) as never,
      agent: false,
    });
    const deadline = setTimeout(() => {
      const err = Object.assign(new Error("webhook timed out"), { code: "EWEBHOOKTIMEOUT" });
      req.destroy(err);
      finish({ ok: false, status: null, error: describe(err) });
    }, request.timeoutMs);
    req.on("error", (err) => finish({ ok: false, status: null, error: describe(err) }));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      const done = () => finish(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}` });
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) {
          // Enough: the status is what counts.
          res.destroy();
          done();
        }
      });
      res.on("end", done);
      res.on("error", (err) => finish({ ok: false, status, error: describe(err) }));
      res.on("close", done);
    });
    req.end(body);
  });
}
