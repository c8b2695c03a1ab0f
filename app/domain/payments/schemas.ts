import { z } from "zod";
import { text, INT32_MAX } from "~/domain/shared/text";

const version = z.coerce.number({ error: "version 应为正整数" }).int().max(INT32_MAX).min(1, { error: "version 应为正整数" });

export const paymentActionBodySchemas = {
  "submit-transfer": z.object({ version, reference: text({ error: "请填写转账流水号" }).trim().min(4, { error: "转账流水号至少 4 位" }).max(64, { error: "转账流水号最多 64 位" }) }),
  "confirm-receipt": z.object({ version }),
  "report-missing": z.object({ version }),
  "pay-by-card": z.object({ version }),
};
