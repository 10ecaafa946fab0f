/**
 * Where the console may send a webhook (docs/events.md, SSRF): an absolute
 * `https` URL without credentials, whose host is not, and does not resolve to,
 * a loopback, private, link-local or otherwise non-public address. Checked
 * when an admin registers the URL (the literal host) and again at every
 * delivery on the addresses the name resolves to (`deliverableLookup`, used as
 * the connection's own lookup, so a name can't be re-pointed between the
 * check and the connection).
 *
 * `WEBHOOK_ALLOW_PRIVATE_URLS=1` (development and tests only) allows `http` and
 * private addresses, for a receiver on 127.0.0.1.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

export interface UrlPolicy {
  /** `http` URLs and loopback, private and link-local addresses are allowed. */
  allowPrivate: boolean;
}

export type UrlRefusal = "invalid" | "scheme" | "credentials" | "private_address";
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: UrlRefusal };

/** Addresses no webhook may reach without the dev flag: RFC 6890 special-purpose blocks, v4 and v6. */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) NOT_PUBLIC.addSubnet(net, prefix, "ipv6");

/** Whether `address` (a literal IPv4 or IPv6 address) is a public unicast one. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !NOT_PUBLIC.check(address, "ipv4");
  const lower = address.toLowerCase();
  // An IPv4-mapped or -compatible IPv6 address is the IPv4 address it embeds.
  const dotted = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return isPublicAddress(dotted[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) return isPublicAddress(hexPairToIPv4(hex[1], hex[2]));
  return !NOT_PUBLIC.check(address, "ipv6");
}

function hexPairToIPv4(hi: string, lo: string): string {
  const a = parseInt(hi, 16);
  const b = parseInt(lo, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Checks a URL as typed by an admin: what can be known without resolving it.
 * A name is checked again at delivery, on its addresses.
 */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (url.protocol !== "https:" && !(policy.allowPrivate && url.protocol === "http:")) return { ok: false, reason: "scheme" };
  if (url.username || url.password) return { ok: false, reason: "credentials" };
  const host = bareHost(url);
  if (!host) return { ok: false, reason: "invalid" };
  if (!policy.allowPrivate) {
    if (isIP(host) !== 0 && !isPublicAddress(host)) return { ok: false, reason: "private_address" };
    if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
      return { ok: false, reason: "private_address" };
    }
  }
  return { ok: true, url };
}

/** Thrown by `deliverableLookup` for a name that resolves to a non-public address. */
export class PrivateAddressError extends Error {
  readonly code = "EWEBHOOKPRIVATE";
  constructor(readonly host: string) {
    super(`${host} resolves to an address webhooks may not reach`);
    this.name = "PrivateAddressError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request`/`https.request`: resolves like the system's,
 * then refuses the connection when any address is not public (unless the
 * policy allows private ones). The connection uses exactly the addresses
 * checked here.
 */
export function deliverableLookup(policy: UrlPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      if (!policy.allowPrivate && (list.length === 0 || list.some((a) => !isPublicAddress(a.address)))) {
        return callback(new PrivateAddressError(hostname), []);
      }
      const first = list[0];
      if (options.all || !first) return callback(null, list);
      callback(null, first.address, first.family);
    });
  };
}
