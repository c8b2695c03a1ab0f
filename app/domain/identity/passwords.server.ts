import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hash, verify } from "@node-rs/argon2";

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const LIST_FILE = "common-passwords.txt";

let common: Set<string> | undefined;

/**
 * The 10,000 most common passwords (common-passwords.txt beside this file, its source and
 * licence in its header), lower-cased, read once per process. Next to the source when run
 * from it (tsx, vitest); from the working directory's app/ when bundled into build/.
 */
export function commonPasswords(): Set<string> {
  if (common) return common;
  const candidates = [fileURLToPath(new URL(`./${LIST_FILE}`, import.meta.url)), path.resolve("app/domain/identity", LIST_FILE)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`${LIST_FILE} not found (looked in ${candidates.join(", ")})`);
  const lines = readFileSync(file, "utf8").split("\n");
  common = new Set(lines.filter((l) => l && !l.startsWith("#")).map((l) => l.trim().toLowerCase()));
  return common;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s·・.,，。_\-()（）]/g, "");

/**
 * Why a new password must be refused, as a message key, or null when it may be used:
 * one of the common passwords (case-insensitive), or containing the e-mail address's
 * local part or the organization's name (the first things a guesser tries).
 * Length rules are the schema's (newPasswordSchema).
 */
export function newPasswordProblem(password: string, context: { email: string; orgName?: string | null }): string | null {
  const candidate = squash(password);
  if (commonPasswords().has(password.toLowerCase()) || commonPasswords().has(candidate)) return "identity.v.passwordCommon";
  const local = squash(context.email.split("@")[0] ?? "");
  if (local.length >= 3 && candidate.includes(local)) return "identity.v.passwordHasEmail";
  const org = squash(context.orgName ?? "");
  if (org.length >= 2 && candidate.includes(org)) return "identity.v.passwordHasOrgName";
  return null;
}
