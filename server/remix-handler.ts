// The adapter's own header copy and response writer; only the request's body is ours.
import { createRemixHeaders, sendRemixResponse } from "@remix-run/express/dist/server";
import { createRequestHandler as createRemixRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { BODY_LIMITS, refuseTooLarge, settleUnreadBody } from "./request-limits";

/**
 * @remix-run/express's request handler with two changes (ADR 0012):
 *  - the request body reaches Remix through a counting stream: past the route class's
 *    cap (res.locals.bodyLimit, set by guardRequests) the client gets 413 at once, the
 *    connection is closed and the app's read fails with that 413, so nothing past the cap
 *    is ever held in memory, whether or not the client declared a Content-Length;
 *  - a response sent before the body was read to the end drains or closes
 *    (settleUnreadBody) instead of leaving the rest of the body in a keep-alive socket.
 */
export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handleRequest = createRemixRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = req.method === "GET" || req.method === "HEAD" ? null : new CappedBody(req, res, res.locals.bodyLimit ?? BODY_LIMITS.form);
      const request = toFetchRequest(req, res, body);
      const response = await handleRequest(request, getLoadContext(req, res));
      if (res.headersSent) {
        // Already answered (413 while the body streamed in).
        await response.body?.cancel().catch(() => {});
        return;
      }
      if (body) {
        body.detach();
        settleUnreadBody(req, res, body.received);
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function toFetchRequest(req: Request, res: Response, body: CappedBody | null): globalThis.Request {
  // As @remix-run/express builds it (the host with its port, the original URL), except that
  // the port comes from Host only: the adapter also believes one in X-Forwarded-Host.
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = Number.parseInt(hostPort, 10);
  const url = new URL(`${req.protocol}://${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal };
  if (body) {
    init.body = body.stream;
    init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/** The request body as a web stream that refuses (413) past `limit` bytes. */
class CappedBody {
  received = 0;
  readonly stream: ReadableStream<Uint8Array>;
  private done = false;

  /** The app is done with the body: what is left is settleUnreadBody's to drain or refuse. */
  detach() {
    this.done = true;
  }

  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private readonly limit: number,
  ) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          req.on("data", (chunk: Buffer) => {
            if (this.done) return;
            this.received += chunk.length;
            if (this.received > this.limit) {
              this.done = true;
              refuseTooLarge(this.req, this.res, this.received);
              // The app's read fails with a thrown 413 Response: Remix treats it as an expected
              // answer (no error log), and problemFromError passes it through.
              controller.error(new Response("Payload too large", { status: 413 }));
              return;
            }
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          req.once("end", () => {
            if (this.done) return;
            this.done = true;
            controller.close();
          });
          req.once("error", (error) => {
            if (this.done) return;
            this.done = true;
            controller.error(error);
          });
          req.pause();
        },
        pull: () => {
          if (!this.done) req.resume();
        },
        cancel: () => {
          this.done = true;
        },
      },
      { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
    );
  }
}
