import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { createSession } from "~/domain/identity/sessions.server";
import { systemActor } from "~/domain/shared/actor";
import { db } from "~/utils/db.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createOrg, createUser } from "../factories";
import { startWebProcess, type WebProcess } from "../fixtures/web-process-control";

/**
 * Issue 13 §2: bodies are capped while they stream, per route class, and an early answer
 * never leaves a keep-alive socket stuck. The app runs as a process of its own so its
 * memory can be read from /proc.
 */

const MB = 1024 * 1024;
let web: WebProcess;
let smeCookie: string;
let smeKey: string;
let govKey: string;

beforeAll(async () => {
  const sme = await createOrg({ kind: "UNIVERSITY", name: "限额测试大学" }); // a patent holder: may import
  const gov = await createOrg({ kind: "GOVERNMENT", name: "限额测试县局" });
  const owner = await createUser({ orgId: sme.id, role: "OWNER" });
  smeCookie = (await sessionSetCookie((await createSession({ userId: owner.user.id, orgId: sme.id })).id)).split(";")[0];
  smeKey = (await createApiKey(systemActor(), { orgId: sme.id, name: "sme" })).key;
  govKey = (await createApiKey(systemActor(), { orgId: gov.id, name: "gov" })).key;
  web = await startWebProcess();
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; sent: number };

/**
 * Streams `total` bytes as a chunked body (no Content-Length), generated on the fly from
 * one reused 64 KB buffer, until the server answers; `parts` starts a new multipart part
 * every `partBytes`.
 */
function streamChunked(path: string, { method = "POST", headers = {}, total = 200 * MB, multipart }: { method?: string; headers?: Record<string, string>; total?: number; multipart?: { partBytes: number } }) {
  return new Promise<Answer>((resolve, reject) => {
    const boundary = "----ipbfuzzboundary";
    const req = http.request(`${web.url}${path}`, {
      method,
      agent: false,
      headers: {
        ...headers,
        "Transfer-Encoding": "chunked",
        ...(multipart ? { "Content-Type": `multipart/form-data; boundary=${boundary}` } : {}),
      },
    });
    const filler = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    let nextPart = 0;
    let part = 0;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
      res.on("end", done);
      res.on("error", done);
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < total) {
        let chunk = filler;
        if (multipart && sent >= nextPart) {
          chunk = Buffer.from(`${part ? "\r\n" : ""}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="part${part}.csv"\r\nContent-Type: text/csv\r\n\r\n`);
          part += 1;
          nextPart += multipart.partBytes;
        }
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("a 200 MB chunked body", () => {
  const cases: { name: string; path: string; method?: string; headers: () => Record<string, string>; multipart?: { partBytes: number } }[] = [
    { name: "page form (POST /login)", path: "/login", headers: () => ({ "Content-Type": "application/x-www-form-urlencoded" }) },
    {
      name: "JSON (PUT /api/v1/subsidy-budgets/:year)",
      path: "/api/v1/subsidy-budgets/2026",
      method: "PUT",
      headers: () => ({ "Content-Type": "application/json", Authorization: `Bearer ${govKey}` }),
    },
    { name: "webhook (POST /webhooks/stripe)", path: "/webhooks/stripe", headers: () => ({ "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=x" }) },
    { name: "upload form (POST /catalog/imports, 40 MB parts)", path: "/catalog/imports", headers: () => ({ Cookie: smeCookie }), multipart: { partBytes: 40 * MB } },
    { name: "upload (POST /api/v1/patent-imports)", path: "/api/v1/patent-imports", headers: () => ({ "Content-Type": "text/csv", Authorization: `Bearer ${smeKey}` }) },
  ];

  for (const c of cases) {
    it(`is refused with 413 by the ${c.name} class, and the web process grows by less than 50 MB`, async () => {
      // Warm up the route (code loaded, caches filled) before measuring.
      await streamChunked(c.path, { method: c.method, headers: c.headers(), total: 2 * 64 * 1024, multipart: c.multipart });
      const before = web.rss();
      web.resetPeak();
      const answer = await streamChunked(c.path, { method: c.method, headers: c.headers(), multipart: c.multipart });
      expect(answer.status, answer.body).toBe(413);
      expect(answer.headers.connection).toBe("close");
      expect(answer.sent).toBeLessThan(200 * MB); // answered before the body was all sent
      const grew = web.peakRss() - before;
      console.log(`${c.name}: 413 after ${(answer.sent / MB).toFixed(1)} MB sent; peak RSS +${(grew / MB).toFixed(1)} MB`);
      expect(grew, `peak RSS grew by ${(grew / MB).toFixed(1)} MB`).toBeLessThan(50 * MB);
      // The process still answers.
      expect((await fetch(`${web.url}/login`)).status).toBe(200);
    }, 60_000);
  }
});

describe("an upload under the cap", () => {
  const csv = [
    "标题,摘要,专利类型,申请日,授权日,法律状态,主分类号,发明人,产业集群,交易方式,价格（元）",
    "限额测试：一种木耳菌渣的利用方法,本发明公开了一种木耳菌渣的利用方法，将菌渣粉碎发酵后制成有机肥。,发明,2020-05-10,2022-08-01,有效,A23L 31/00,王一,木耳深加工,普通许可,200000",
  ].join("\r\n");
  const upload = (fileName: string) => {
    const form = new FormData();
    form.set("file", new File([csv], fileName, { type: "text/csv" }));
    form.set("mode", "ALL_OR_NOTHING");
    return fetch(`${web.url}/catalog/imports`, { method: "POST", body: form, headers: { Cookie: smeCookie, Origin: web.url }, redirect: "manual" });
  };

  it("is accepted through the page, spooled and read back with the name it was given", async () => {
    const res = await upload("限额-专利.csv");
    expect(res.status, await res.clone().text()).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!;
    expect((await db.patentImport.findUniqueOrThrow({ where: { id } })).fileName).toBe("限额-专利.csv");
  });

  it("is refused with a 400 page when its file name holds NUL, and nothing is stored", async () => {
    const before = await db.patentImport.count();
    expect((await upload("a\u0000.csv")).status).toBe(400);
    expect(await db.patentImport.count()).toBe(before);
  });
});

/** One raw keep-alive connection: write bytes, read one HTTP response at a time. */
function rawConnection() {
  const socket = net.connect(Number(new URL(web.url).port), "127.0.0.1");
  let buffer = Buffer.alloc(0);
  let closed = false;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  socket.on("data", (d) => {
    buffer = Buffer.concat([buffer, d]);
    wake();
  });
  socket.on("close", () => {
    closed = true;
    wake();
  });
  socket.on("error", () => {});
  const until = async (check: () => boolean) => {
    while (!check()) {
      if (closed) throw new Error("connection closed");
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    write: (data: string | Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve())),
    /** The next response, framed by Content-Length or chunked. */
    async response() {
      await until(() => buffer.includes("\r\n\r\n"));
      const end = buffer.indexOf("\r\n\r\n");
      const head = buffer.subarray(0, end).toString("latin1");
      buffer = buffer.subarray(end + 4);
      const status = Number(head.split(" ")[1]);
      if (/transfer-encoding:\s*chunked/i.test(head)) {
        const parts: Buffer[] = [];
        for (;;) {
          await until(() => buffer.includes("\r\n"));
          const line = buffer.indexOf("\r\n");
          const size = parseInt(buffer.subarray(0, line).toString("latin1"), 16);
          await until(() => buffer.length >= line + 2 + size + 2);
          parts.push(buffer.subarray(line + 2, line + 2 + size));
          buffer = buffer.subarray(line + 2 + size + 2);
          if (size === 0) break;
        }
        return { status, head, body: Buffer.concat(parts).toString("utf8") };
      }
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? "0");
      await until(() => buffer.length >= length);
      const body = buffer.subarray(0, length).toString("utf8");
      buffer = buffer.subarray(length);
      return { status, head, body };
    },
    closed: () => until(() => false).catch(() => undefined),
    destroy: () => socket.destroy(),
  };
}

describe("an early answer on a keep-alive connection", () => {
  const host = () => new URL(web.url).host;

  it("drains a short rest after 413 and answers the next request on the same socket", async () => {
    const conn = rawConnection();
    const body = Buffer.alloc(MB + 512 * 1024, "a"); // over the webhook class's 1 MB
    await conn.write(`POST /webhooks/stripe HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    const first = await conn.response();
    expect(first.status).toBe(413);
    expect(first.head).not.toMatch(/connection: close/i);
    await conn.write(body); // the client finishes sending what it declared
    await conn.write(`GET /healthz HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    const second = await conn.response();
    expect(second.status).toBe(200);
    conn.destroy();
  });

  it.each([
    ["401", "POST", "/api/v1/needs", "application/json"],
    ["404", "POST", "/api/v1/no-such-thing", "application/json"],
    ["405", "DELETE", "/api/v1/me", "application/json"],
    ["415", "POST", "/login", "text/plain"],
  ])("after an early %s on a 200 KB body, the next request on the socket gets its answer", async (status, method, path, type) => {
    const conn = rawConnection();
    const body = Buffer.alloc(200 * 1024, "a");
    await conn.write(`${method} ${path} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`);
    await conn.write(body);
    const first = await conn.response();
    expect(first.status).toBe(Number(status));
    await conn.write(`GET /healthz HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    expect((await conn.response()).status).toBe(200);
    conn.destroy();
  });

  it("closes (rather than leaves hanging) a connection whose chunked body it refused, and a new one is served", async () => {
    const conn = rawConnection();
    await conn.write(`POST /login HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.alloc(256 * 1024, "a");
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    for (let i = 0; i < 5; i++) await conn.write(frame); // 1.25 MB: past the form class's 1 MB
    const first = await conn.response();
    expect(first.status).toBe(413);
    expect(first.head).toMatch(/connection: close/i);
    await conn.closed(); // the server ends the connection instead of waiting for the rest
    const next = await fetch(`${web.url}/healthz`);
    expect(next.status).toBe(200);
  });
});
