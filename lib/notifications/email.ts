/**
 * Email of notifications (docs/notifications.md) through nodemailer, when
 * `SMTP_URL` is set (e.g. `smtp://user:pass@mail.example:587`, or `smtps://…`
 * for TLS from the start); unset, nothing is sent. The sender is `SMTP_FROM`
 * (default `Billing Center <no-reply@localhost>`). Connections are bounded in
 * time so a mail server that hangs never holds a job for long.
 */
import { createTransport, type Transporter } from "nodemailer";

export const DEFAULT_SMTP_FROM = "Billing Center <no-reply@localhost>";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** `SMTP_URL`, or null when email is off. */
export function smtpUrl(): string | null {
  const url = process.env.SMTP_URL?.trim();
  return url ? url : null;
}

export function smtpFrom(): string {
  return process.env.SMTP_FROM?.trim() || DEFAULT_SMTP_FROM;
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    transports.set(url, transport);
  }
  return transport;
}

/** Sends one message through `SMTP_URL` from `SMTP_FROM`; throws when the server refuses it or can't be reached. */
export async function sendMail(message: MailMessage): Promise<void> {
  const url = smtpUrl();
  if (!url) throw new Error("SMTP_URL is not set");
  await transportFor(url).sendMail({ from: smtpFrom(), to: message.to, subject: message.subject, text: message.text, html: message.html });
}
