/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps every message it
 * receives, for tests of the email of notifications. No TLS, no auth: a sink.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as received. */
  raw: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of a received message's parts (quoted-printable and base64 undone), for assertions. */
export function decodedBody(raw: string): string {
  const parts = raw.split(/\r?\n\r?\n/);
  const out: string[] = [];
  let encoding = "";
  for (const part of parts) {
    const header = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(part);
    if (header) {
      encoding = header[1]!.toLowerCase();
      continue;
    }
    if (encoding === "base64" && /^[A-Za-z0-9+/=\r\n]+$/.test(part.trim())) out.push(Buffer.from(part.replace(/\s+/g, ""), "base64").toString("utf8"));
    else if (encoding === "quoted-printable")
      out.push(
        Buffer.from(
          part.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
      );
    else out.push(part);
  }
  return out.join("\n");
}

/** The decoded Subject header (RFC 2047 encoded words undone). */
export function decodedSubject(raw: string): string {
  const match = /^Subject:(.*(?:\r?\n[ \t].*)*)/im.exec(raw);
  if (!match) return "";
  return match[1]!
    .replace(/\r?\n[ \t]/g, " ")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    )
    .trim();
}
