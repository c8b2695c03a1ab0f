import { createRequire } from "node:module";
import path from "node:path";
import { PassThrough } from "node:stream";
import { createElement, type ReactElement } from "react";
import { describe, expect, it } from "vitest";

// React 18.3.1's streaming renderer writes its whole 2 KB buffer when a multi-byte
// character does not fit at the buffer's end, so the unwritten tail (NUL bytes) reached
// pages: "政\0\0策版本". patches/react-dom+18.3.1.patch writes only the bytes encoded.
// Both builds are checked: development (tests, dev server) and production (npm start).
const require = createRequire(import.meta.url);
type Server = typeof import("react-dom/server");
// The package's exports hide the cjs/ files; load them by path next to its package.json.
const cjs = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");
const builds: Record<string, Server> = {
  development: require(path.join(cjs, "react-dom-server.node.development.js")) as Server,
  production: require(path.join(cjs, "react-dom-server.node.production.min.js")) as Server,
};

function render(server: Server, element: ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => chunks.push(chunk));
    sink.on("end", () => resolve(Buffer.concat(chunks)));
    const stream = server.renderToPipeableStream(element, {
      onAllReady: () => stream.pipe(sink),
      onError: reject,
    });
  });
}

describe.each(Object.keys(builds))("react-dom/server streaming (%s build)", (build) => {
  it("never writes unfilled buffer bytes when a Chinese character straddles the 2 KB boundary", async () => {
    // Short text chunks fill React's 2,048-byte buffer one after another; shifting them
    // by 0–2 ASCII bytes makes each byte position of a 3-byte character meet the boundary.
    for (let pad = 0; pad < 3; pad++) {
      const items = Array.from({ length: 200 }, (_, i) => createElement("span", { key: i }, "政策版本"));
      const html = await render(builds[build], createElement("p", null, "a".repeat(pad), items));
      expect(html.includes(0), `pad ${pad}: NUL bytes in the page`).toBe(false);
      expect(html.toString("utf8")).toBe(`<p>${"a".repeat(pad)}${"<span>政策版本</span>".repeat(200)}</p>`);
    }
  });
});
