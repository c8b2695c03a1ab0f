import { readFile, rm } from "node:fs/promises";
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { hasForbiddenCharacters } from "~/domain/shared/text";
import { openSpool } from "./upload.server";

/**
 * How page actions read their form (ADR 0012). The web server has already capped the body
 * (server/request-limits.ts) and refused anything but a form encoding; here a body that
 * does not parse, or a field or file name holding NUL or another control character, is a
 * 400 thrown as a Response (the page's error boundary shows it), never a 500 and never a
 * value on its way to the database.
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw asFormError(error);
  }
  checkForm(form);
  return form;
}

/**
 * A form that carries one file in `fileField` (at most `maxFileBytes`; other file parts
 * are skipped). The file is spooled to a temporary file while it streams, so an upload
 * never sits in memory before it has been accepted whole; a larger one is a 413.
 */
export async function readFormWithFile(request: Request, { fileField, maxFileBytes }: { fileField: string; maxFileBytes: number }): Promise<FormData> {
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "")) return readForm(request);
  // Spooled files are named by us (never by the client); their given names are kept here, by path.
  const given = new Map<string, string>();
  const onDisk: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (name !== fileField || filename === undefined) return undefined;
    const { file, path: filepath } = await openSpool("upload");
    given.set(filepath, filename);
    let size = 0;
    try {
      // One awaited write at a time: the upload streams at the disk's pace, never piling up in memory.
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > maxFileBytes) throw new MaxPartSizeExceededError(name, maxFileBytes);
        await file.write(chunk);
      }
    } finally {
      await file.close();
    }
    return new NodeOnDiskFile(filepath, contentType) as unknown as File;
  };
  const removeSpooled = () => Promise.all([...given.keys()].map((filepath) => rm(filepath, { force: true })));
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(onDisk, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })));
  } catch (error) {
    await removeSpooled();
    if (error instanceof MaxPartSizeExceededError) throw new Response("Payload too large", { status: 413 });
    throw asFormError(error);
  }
  // The accepted file comes back into memory as an ordinary File and leaves the disk.
  const out = new FormData();
  try {
    for (const [name, value] of form) {
      if (value instanceof NodeOnDiskFile) {
        const filepath = value.getFilePath();
        out.append(name, new File([await readFile(filepath)], given.get(filepath) ?? "", { type: value.type }));
      } else {
        out.append(name, value);
      }
    }
  } finally {
    await removeSpooled();
  }
  checkForm(out);
  return out;
}

function asFormError(error: unknown): Response {
  if (error instanceof Response) return error;
  return new Response("The form could not be read", { status: 400 });
}

function checkForm(form: FormData) {
  for (const [name, value] of form) {
    const text = typeof value === "string" ? value : value.name;
    if (hasForbiddenCharacters(name) || hasForbiddenCharacters(text)) throw new Response("The form holds characters that are not allowed", { status: 400 });
  }
}
