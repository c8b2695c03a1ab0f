import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import { logger } from "~/utils/logger.server";
import { checkHealth } from "./health";
import { mountQueueBoard } from "./queue-board";
import { rejectCrossSiteWrites } from "./csrf";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** The client address as Express sees it (trust proxy: loopback only). */
    clientIp: string | null;
  }
}

/** Unique within the process lifetime and cheap: pid + start time + a counter. */
const requestIdPrefix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
let requestSeq = 0;
const nextRequestId = () => `${requestIdPrefix}-${(++requestSeq).toString(36)}`;

export type AppOptions = { build: ServerBuild; publicDir?: string; mode?: "production" | "development" | "test" };

/** The whole HTTP surface: used by server.ts, the integration tests and the benchmarks. */
export async function createApp({ build, publicDir = path.resolve("public"), mode = "production" }: AppOptions): Promise<Express> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "connect-src": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // "no-referrer" (helmet's default) makes Chromium send `Origin: null` on native form posts,
      // which the CSRF guard must refuse; this policy keeps the real origin on same-origin posts.
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      strictTransportSecurity: mode === "production",
    }),
  );
  app.use(compression());

  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth();
    res.status(health.status === "ok" ? 200 : 503).json(health);
  });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || nextRequestId();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  // Only the files public/ holds, so page requests do not pay a filesystem lookup.
  for (const file of ["favicon.svg"]) app.get(`/${file}`, (_req, res) => res.sendFile(path.join(publicDir, file), { maxAge: "1h" }));
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

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
    req.log?.error({ err }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });
  return app;
}
