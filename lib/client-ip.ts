/**
 * The client address, for every per-address limit (sign-in, redemption): the
 * one place that decides which address a request came from. It honours only
 * TRUSTED_PROXY_HOPS, the number of proxies in front of the app that append to
 * `X-Forwarded-For`; anything further left in that header was written by the
 * client and could be anything.
 *
 * - hops = 0 (the default: the app is reached directly): the TCP peer. Next.js
 *   writes the peer into `x-forwarded-for` only when the request has none, so
 *   proxy.ts removes a client-sent header first (`dropsClientForwardedFor`);
 *   what reaches the app is then the single entry Next.js wrote.
 * - hops = N: the Nth entry from the right, the address that the outermost of
 *   the N trusted proxies saw. A shorter header (a request that did not pass
 *   through every proxy) gives its leftmost entry, which a trusted hop wrote.
 *
 * The result is a normalized IP address, or "unknown" when the trusted entry is
 * missing or not an address (all such requests then share one bucket).
 */
import { isIP } from "node:net";
import { trustedProxyHops } from "./config";

export const UNKNOWN_CLIENT = "unknown";

/**
 * The request header that carries the address chosen here to better-auth
 * (`advanced.ipAddress.ipAddressHeaders` in lib/auth.ts). The app sets it
 * itself, over any value the client sent (proxy.ts drops a client's copy too).
 */
export const CLIENT_IP_HEADER = "x-billing-client-ip";

/** Whether proxy.ts must remove a client-sent `X-Forwarded-For` so Next.js records the TCP peer instead. */
export function dropsClientForwardedFor(hops: number): boolean {
  return hops <= 0;
}

/**
 * One `X-Forwarded-For` entry as a canonical address, or null when it is none:
 * ports and IPv6 brackets are removed, an IPv4-mapped IPv6 address becomes
 * IPv4, IPv6 is lower-cased.
 */
export function normalizeIp(entry: string): string | null {
  let value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const version = isIP(value);
  if (version === 4) return value;
  if (version !== 6) return null;
  const lower = value.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return lower;
}

/** The client address from an `X-Forwarded-For` value and the number of trusted proxies (see the top of this file). */
export function clientIp(forwardedFor: string | null, hops: number): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return UNKNOWN_CLIENT;
  if (hops <= 0) {
    // Only Next.js writes this header when no proxy is trusted, and it writes one entry.
    return entries.length === 1 ? (normalizeIp(entries[0]!) ?? UNKNOWN_CLIENT) : UNKNOWN_CLIENT;
  }
  const entry = entries[Math.max(0, entries.length - hops)]!;
  return normalizeIp(entry) ?? UNKNOWN_CLIENT;
}

/** The client address of a request, by the deployment's TRUSTED_PROXY_HOPS. */
export function clientIpOf(headers: { get(name: string): string | null }): string {
  return clientIp(headers.get("x-forwarded-for"), trustedProxyHops());
}

/**
 * The bucket an address counts in: IPv4 as is, IPv6 by its /64 prefix (one
 * subscriber usually holds a whole /64 and could otherwise rotate through it).
 * better-auth collapses IPv6 the same way for its own limit (`ipv6Subnet`, 64).
 */
export function addressBucket(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
