import { DomainError } from "~/domain/shared/errors";

/**
 * A request body as bytes, refusing (413) anything over `limit` without reading past it:
 * a declared Content-Length is checked first, and a streamed body is cut off at the limit.
 */
export async function readBodyUpTo(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new DomainError("PAYLOAD_TOO_LARGE", `文件过大，单个文件不能超过 ${Math.round(limit / 1024 / 1024)} MB，请拆分成多个文件后分别导入`);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
