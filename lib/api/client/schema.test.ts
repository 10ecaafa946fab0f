import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { API_ENDPOINTS } from "@/lib/api/openapi-source";
import { SCHEMA_TYPES_FILE, schemaTypes } from "./generate";
import { createBillingClient } from "./index";

describe("the typed client", () => {
  it("has types generated from the current document (else run `npm run api:types`)", async () => {
    const fresh = await schemaTypes(openApiDocument(API_ENDPOINTS));
    expect(readFileSync(SCHEMA_TYPES_FILE, "utf8"), `${SCHEMA_TYPES_FILE} is stale: run \`npm run api:types\` and commit it`).toBe(fresh);
  }, 30_000);

  it("sends the key as a Bearer header to the base URL", async () => {
    const seen: Request[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      seen.push(input as Request);
      return Response.json({ id: "ord_1" }, { status: 200 });
    };
    const api = createBillingClient({ baseUrl: "https://billing.example.com/", apiKey: "sk_live_test", fetch });
    const { data } = await api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId: "ord_1" } } });
    expect(data).toEqual({ id: "ord_1" });
    expect(seen[0]!.url).toBe("https://billing.example.com/api/v1/orders/ord_1");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer sk_live_test");
  });
});
