/**
 * Demo patents of the demo organizations, tagged with the holder's org kind:
 * UNIVERSITY 秦岭山地科技学院(示例), RESEARCH_INSTITUTE 秦岭生物医药研究院(示例),
 * SOE 陕西秦岭新材料集团有限公司(示例). Pure data, all fictional.
 */
import { INSTITUTE_PATENTS } from "./institute";
import { SOE_PATENTS } from "./soe";
import { UNIVERSITY_PATENTS } from "./university";

export type { DemoListing, DemoPatent, HighValueFlag } from "./types";

export const DEMO_PATENTS = [
  ...UNIVERSITY_PATENTS.map((p) => ({ ...p, holder: "UNIVERSITY" as const })),
  ...INSTITUTE_PATENTS.map((p) => ({ ...p, holder: "RESEARCH_INSTITUTE" as const })),
  ...SOE_PATENTS.map((p) => ({ ...p, holder: "SOE" as const })),
];
