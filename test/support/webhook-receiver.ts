/**
 * A real webhook receiver on 127.0.0.1 for the delivery tests: checks each
 * request's Standard Webhooks signature with the endpoint's secret (the
 * signature math of `Webhook.verify`; the timestamp is checked by the test
 * against its own `now`, which may be pinned far from the wall clock) and
 * answers as told: 200, an error status, never (hold the request open), or
 * not at all (closed port: see `refusedUrl`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  timestamp: number;
  body: unknown;
  verified: boolean;
}

export type Answer = { status: number } | "hold";

export interface Receiver {
  url: string;
  received: Received[];
  /** What the next requests get (200 by default). */
  answer: Answer;
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function verify(secret: string, req: IncomingMessage, raw: string): boolean {
  const id = String(req.headers["webhook-id"] ?? "");
  const ts = Number(req.headers["webhook-timestamp"]);
  const given = String(req.headers["webhook-signature"] ?? "").split(" ");
  if (!id || !Number.isFinite(ts)) return false;
  const expected = new Webhook(secret).sign(id, new Date(ts * 1000), raw);
  return given.includes(expected);
}

export async function startReceiver(secret: string, path = "/hook"): Promise<Receiver> {
  const held = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: "",
    received: [],
    answer: { status: 200 },
    async waitFor(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (receiver.received.length < n) {
        if (Date.now() > until) throw new Error(`receiver got ${receiver.received.length} of ${n} requests`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      receiver.received.push({ id: String(req.headers["webhook-id"] ?? ""), timestamp: Number(req.headers["webhook-timestamp"]), body, verified: verify(secret, req, raw) });
      const answer = receiver.answer;
      if (answer === "hold") {
        held.add(res);
        return;
      }
      res.writeHead(answer.status, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}

/** A URL on 127.0.0.1 where nothing listens (a port just freed). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}
