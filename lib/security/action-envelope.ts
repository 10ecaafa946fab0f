/**
 * A gate for the transport of server action calls (the React "reply" that the
 * browser posts with a `Next-Action` header), applied in proxy.ts before Next
 * decodes it.
 *
 * Why: Next decodes the body before any of our code runs, and a body that does
 * not decode (not JSON, not an array, a `$` reference to a part that isn't
 * there) makes it answer 500 and log an error, for anyone, signed in or not.
 * Our actions take plain JSON values only, so every legitimate call is a JSON
 * array whose strings use at most the value markers below; anything else is
 * refused here with a 400 and never reaches the decoder. It also keeps the
 * reference syntax behind past RSC decoding advisories (path references such
 * as `$1:constructor:constructor`, outlined Maps, promises, streams) away from
 * the server.
 */

/** The same limit as Next's default `serverActions.bodySizeLimit`. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;

export type EnvelopeVerdict = { ok: true } | { ok: false; status: 400 | 413; reason: string };

const refuse = (reason: string, status: 400 | 413 = 400): EnvelopeVerdict => ({ ok: false, status, reason });

/**
 * Value markers React's `encodeReply` writes for plain values: `$$` escapes a
 * string that starts with `$`; the others are undefined, NaN, ±Infinity, -0,
 * dates and bigints. `$K<n>` (a FormData) only comes in a multipart body.
 */
const VALUE_MARKER = /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D[-+\dTZ:.]{1,40}$|n-?\d{1,400}$)/;
const FORM_DATA_MARKER = /^\$K\d{1,9}$/;
const MAX_DEPTH = 32;

function checkValue(value: unknown, depth: number, multipart: boolean): string | null {
  if (depth > MAX_DEPTH) return "the arguments are nested too deeply";
  if (typeof value === "string") {
    if (!value.startsWith("$") || VALUE_MARKER.test(value)) return null;
    if (multipart && FORM_DATA_MARKER.test(value)) return null;
    return "the arguments hold a reference that a plain value never has";
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = checkValue(item, depth + 1, multipart);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "__proto__") return "the arguments hold a __proto__ key";
      const problem = checkValue(item, depth + 1, multipart);
      if (problem) return problem;
    }
  }
  return null;
}

/** Checks the root part: a JSON array (the argument list) of plain values. */
export function checkActionArguments(text: string, multipart = false): EnvelopeVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse("the body is not JSON");
  }
  if (!Array.isArray(parsed)) return refuse("the body is not an argument list");
  const problem = checkValue(parsed, 0, multipart);
  return problem ? refuse(problem) : { ok: true };
}

/**
 * Checks a multipart action body: part `0` holds the arguments, and the only
 * other parts are the entries of a FormData argument (`_<n>_<name>`), which
 * React never decodes as references.
 */
export function checkMultipartAction(entries: Iterable<[string, unknown]>): EnvelopeVerdict {
  let root: string | null = null;
  for (const [key, value] of entries) {
    if (key === "0") {
      if (typeof value !== "string") return refuse("the argument part is not text");
      // The decoder reads the first part 0 and this check would read another: one only.
      if (root !== null) return refuse("the body has two argument parts");
      root = value;
    } else if (!/^_\d{1,9}_/.test(key)) {
      return refuse("the body has a part that plain arguments never have");
    }
  }
  if (root === null) return refuse("the body has no argument part");
  return checkActionArguments(root, true);
}

/** The whole check for one request that carries a `Next-Action` header. */
export async function checkActionRequest(request: Request): Promise<EnvelopeVerdict> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_ACTION_BODY_BYTES) return refuse("the body is too large", 413);
  const contentType = request.headers.get("content-type") ?? "";
  try {
    if (contentType.toLowerCase().startsWith("multipart/form-data")) {
      return checkMultipartAction((await request.formData()).entries());
    }
    const text = await request.text();
    if (text.length > MAX_ACTION_BODY_BYTES) return refuse("the body is too large", 413);
    return checkActionArguments(text);
  } catch {
    return refuse("the body could not be read");
  }
}
