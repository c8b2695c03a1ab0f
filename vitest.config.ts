import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { clockFromEnv } from "./app/domain/shared/clock";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

// `IPB_NOW=… npx vitest run` runs every test file, and the web and worker processes they
// start, on that day: anchoring it here once (app/domain/shared/clock.ts) makes all of them
// read the same time instead of each starting again at IPB_NOW when it happens to start.
// The clock records the anchor itself, and a bad IPB_NOW stops the run here, named once.
clockFromEnv(process.env, true);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["app/**/*.test.ts", "server/**/*.test.ts", "workers/**/*.test.ts", "search/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
          setupFiles: ["test/setup/unit.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          globalSetup: ["test/setup/global-build.ts", "test/setup/global-db.ts"],
          setupFiles: ["test/setup/integration.ts"],
          // Generous bounds: they only say where a broken run stops. Tests wait for
          // conditions (test/setup/wait-for.ts, expect.poll), so a loaded machine makes
          // them slower, never red.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: 120_000, interval: 50 } },
          pool: "forks",
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          sequence: { groupOrder: 2 },
          include: ["test/e2e/**/*.e2e.test.ts"],
          environment: "node",
          globalSetup: ["test/setup/global-build.ts", "test/e2e/global-server.ts"],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          expect: { poll: { timeout: 120_000, interval: 100 } },
          pool: "forks",
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
