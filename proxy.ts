import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";
import { CLIENT_IP_HEADER, dropsClientForwardedFor } from "@/lib/client-ip";
import { trustedProxyHops } from "@/lib/config";
import { checkActionRequest } from "@/lib/security/action-envelope";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

/** Pages that need a session: visitors without a session cookie go to /sign-in. */
function needsSession(pathname: string): boolean {
  // Route handlers (downloads) answer 401 themselves: a redirect to an HTML page is no use to a script.
  if (pathname.endsWith("/export")) return false;
  return pathname === "/" || /^\/(billing|admin)(\/|$)/.test(pathname);
}

/**
 * Runs before every request but static files:
 * 0. A path that does not decode is refused with a 400.
 * 1. Server action calls whose body is not a plain argument list are refused
 *    with a 400 before Next decodes them (lib/security/action-envelope.ts).
 * 2. A fresh CSP nonce per request, on the request (Next puts it on its
 *    scripts) and on the response (lib/security/csp.ts).
 * 3. An optimistic redirect of signed-out visitors to /sign-in (no database
 *    call here). The real check is on the server in every page, action and route.
 * 4. With no trusted proxy (TRUSTED_PROXY_HOPS=0), a client-sent
 *    `X-Forwarded-For` is removed, so Next.js records the TCP peer in it for
 *    lib/client-ip.ts; a client-sent copy of the app's own address header too.
 */
export async function proxy(request: NextRequest) {
  // A malformed escape in the path (`%Z9`) makes Next answer 500 on catch-all routes: refuse it here.
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return new NextResponse("Bad request: the path is not valid percent-encoding.\n", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  if (request.method === "POST" && request.headers.has("next-action")) {
    const verdict = await checkActionRequest(request);
    if (!verdict.ok) {
      return new NextResponse(`Invalid Server Action request: ${verdict.reason}.\n`, {
        status: verdict.status,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
  }

  const csp = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === "development" });
  if (needsSession(request.nextUrl.pathname) && !getSessionCookie(request)) {
    const redirect = NextResponse.redirect(new URL("/sign-in", request.url));
    redirect.headers.set("Content-Security-Policy", csp);
    return redirect;
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.delete(CLIENT_IP_HEADER);
  if (dropsClientForwardedFor(trustedProxyHops())) requestHeaders.delete("x-forwarded-for");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
