import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Outside app/ nothing is React code: `useTestDatabase()` is a Vitest fixture, not a hook,
  // and a test's `let` assigned in beforeAll is not component state.
  {
    files: ["**/*.test.ts", "test/**", "e2e/**", "scripts/**", "bench/**", "lib/**", "sandbox/**", "cli/**"],
    rules: { "react-hooks/rules-of-hooks": "off", "react-hooks/immutability": "off", "react-hooks/globals": "off" },
  },
  // API tests read response bodies by path; the body's shape is what they assert.
  { files: ["test/api-*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  { ignores: [".next/**", ".data/**", "node_modules/**", "lib/db/generated/**", "cli/dist/**", "e2e/output/**", "test-results/**", "next-env.d.ts"] },
];

export default config;
