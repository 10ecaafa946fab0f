import createNextIntlPlugin from "next-intl/plugin";

const production = process.env.NODE_ENV === "production";

// No locale in the URL: i18n/request.ts picks it per request (docs/i18n.md).
// The catalogues are precompiled at build time, so the browser gets no ICU parser.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/**
 * Headers on every response. The Content-Security-Policy is not here: it needs
 * a fresh nonce per request, so proxy.ts sets it (lib/security/csp.ts).
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // CSP frame-ancestors 'none' says the same; this is for browsers that predate it.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // Browsers ignore it over plain http, so local production runs are unaffected.
  ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that the bundler must not touch.
  // pg-boss (the job runner) is loaded from node_modules as it is, like a CLI would.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project first (`npm run typecheck`), then builds for the
  // browser tests: it sets NEXT_BUILD_TYPECHECKED=1 so the build doesn't check the same code
  // again (25 s of the CI run). Any other build, `npm run build` included, checks the types.
  typescript: { ignoreBuildErrors: process.env.NEXT_BUILD_TYPECHECKED === "1" },
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // forbidden() renders app/forbidden.tsx with a 403 status.
  experimental: {
    authInterrupts: true,
    // proxy.ts runs on every route, so Next buffers request bodies for it: no more than
    // the largest body the app accepts (a server action's 1 MB; /api/v1 takes 64 kB).
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default withNextIntl(nextConfig);
