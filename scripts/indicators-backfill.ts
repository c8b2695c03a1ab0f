/**
 * npm run indicators:backfill -- [--from 2024-01] [--to 2026-11]
 *
 * Rebuilds the county indicators' monthly snapshots from the dated records as they are
 * now and rewrites them (source BACKFILL): after records were dated late or a statistic
 * was corrected, or to fill the months before the scheduler ran. Default: the plan's first
 * month through the latest ended month. Prints the months and the rows written; audited as
 * "system". Exit code 0 on success, 1 on bad arguments.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkEnvOrExit } from "~/utils/env.server";

if (existsSync(".env")) (await import("dotenv")).config({ quiet: true });
checkEnvOrExit();

const USAGE = "用法 / usage: npm run indicators:backfill -- [--from YYYY-MM] [--to YYYY-MM]";

let values: { from?: string; to?: string };
try {
  values = parseArgs({ allowPositionals: false, strict: true, options: { from: { type: "string" }, to: { type: "string" } } }).values;
} catch (e) {
  console.error(`参数有误 / invalid arguments: ${(e as Error).message}\n${USAGE}`);
  process.exit(1);
}

const { backfillIndicatorSnapshots } = await import("~/domain/indicators/snapshots.server");
const { DomainError } = await import("~/domain/shared/errors");
const { clock } = await import("~/domain/shared/clock");
const { disconnectDb } = await import("~/utils/db.server");

let exitCode = 1;
const started = Date.now();
try {
  const { written, months } = await backfillIndicatorSnapshots({ from: values.from, to: values.to, now: clock.now() });
  if (months.length === 0) {
    console.log("没有已结束的月份 / no month of the plan has ended yet: nothing written");
  } else {
    console.log(`回填完成 / backfilled ${months[0].slice(0, 7)} … ${months.at(-1)!.slice(0, 7)}: ${months.length} 个月 / months, ${written} 行 / rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(months.map((m) => m.slice(0, 7)).join(" "));
  }
  exitCode = 0;
} catch (e) {
  if (!(e instanceof DomainError)) throw e;
  console.error(`错误 / error: ${e.message}`);
  for (const [field, messages] of Object.entries(e.fieldErrors ?? {})) for (const m of messages) console.error(`  --${field}: ${m}`);
  console.error(USAGE);
} finally {
  await disconnectDb().catch(() => {});
}
process.exit(exitCode);
