import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { createUser } from "../../test/factories";
import { startTestServer } from "../../test/setup/http";

const server = await startTestServer();

let ip = 10;
async function homeOf(over: Parameters<typeof createUser>[0]) {
  const made = await createUser(over);
  const client = server.client();
  await client.postForm("/login", { email: made.user.email, password: made.password }, { headers: { "X-Forwarded-For": `192.0.2.${ip++}` } });
  const res = await client.get("/home");
  expect(res.status).toBe(200);
  return { ...made, html: await res.text() };
}

const titles: Record<OrgKind, string> = {
  SME: "中小企业工作台",
  UNIVERSITY: "高校成果转化工作台",
  RESEARCH_INSTITUTE: "科研院所成果转化工作台",
  SOE: "国有企业专利运营工作台",
  BANK: "银行工作台",
  INSURER: "保险机构工作台",
  APPRAISER: "评估机构工作台",
  GOVERNMENT: "政府监管驾驶舱",
  PLATFORM: "平台运营",
};

describe("role-aware home", () => {
  it.each(Object.values(OrgKind))("%s sees its own home", async (kind) => {
    const { html } = await homeOf({ kind });
    expect(html).toContain(`data-testid="home-${kind}"`);
    expect(html).toContain(`>${titles[kind]}</h1>`);
    expect(html).toContain('data-testid="member-count">1<');
    expect(html).not.toContain("即将上线"); // every card links to a page that exists (issue 19)
    if (kind === "PLATFORM") expect(html).toContain('data-testid="pending-orgs"');
    else expect(html).not.toContain('data-testid="pending-orgs"');
  });

  it("names what is coming for each role", async () => {
    expect((await homeOf({ kind: "SME" })).html).toMatch(/专利检索[\s\S]*质押融资/);
    expect((await homeOf({ kind: "APPRAISER" })).html).toContain("评估竞价");
    expect((await homeOf({ kind: "GOVERNMENT" })).html).toContain("指标监测");
  });

  it("shows GOVERNMENT its GI work (applications to review, open spot checks), and nobody else", async () => {
    const gov = await homeOf({ kind: "GOVERNMENT" });
    expect(gov.html).toMatch(/待审核的地理标志申请[\s\S]*data-testid="gi-to-review">\d+</);
    expect(gov.html).toMatch(/进行中的地理标志抽查[\s\S]*data-testid="gi-open-checks">\d+</);
    expect(gov.html).toContain('href="/gi"');
    const sme = await homeOf({ kind: "SME" });
    expect(sme.html).not.toContain('data-testid="gi-to-review"');
    expect(sme.html).toMatch(/地理标志专用标志[\s\S]*href="\/gi"/);
    expect((await homeOf({ kind: "BANK" })).html).not.toContain('href="/gi"');
  });

  it("tells a suspended org so", async () => {
    const { html } = await homeOf({ kind: "INSURER", status: "SUSPENDED" });
    expect(html).toContain("机构已停用");
    expect(html).toContain('data-testid="home-INSURER"');
  });
});
