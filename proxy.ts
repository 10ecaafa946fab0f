import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";

/**
 * Optimistic redirect of signed-out visitors to /sign-in (no database call here).
 * The real check is on the server in every page, action and route.
 */
export function proxy(request: NextRequest) {
  // Route handlers (downloads) answer 401 themselves: a redirect to an HTML page is no use to a script.
  if (request.nextUrl.pathname.endsWith("/export")) return NextResponse.next();
  if (!getSessionCookie(request)) {
    return NextResponse.redirect(new URL("/sign-in", request.url));
  }
  return NextResponse.next();
}

export const config = { matcher: ["/", "/billing/:path*", "/admin/:path*"] };
