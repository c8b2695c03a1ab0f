// Lint: the recommended rules plus STYLE.md's one rule as import restrictions
// (the same rule is also checked by app/architecture.test.ts).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const remixInDomain = {
  group: ["@remix-run/*"],
  message: "app/domain, workers and search never import Remix: the domain owns the rules, routes are HTTP glue.",
};
// Time comes from one clock (app/domain/shared/clock.ts, ADR 0010): business code never
// reads the machine's "now"; elapsed times use performance.now().
const noMachineNow = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Use clock.now() from ~/domain/shared/clock (ADR 0010)." },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Use nowMs() from ~/domain/shared/clock, or performance.now() for an elapsed time (ADR 0010)." },
  { selector: "CallExpression[callee.name='Date']", message: "Date() is the machine's now as text: format clock.now() from ~/domain/shared/clock (ADR 0010)." },
];
const prismaInRoutes = {
  group: ["~/utils/db.server", "~/generated/prisma/client", "@prisma/client", "**/utils/db.server"],
  message: "Routes never import the Prisma client: call a use case or query in app/domain.",
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "app/generated/**", ".cache/**", ".data/**", "node_modules/**", "test/e2e/artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["app/domain/**/*.ts", "workers/**/*.ts", "search/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [remixInDomain] }] },
  },
  {
    files: ["app/**/*.{ts,tsx}", "workers/**/*.ts", "prisma/**/*.ts"],
    ignores: ["**/*.test.ts", "app/domain/shared/clock.ts"],
    rules: { "no-restricted-syntax": ["error", ...noMachineNow] },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [prismaInRoutes] }] },
  },
);
