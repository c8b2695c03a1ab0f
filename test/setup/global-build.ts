import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Integration and e2e tests run the real Remix build: rebuild it when app/ or search/ is newer. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup() {
  let builtAt = 0;
  try {
    builtAt = statSync("build/index.js").mtimeMs;
  } catch {
    // no build yet
  }
  if (builtAt < Math.max(newestMtime("app"), newestMtime("search")) || process.env.IPB_FORCE_BUILD) {
    // Always a production build: the servers under test run with NODE_ENV=production.
    execFileSync("npx", ["remix", "build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  }
}
