import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { newSqlTally, withSqlTally } from "~/utils/sql-count.server";

export const SQL_STATEMENTS_HEADER = "X-SQL-Statements";

/**
 * With IPB_COUNT_SQL set (app/utils/env.server.ts), each request runs in its own tally and
 * answers with the number of SQL statements it sent in X-SQL-Statements, set as the headers
 * are written (statements a streamed body sends after that are not in it). `log` also logs
 * the statements when the response finishes. Mounted only when the setting is on.
 */
export function countSqlPerRequest(mode: "count" | "log", logger: Logger) {
  return function countSql(req: Request, res: Response, next: NextFunction) {
    const tally = newSqlTally({ log: mode === "log" });
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
      if (!this.headersSent) this.setHeader(SQL_STATEMENTS_HEADER, String(tally.statements));
      return writeHead.apply(this, args);
    } as Response["writeHead"];
    if (tally.log) {
      const log = tally.log;
      res.on("finish", () => logger.info({ reqId: req.id, method: req.method, url: req.originalUrl, status: res.statusCode, statements: tally.statements, sql: log }, "sql statements"));
    }
    withSqlTally(tally, next);
  };
}
