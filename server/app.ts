import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { checkHealth } from "./health";
import { requestLog } from "./request-log";
import { securityHeaders } from "./security-headers";
import { mountQueueBoard } from "./queue-board";
import { rejectCrossSiteWrites } from "./csrf";
import { createRequestHandler } from "./remix-handler";
import { guardRequests } from "./request-limits";
import { countSqlPerRequest } from "./sql-count";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** The client address as Express sees it (trust proxy: loopback only). */
    clientIp: string | null;
  }
}

export type AppOptions = { build: ServerBuild; publicDir?: string; mode?: "production" | "development" | "test" };

/** The whole HTTP surface: used by server.ts, the integration tests and the benchmarks. */
export async function createApp({ build, publicDir = path.resolve("public"), mode = "production" }: AppOptions): Promise<Express> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  // Off unless IPB_COUNT_SQL is set (benchmarks): first, so every statement of the request is in its tally.
  const countSql = getEnv().IPB_COUNT_SQL;
  if (countSql) app.use(countSqlPerRequest(countSql, logger));
  app.use(securityHeaders({ hsts: mode === "production" }));
  app.use(compression());

  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth();
    res.status(health.status === "ok" ? 200 : 503).json(health);
  });

  app.use(requestLog(logger));

  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  // Only the files public/ holds, so page requests do not pay a filesystem lookup.
  for (const file of ["favicon.svg"]) app.get(`/${file}`, (_req, res) => res.sendFile(path.join(publicDir, file), { maxAge: "1h" }));
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

  // Before anything reads a body or trusts a path: methods, path encoding, body caps (ADR 0012).
  app.use(guardRequests);
  app.use(rejectCrossSiteWrites);
  await mountQueueBoard(app);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null }),
    }),
  );

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err, reqId: req.id }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });
  return app;
}
