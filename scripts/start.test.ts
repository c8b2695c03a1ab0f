import { describe, expect, it } from "vitest";
import { migrationSummary } from "./start.mjs";

describe("npm start's migration step", () => {
  it("says in one line what prisma migrate deploy did, without its datasource notice", () => {
    const upToDate = "Loaded Prisma config from prisma.config.ts.\nWARNING: Your schema specifies the following datasource properties\n12 migrations found in prisma/migrations\n\nNo pending migrations to apply.\n";
    expect(migrationSummary(upToDate)).toEqual(["数据库已是最新（共 12 个迁移）", "the database is up to date (12 migrations)"]);
    const applied = "12 migrations found in prisma/migrations\n\nThe following migration(s) have been applied:\n\nmigrations/\n  └─ 20261207090000_geographical_indications/\n    └─ migration.sql\n  └─ 20261208090000_county_indicators/\n    └─ migration.sql\n\nAll migrations have been successfully applied.\n";
    expect(migrationSummary(applied)).toEqual(["已应用 2 个新迁移（共 12 个）", "applied 2 new migration(s) of 12"]);
  });
});
