import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";

/** Unique within the process lifetime and cheap: pid + start time + a counter. */
const requestIdPrefix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
let requestSeq = 0;

declare module "express-serve-static-core" {
  interface Request {
    id: string;
  }
}

/**
 * One structured log line per request when it finishes (id, method, url, status,
 * duration), at info, warn for 4xx and error for 5xx; the id is echoed in X-Request-Id
 * (or taken from an upstream proxy's). Lean on purpose: it runs on every request.
 */
export function requestLog(logger: Logger) {
  return function logRequest(req: Request, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    const upstream = req.headers["x-request-id"];
    req.id = (typeof upstream === "string" && upstream.slice(0, 64)) || `${requestIdPrefix}-${(++requestSeq).toString(36)}`;
    res.setHeader("X-Request-Id", req.id);
    res.on("finish", () => {
      const status = res.statusCode;
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      if (!logger.isLevelEnabled(level)) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger[level]({ reqId: req.id, method: req.method, url: req.originalUrl, status, ms: Math.round(ms * 10) / 10 }, "request");
    });
    next();
  };
}
