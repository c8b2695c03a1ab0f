/** Synthetic listed patents built from the real KPPatent-ZH texts, shared by the benchmarks. */
import { readFileSync } from "node:fs";
import { KPPATENT_ABSTRACTS, KPPATENT_PATENTS } from "../fixtures/shared-data";

const IPC = ["A23L31/00", "A61K36/8988", "A61K36/07", "C08B37/00", "C22C23/02", "B01D11/02", "A01G18/20", "C09D5/08", "A23F3/34", "G06Q50/14"];
const CLUSTERS = ["秦岭医药", "木耳深加工", "旅游康养", "新型材料", "绿色食品"];
const MODES = ["ASSIGNMENT", "EXCLUSIVE", "SOLE", "NON_EXCLUSIVE"];

export function sourceTexts(): { title: string; abstract: string }[] {
  const read = (file: string) => readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { title?: string; abstract: string });
  // Abstract-only records get their first clause as a title (one such clause is a single character).
  return [...read(KPPATENT_PATENTS()), ...read(KPPATENT_ABSTRACTS())]
    .map((r) => ({ title: r.title?.trim() || r.abstract.split(/[，,。]/)[0].slice(0, 50), abstract: r.abstract }))
    .filter((t) => [...t.title].length >= 2);
}

/** Row i: a real abstract with its sentences rotated and a variant marker, valid listing terms. */
export function makeRow(i: number, texts: { title: string; abstract: string }[]) {
  const t = texts[i % texts.length];
  const round = Math.floor(i / texts.length);
  const sentences = t.abstract.split("。").filter(Boolean);
  const shift = round % Math.max(1, sentences.length);
  const abstract = [...sentences.slice(shift), ...sentences.slice(0, shift)].join("。") + "。";
  const year = 2012 + (i % 12);
  return {
    title: round ? `${t.title}（改进型 ${round}）` : t.title,
    abstract,
    mainIpc: IPC[i % IPC.length],
    filingDate: `${year}-0${1 + (i % 9)}-1${i % 9}`,
    grantDate: `${year + 2}-0${1 + (i % 9)}-2${i % 9}`,
    clusters: [CLUSTERS[i % CLUSTERS.length]],
    type: "INVENTION",
    listingMode: MODES[i % MODES.length],
    askingPrice: `${20_000 + (i % 300) * 10_000}.00`,
  };
}

