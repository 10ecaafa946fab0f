import { describe, expect, it } from "vitest";
import { checkWebhookUrl, deliverableLookup, isPublicAddress, PrivateAddressError } from "./url-policy";

const strict = { allowPrivate: false };
const dev = { allowPrivate: true };

describe("webhook URL policy (SSRF)", () => {
  it.each([
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:7f00:1",
    "::ffff:a9fe:a9fe", "2001:db8::1", "64:ff9b::a00:1",
  ])("%s is not public", (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );

  it("takes https URLs to public hosts", () => {
    const r = checkWebhookUrl("https://hooks.example.com/billing?x=1", strict);
    expect(r.ok && r.url.href).toBe("https://hooks.example.com/billing?x=1");
  });

  it.each([
    ["http://hooks.example.com/", "scheme"],
    ["ftp://hooks.example.com/", "scheme"],
    ["not a url", "invalid"],
    ["https://user:pw@hooks.example.com/", "credentials"],
    ["https://127.0.0.1/hook", "private_address"],
    ["https://[::1]/hook", "private_address"],
    ["https://169.254.169.254/latest/meta-data", "private_address"],
    ["https://10.0.0.8:8443/", "private_address"],
    ["https://localhost/hook", "private_address"],
    ["https://db.internal/hook", "private_address"],
    ["https://0x7f000001/hook", "private_address"],
  ])("refuses %s (%s)", (url, reason) => {
    expect(checkWebhookUrl(url, strict)).toEqual({ ok: false, reason });
  });

  it("the dev flag allows http and loopback, never credentials", () => {
    expect(checkWebhookUrl("http://127.0.0.1:4000/hook", dev).ok).toBe(true);
    expect(checkWebhookUrl("http://a:b@127.0.0.1:4000/hook", dev)).toEqual({ ok: false, reason: "credentials" });
  });

  it("refuses a name that resolves to loopback at connection time", async () => {
    const lookup = deliverableLookup(strict);
    const err = await new Promise<unknown>((resolve) => lookup("localhost", {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(PrivateAddressError);
    const ok = await new Promise<unknown>((resolve) => deliverableLookup(dev)("localhost", {}, (e, address) => resolve(e ?? address)));
    expect(typeof ok).toBe("string");
  });
});
