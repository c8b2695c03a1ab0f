import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, expect } from "vitest";
import { createApp } from "../../server/app";

/**
 * The real Express + Remix app on an ephemeral port, for integration tests. Every
 * response is recorded; when the file ends, any 5xx fails the suite ("no request in the
 * suite produces a 500").
 */
export type TestResponse = Response & { json<T = any>(): Promise<T> };

export type TestServer = {
  url: string;
  /** The Remix build it serves (its routes, for tests that enumerate them). */
  build: ServerBuild;
  fetch(path: string, init?: RequestInit): Promise<TestResponse>;
  /** A raw request: the path goes out byte for byte (fetch would resolve "../" and re-encode), any method; recorded like fetch. */
  raw(method: string, rawPath: string, init?: { headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent }): Promise<RawAnswer>;
  /** A browser-like client with its own cookie jar. */
  client(): TestClient;
  statuses: { method: string; path: string; status: number }[];
  close(): Promise<void>;
};

export type RawAnswer = { status: number; type: string };

export type TestClient = {
  cookies: Map<string, string>;
  get(path: string, init?: RequestInit): Promise<TestResponse>;
  /** Posts a form as a same-origin browser would (Origin header set). */
  postForm(path: string, fields: Record<string, string>, init?: RequestInit): Promise<TestResponse>;
};

export async function startTestServer(): Promise<TestServer> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const app = await createApp({ build, mode: "production" });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const statuses: TestServer["statuses"] = [];

  const doFetch = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(url + p, { redirect: "manual", ...init });
    statuses.push({ method: init.method ?? "GET", path: p, status: res.status });
    return res as TestResponse;
  };

  const raw: TestServer["raw"] = (method, rawPath, { headers = {}, body, agent } = {}) =>
    new Promise((resolve, reject) => {
      const length = body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {};
      const req = http.request(url, { method, path: rawPath, headers: { ...headers, ...length }, agent });
      req.on("response", (res) => {
        res.resume();
        const answer = { status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? "") };
        statuses.push({ method, path: rawPath, status: answer.status });
        res.on("end", () => resolve(answer));
        res.on("close", () => resolve(answer));
      });
      req.on("error", reject);
      req.end(body);
    });

  const client = (): TestClient => {
    const cookies = new Map<string, string>();
    const withCookies = (init: RequestInit = {}): RequestInit => {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set("Cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
      return { ...init, headers };
    };
    const remember = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const eq = pair.indexOf("=");
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      return res as TestResponse;
    };
    return {
      cookies,
      get: async (p, init) => remember(await doFetch(p, withCookies(init))),
      postForm: async (p, fields, init = {}) => {
        const headers = new Headers(init.headers);
        headers.set("Content-Type", "application/x-www-form-urlencoded");
        if (!headers.has("Origin")) headers.set("Origin", url);
        return remember(await doFetch(p, withCookies({ ...init, method: "POST", headers, body: new URLSearchParams(fields).toString() })));
      },
    };
  };

  const testServer: TestServer = {
    url,
    build,
    fetch: doFetch,
    raw,
    client,
    statuses,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  afterAll(async () => {
    await testServer.close();
    const failures = statuses.filter((s) => s.status >= 500);
    expect(failures, "requests that answered 5xx").toEqual([]);
  });
  return testServer;
}
