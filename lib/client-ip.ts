/**
 * The client address used for the per-IP bucket. `X-Forwarded-For` is only
 * trusted for as many hops as there are trusted proxies in front of the app
 * (TRUSTED_PROXY_HOPS); entries further left were written by the client and
 * could be anything.
 *
 * With no trusted proxy (hops = 0), Next.js records the socket address in
 * `x-forwarded-for` when the request has none; a client that sends its own
 * header can choose its bucket. Deployments behind a load balancer must set
 * the hop count; the per-account bucket holds either way (docs/architecture.md).
 */
export function clientIp(forwardedFor: string | null, trustedProxyHops: number): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return "unknown";
  if (trustedProxyHops <= 0) return entries[entries.length - 1]!;
  // Each trusted proxy appended the address it saw; the outermost one saw the client.
  const index = Math.max(0, entries.length - trustedProxyHops);
  return entries[index]!;
}
