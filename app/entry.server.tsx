import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/utils/nonce";

export const streamTimeout = 5_000;

/**
 * Remix's default, except that the router's own 4xx answers (no route for a hostile path,
 * a POST to a page without an action) are answers, not faults, and are not logged as errors.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (!isRouteErrorResponse(error)) return void console.error(error);
  // A 5xx the router made itself carries the fault it caught.
  if (error.status >= 500) console.error((error as { error?: unknown }).error ?? error);
};

/**
 * Renders the whole document before answering. Our pages defer nothing, so streaming
 * buys no earlier paint, while React's many small chunks cost a socket write each
 * (measured by bench:http: buffering is markedly cheaper under load).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    // Cleared as soon as the document is done: a pending timer would keep the whole
    // render alive for seconds and, under load, fill the old generation with it.
    const timer = setTimeout(() => abort(), streamTimeout + 1_000);
    const chunks: Buffer[] = [];
    const sink = new Writable({
      // React ends the destination again when it closes; a sink that never emits "close"
      // spares it building a write-after-end error per page.
      emitClose: false,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timer);
        const html = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(html.length));
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
  });
}
