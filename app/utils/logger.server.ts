import { pino } from "pino";
import { getEnv } from "./env.server";

export const logger = pino({
  level: getEnv().NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : getEnv().LOG_LEVEL,
  base: { service: process.env.IPB_PROCESS ?? "web" },
  redact: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.passwordHash"],
});
