/**
 * Admin command line: `npm run admin -- <command> [options]` (see `help`). Calls the same
 * domain use cases as the web, as the system actor (audited as actor "system"). Bad input
 * prints what is wrong, in Chinese and English, and exits 1; success exits 0.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { MembershipRole } from "~/generated/prisma/enums";
import { checkEnvOrExit } from "~/utils/env.server";

if (existsSync(".env")) (await import("dotenv")).config({ quiet: true });
checkEnvOrExit();

const { systemActor } = await import("~/domain/shared/actor");
const { DomainError } = await import("~/domain/shared/errors");
const { adminCreateOrg } = await import("~/domain/identity/admin-create-org.server");
const { adminCreateUser } = await import("~/domain/identity/admin-create-user.server");
const { appraiserProfileInputSchema, setAppraiserProfile } = await import("~/domain/appraisal/set-appraiser-profile.server");
const { createApiKey } = await import("~/domain/identity/api-key-create.server");
const { createApiKeySchema } = await import("~/domain/identity/api-key-schemas");
const { findOrgIdByRef } = await import("~/domain/identity/org-queries.server");
const { createOrgSchema } = await import("~/domain/identity/org-schemas");
const { reviewOrg } = await import("~/domain/identity/review-org.server");
const { emailSchema, newPasswordSchema, signUpSchema } = await import("~/domain/identity/schemas");
const { disconnectDb } = await import("~/utils/db.server");
const { translate } = await import("~/utils/i18n");
await import("~/utils/messages/identity");
await import("~/utils/messages/api-keys");
await import("~/utils/messages/api");

const HELP = `知产桥管理命令 / IP Bridge admin CLI

用法 / Usage: npm run admin -- <command> [options]

  org:create   --name <名称> --kind <SME|UNIVERSITY|RESEARCH_INSTITUTE|SOE|BANK|INSURER|APPRAISER|GOVERNMENT|PLATFORM>
               --uscc <统一社会信用代码> [--town <镇/街道>] [--clusters <集群,集群>] [--status PENDING|ACTIVE]
               新建机构（默认待审核）/ create an organization (PENDING unless --status ACTIVE)
  org:activate <机构ID或统一社会信用代码 / orgId|uscc>
               审核通过或恢复机构 / activate (or reactivate) an organization
  user:create  --email <邮箱> --name <姓名> --password <密码> --org <机构ID或统一社会信用代码> [--role OWNER|MEMBER]
               在机构中新建用户（默认成员）/ create a user in an organization (MEMBER unless --role OWNER)
  appraiser:profile --org <机构ID或统一社会信用代码> --filing <备案编号> --qualified <INVENTION,UTILITY_MODEL,…>
               [--affiliated <机构ID,…>] [--capacity <在办上限>]
               设置评估机构的备案与资质 / record an appraiser's filing, qualifications, affiliations, capacity
  apikey:create --org <机构ID或统一社会信用代码> --name <密钥名称>
               生成 API 密钥，只显示一次 / create an API key; it is printed once
  help         显示本帮助 / show this help
`;

/** A failure the operator can fix: printed without a stack trace, exit code 1. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** A message in both languages; text with no English translation gets a generic one. */
const both = (key: string, field?: string) => {
  const zh = translate("zh-CN", key);
  const en = translate("en", key);
  if (zh !== en) return `${zh} / ${en}`;
  return field ? `${zh} / invalid value for --${field}` : zh;
};

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new UsageError(
    "参数有误 / Invalid arguments",
    result.error.issues.map((i) => {
      const field = i.path.join(".") || "?";
      return `--${field}: ${both(i.message, field)}`;
    }),
  );
}

function options(args: string[], spec: Record<string, { type: "string" }>) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: false, strict: true }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new UsageError("参数有误 / Invalid arguments", [(e as Error).message]);
  }
}

async function orgIdOf(ref: string | undefined): Promise<string> {
  if (!ref) throw new UsageError("参数有误 / Invalid arguments", ["--org: 请提供机构ID或统一社会信用代码 / give an org id or USCC"]);
  const id = await findOrgIdByRef(ref);
  if (!id) throw new UsageError(`找不到机构 / No organization matches "${ref}"`);
  return id;
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async "org:create"(args) {
    const o = options(args, { name: { type: "string" }, kind: { type: "string" }, uscc: { type: "string" }, town: { type: "string" }, clusters: { type: "string" }, status: { type: "string" } });
    const input = parse(createOrgSchema, {
      ...o,
      clusters: o.clusters ? o.clusters.split(/[,，]/).map((c) => c.trim()).filter(Boolean) : undefined,
    });
    const org = await adminCreateOrg(systemActor(), input);
    console.log(`机构已创建 / Organization created
  ID:       ${org.id}
  名称/name: ${org.name}
  类型/kind: ${org.kind}
  USCC:     ${org.uscc}
  状态/status: ${org.status}`);
  },

  async "org:activate"(args) {
    const [ref, ...rest] = args;
    if (!ref || rest.length) throw new UsageError("用法 / Usage: npm run admin -- org:activate <orgId|uscc>");
    const orgId = await orgIdOf(ref);
    const result = await reviewOrg(systemActor(), { intent: "activate", orgId });
    console.log(`机构已启用 / Organization activated: ${result.orgId} (${result.status})`);
  },

  async "user:create"(args) {
    const o = options(args, { email: { type: "string" }, name: { type: "string" }, password: { type: "string" }, org: { type: "string" }, role: { type: "string" } });
    const input = parse(
      z.object({
        email: emailSchema,
        name: signUpSchema.shape.name,
        password: newPasswordSchema,
        role: z.enum(MembershipRole, { error: "identity.v.roleRequired" }).default(MembershipRole.MEMBER),
      }),
      o,
    );
    const orgId = await orgIdOf(o.org);
    const { user, org, role } = await adminCreateUser(systemActor(), { ...input, orgId });
    console.log(`用户已创建 / User created
  ID:       ${user.id}
  邮箱/email: ${user.email}
  机构/org:  ${org.name} (${org.id})
  角色/role: ${role}`);
  },

  async "appraiser:profile"(args) {
    const o = options(args, { org: { type: "string" }, filing: { type: "string" }, qualified: { type: "string" }, affiliated: { type: "string" }, capacity: { type: "string" } });
    const list = (v: string | undefined) => (v ? v.split(/[,，]/).map((x) => x.trim()).filter(Boolean) : []);
    const orgId = await orgIdOf(o.org);
    const input = parse(appraiserProfileInputSchema, {
      orgId,
      filingRecordNumber: o.filing ?? null,
      qualifiedAssetTypes: list(o.qualified),
      affiliatedOrgIds: list(o.affiliated),
      capacity: o.capacity ? Number(o.capacity) : null,
    });
    const profile = await setAppraiserProfile(systemActor(), input);
    console.log(`评估机构资质已更新 / Appraiser profile set: ${profile.orgId} (${profile.qualifiedAssetTypes.join(", ")}; filing ${profile.filingRecordNumber ?? "—"})`);
  },

  async "apikey:create"(args) {
    const o = options(args, { org: { type: "string" }, name: { type: "string" } });
    const input = parse(createApiKeySchema, { name: o.name });
    const orgId = await orgIdOf(o.org);
    const { apiKey, key } = await createApiKey(systemActor(), { ...input, orgId });
    console.log(`API 密钥已生成 / API key created
  ID:       ${apiKey.id}
  名称/name: ${apiKey.name}
  前缀/prefix: ${apiKey.prefix}

${key}

⚠ 请立即妥善保存：此密钥只显示这一次，之后无法再次查看。
⚠ Store it safely now: this key is shown only once and cannot be displayed again.`);
  },

  async help() {
    console.log(HELP);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `未知命令 / Unknown command: ${name}\n` : "");
    console.error(HELP);
    return 1;
  }
  try {
    await command(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`错误 / Error: ${e.message}`);
      for (const line of e.details) console.error(`  ${line}`);
      return 1;
    }
    if (e instanceof DomainError) {
      console.error(`错误 / Error: ${both(e.message)}`);
      for (const [field, messages] of Object.entries(e.fieldErrors ?? {})) {
        for (const m of messages) console.error(`  --${field}: ${both(m, field)}`);
      }
      return 1;
    }
    throw e;
  }
}

let code = 1;
try {
  code = await main(process.argv.slice(2));
} catch (e) {
  console.error("意外错误 / Unexpected error:", e);
} finally {
  await disconnectDb().catch(() => {});
}
process.exit(code);
