import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
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
  fetch(path: string, init?: RequestInit): Promise<TestResponse>;
  /** A browser-like client with its own cookie jar. */
  client(): TestClient;
  statuses: { method: string; path: string; status: number }[];
  close(): Promise<void>;
};

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
    fetch: doFetch,
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
