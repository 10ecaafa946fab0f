import { describe, expect, it } from "vitest";
import { addressBucket, clientIp, dropsClientForwardedFor, normalizeIp } from "./client-ip";

describe("the client address honours only TRUSTED_PROXY_HOPS", () => {
  describe("0 hops (the app is reached directly)", () => {
    it("proxy.ts removes a client-sent X-Forwarded-For, so Next.js writes the TCP peer", () => {
      expect(dropsClientForwardedFor(0)).toBe(true);
      expect(dropsClientForwardedFor(1)).toBe(false);
      expect(dropsClientForwardedFor(2)).toBe(false);
    });

    it("uses the one entry Next.js wrote from the connection", () => {
      expect(clientIp("127.0.0.1", 0)).toBe("127.0.0.1");
      expect(clientIp("::ffff:203.0.113.7", 0)).toBe("203.0.113.7");
      expect(clientIp("::1", 0)).toBe("::1");
    });

    it("never trusts a chain: several entries were not written by Next.js", () => {
      // A spoofed header that got past proxy.ts is worth nothing, whatever its last entry says.
      expect(clientIp("6.6.6.6, 127.0.0.1", 0)).toBe("unknown");
      expect(clientIp("127.0.0.1, 6.6.6.6", 0)).toBe("unknown");
    });
  });

  describe("1 hop (one load balancer)", () => {
    it("takes the address the proxy appended, whatever the client wrote to the left, without the source port", () => {
      expect(clientIp("203.0.113.7", 1)).toBe("203.0.113.7");
      expect(clientIp("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
      expect(clientIp("1.1.1.1, 2.2.2.2, 6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
      // Some balancers append "address:port": the port is per connection, not per client.
      expect(clientIp("6.6.6.6, 203.0.113.7:51234", 1)).toBe("203.0.113.7");
    });

    it("rotating the spoofed part or the source port does not change the address", () => {
      const seen = new Set(Array.from({ length: 30 }, (_, i) => clientIp(`10.9.${i}.${i}, 203.0.113.7:${40_000 + i}`, 1)));
      expect([...seen]).toEqual(["203.0.113.7"]);
    });
  });

  describe("2 hops (a CDN in front of a load balancer)", () => {
    it("takes the second entry from the right, what the outer proxy saw, as a plain address", () => {
      expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
      expect(clientIp("6.6.6.6, ::ffff:203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
      expect(clientIp("6.6.6.6, [2001:DB8::7]:443, 10.0.0.2", 2)).toBe("2001:db8::7");
    });

    it("a chain shorter than the trusted proxies gives its leftmost entry, written by a trusted hop", () => {
      expect(clientIp("203.0.113.7:1234", 2)).toBe("203.0.113.7");
      expect(clientIp("::ffff:203.0.113.7", 3)).toBe("203.0.113.7");
    });

    it("rotating the spoofed part or the port does not change the address", () => {
      const seen = new Set(Array.from({ length: 30 }, (_, i) => clientIp(`1.2.3.${i}, 198.51.100.9:${50_000 + i}, 10.0.0.2`, 2)));
      expect([...seen]).toEqual(["198.51.100.9"]);
    });
  });

  it("never fails on a missing, empty or garbage header", () => {
    expect(clientIp(null, 0)).toBe("unknown");
    expect(clientIp(null, 1)).toBe("unknown");
    expect(clientIp(" , ", 0)).toBe("unknown");
    expect(clientIp("not-an-ip", 0)).toBe("unknown");
    expect(clientIp("6.6.6.6, <script>", 1)).toBe("unknown");
    expect(clientIp("x".repeat(10_000), 1)).toBe("unknown");
  });
});

describe("addresses are normalized", () => {
  it("drops ports and brackets, maps IPv4-in-IPv6 to IPv4, lower-cases IPv6", () => {
    expect(normalizeIp("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeIp("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("[2001:db8::1]")).toBe("2001:db8::1");
    expect(normalizeIp("::FFFF:198.51.100.9")).toBe("198.51.100.9");
    expect(normalizeIp("0:0:0:0:0:ffff:198.51.100.9")).toBe("198.51.100.9");
    expect(normalizeIp("999.1.1.1")).toBeNull();
    expect(normalizeIp("unknown")).toBeNull();
  });

  it("counts IPv6 by its /64, IPv4 by the address", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(addressBucket("2001:db8:aa:bb::99")).toBe("2001:db8:aa:bb::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("2001:0db8:0000:00bb:ffff::1")).toBe("2001:db8:0:bb::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("unknown")).toBe("unknown");
  });
});
