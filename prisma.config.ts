// Prisma 6.19.3 fully offline: the Wasm schema engine (engine: "js") over
// @prisma/adapter-pg, plus the workarounds this machine needs. See
// docs/decisions/0002-prisma-6-offline.md. Every workaround lives in this file only.
import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { DEFAULT_DATABASE_URL } from "./app/utils/defaults";

// 1) Never download engines. With engine "js" + engineType "client" nothing is needed,
//    but when the schema fails to parse the CLI falls back to the "library" engine and
//    tries to download it, hiding the real parse error. Pointing the override variables
//    at any existing file prevents that.
const stub = path.resolve("scripts/no-engine.sh");
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= stub;
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= stub;

// 2) The Wasm schema engine arms ref'd 10 s / 60 s timeout guards, so the CLI lingers
//    that long after finishing. Unref long timers.
const nativeSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = nativeSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5_000) timer.unref?.();
  return timer;
}) as typeof setTimeout;

// 3) Discrete pg fields, not { connectionString }: the shadow database is configured by
//    spreading this object with another `database`, which a connectionString would override.
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
const url = new URL(process.env.DATABASE_URL);
const pgConfig = {
  host: url.hostname,
  port: Number(url.port || 5432),
  user: decodeURIComponent(url.username),
  password: decodeURIComponent(url.password),
  database: url.pathname.slice(1),
  idleTimeoutMillis: 1000,
  allowExitOnIdle: true,
};

// 4) adapter-pg bugs the schema engine hits:
//    - pg catalog types `name` (19) / `char` (18) "could not be deserialized" (prisma/orm#27403): read as text;
//    - executeScript() splits on every ";", breaking $$ function bodies: send the script whole.
let patched = false;
function patchAdapter<T extends object>(adapter: T): T {
  if (patched) return adapter;
  const adapterProto = Object.getPrototypeOf(adapter);
  const queryableProto = Object.getPrototypeOf(adapterProto);
  const performIO = queryableProto.performIO;
  queryableProto.performIO = async function (this: unknown, query: unknown) {
    const res = await performIO.call(this, query);
    for (const f of res?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
    return res;
  };
  adapterProto.executeScript = async function (this: { client: { query(s: string): Promise<unknown> }; onError(e: unknown): never }, script: string) {
    try {
      await this.client.query(script);
    } catch (e) {
      this.onError(e);
    }
  };
  patched = true;
  return adapter;
}

class MigratePg extends PrismaPg {
  async connect() {
    return patchAdapter(await super.connect());
  }
  // 5) Upstream drops the shadow database before closing its pool ("database is being
  //    accessed by other users") and leaks the admin connection.
  async connectToShadowDb() {
    const admin = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = patchAdapter(await new PrismaPg({ ...pgConfig, database }).connect());
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new MigratePg(pgConfig),
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
});
