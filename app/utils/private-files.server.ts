import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Files only their parties may read (appraisal reports): kept under a directory outside
 * the web root (`public/` is served as is), named by the server, and read back only through
 * a use case that checks who asks. `PRIVATE_FILES_DIR` moves them (e.g. onto a volume).
 */
export function privateFilesRoot(): string {
  return path.resolve(process.env.PRIVATE_FILES_DIR || ".data/private");
}

/** Stores `bytes` under `folder` with a fresh name; returns the path relative to the root. */
export async function savePrivateFile(folder: string, extension: string, bytes: Uint8Array): Promise<string> {
  const relative = path.posix.join(folder, `${randomUUID()}.${extension}`);
  const full = path.join(privateFilesRoot(), relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, bytes, { flag: "wx", mode: 0o600 });
  return relative;
}

export async function readPrivateFile(relative: string): Promise<Buffer> {
  const root = privateFilesRoot();
  const full = path.resolve(root, relative);
  // Paths come from our own rows; refuse anything that would leave the root all the same.
  if (!full.startsWith(root + path.sep)) throw new Error("private file path outside its root");
  return readFile(full);
}

/** Removes a stored file (one whose row was never written); a path outside the root is left alone. */
export async function removePrivateFile(relative: string): Promise<void> {
  const root = privateFilesRoot();
  const full = path.resolve(root, relative);
  if (full.startsWith(root + path.sep)) await rm(full, { force: true });
}
