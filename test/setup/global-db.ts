import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "./pg-admin";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Once per run: a template database built by the real migration command. Each test file
 * then gets its own database cloned from it (test/setup/integration.ts), dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const template = `ipb_test_tpl_${randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(template)}`));
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: adminUrl(template) },
      stdio: "pipe",
    });
  } catch (e) {
    await dropDatabase(template);
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`migrations failed on the test template:\n${err.stdout}\n${err.stderr}`, { cause: e });
  }
  project.provide("templateDatabase", template);
  return async () => {
    await dropDatabase(template);
  };
}
