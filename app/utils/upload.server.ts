import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DomainError } from "~/domain/shared/errors";

/** Up to this much of a body is kept in memory; past it, the body is spooled to a temporary file. */
const IN_MEMORY_BYTES = 1024 * 1024;

/**
 * A request body as bytes, refusing (413) anything over `limit` without reading past it:
 * a declared Content-Length is checked first, and a streamed body is cut off at the limit.
 * A large body streams to a temporary file, so nothing sits in memory before the whole
 * body has been accepted (a refused 200 MB upload costs no memory; ADR 0012).
 */
export async function readBodyUpTo(request: Request, limit: number, tooLarge: () => unknown = () => defaultTooLarge(limit)): Promise<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let spool: { file: FileHandle; path: string } | null = null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      if (spool) {
        await spool.file.write(value);
      } else if (size > IN_MEMORY_BYTES) {
        spool = await openSpool("body");
        for (const c of chunks) await spool.file.write(c);
        chunks.length = 0;
        await spool.file.write(value);
      } else {
        chunks.push(value);
      }
    }
    if (spool) {
      await spool.file.close();
      return new Uint8Array(await readFile(spool.path));
    }
    return concat(chunks, size);
  } finally {
    if (spool) {
      await spool.file.close().catch(() => {});
      await rm(spool.path, { force: true });
    }
  }
}

function defaultTooLarge(limit: number) {
  return new DomainError("PAYLOAD_TOO_LARGE", `文件过大，单个文件不能超过 ${Math.round(limit / 1024 / 1024)} MB，请拆分成多个文件后分别导入`);
}

/** A new temporary file of ours (named by us, never by the client; readable by us only) to spool a body or an upload to. */
export async function openSpool(prefix: string): Promise<{ file: FileHandle; path: string }> {
  const dir = path.join(tmpdir(), "ipb-uploads");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${prefix}-${randomUUID()}`);
  return { file: await open(file, "wx", 0o600), path: file };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
