import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("the client IP for the per-IP bucket", () => {
  it("trusts X-Forwarded-For only as far as the configured proxies", () => {
    // One proxy: it appended the address it saw; what the client wrote is ignored.
    expect(clientIp("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    // Two proxies: the outer one saw the client.
    expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  });

  it("without a trusted proxy uses the address Next.js recorded for the connection", () => {
    expect(clientIp("127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("never fails on a missing or empty header", () => {
    expect(clientIp(null, 1)).toBe("unknown");
    expect(clientIp(" , ", 0)).toBe("unknown");
    expect(clientIp("203.0.113.7", 3)).toBe("203.0.113.7");
  });
});
