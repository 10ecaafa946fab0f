import type { Messages } from "./messages";

/**
 * The namespaces client components read. Only these, of the active locale, reach
 * the browser (app/layout.tsx); server components read the rest on the server.
 * A client component that uses a namespace not listed here throws in development
 * and in the Playwright runs.
 */
export const CLIENT_NAMESPACES = ["header", "common", "enums", "signIn", "discount"] as const satisfies ReadonlyArray<keyof Messages>;

export type ClientMessages = Pick<Messages, (typeof CLIENT_NAMESPACES)[number]>;

export function clientMessages(messages: Messages): ClientMessages {
  return Object.fromEntries(CLIENT_NAMESPACES.map((ns) => [ns, messages[ns]])) as ClientMessages;
}
