/**
 * The Content Security Policy of every page, built per request in proxy.ts.
 *
 * Scripts: only those carrying this request's nonce, and what they load
 * ('strict-dynamic'). Next reads the nonce from the request's policy header and
 * puts it on its own inline bootstrap scripts, so the App Router needs neither
 * 'unsafe-inline' nor a host list for scripts. Development adds 'unsafe-eval',
 * which React's dev build needs for its debugging aids.
 *
 * Styles: 'unsafe-inline' stays. Server-rendered `style` attributes (Radix
 * primitives position and lock elements with them) cannot carry a nonce, and
 * the browser would drop them; inline CSS cannot run script, so the trade is
 * cheap compared with script injection, which the policy does stop.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Nobody may frame the console (clickjacking); X-Frame-Options says the same to old browsers.
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable and fresh for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
