/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that the bundler must not touch.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // forbidden() renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
};

export default nextConfig;
