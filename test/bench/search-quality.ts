/**
 * npm run bench:search-quality — known-item retrieval quality of the embedded engine.
 *
 * Every patent of the KPPatent-ZH sample is indexed together with ~3,000 distractor
 * abstracts; each patent is then searched for by its human keyphrases joined by spaces
 * (no filters) and should come back first. Prints Recall@1, Recall@10 and MRR@10 for our
 * engine and for a plain baseline (MiniSearch + jieba `cut`, OR query, title/abstract/
 * claims, no boosts), overall and on slices of the patents so that ranking tuned to one
 * part of the file would show.
 *
 * Bar (issue 4): Recall@10 ≥ 0.97 and MRR@10 ≥ 0.92.
 *
 * Args: --patents FILE --distractors FILE (default: ../shared/data/kppatent-zh/…).
 * Holder, IPC and listing fields are synthetic: the source has none.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import MiniSearch from "minisearch";
import { createEmbeddedEngine } from "../../search/embedded";
import { HOLDER_KINDS, type PatentSearchDoc, type SearchEngine } from "../../search/port";
import { patentDoc } from "../../search/testing/documents";

const BAR = { recallAt10: 0.97, mrrAt10: 0.92 };
const DATA = "/work/shared/data/kppatent-zh";

type SourcePatent = { title: string; abstract: string; claims: string; publicationNumber: string | null; keyphrases: string[] };
type SourceAbstract = { abstract: string; keyphrases: string[] };

type Figures = { recallAt1: number; recallAt10: number; mrrAt10: number; queries: number };
type Ranker = (q: string) => Promise<string[]>;

function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

/** The first clause of an abstract, standing in for a title the distractors lack. */
function firstClause(text: string): string {
  return text.split(/[，。；：,.;:]/)[0].slice(0, 40);
}

function syntheticDoc(id: string, n: number, text: { title: string; abstract: string; claims: string; publicationNumber: string | null }): PatentSearchDoc {
  return patentDoc(id, {
    title: text.title,
    abstract: text.abstract,
    claims: text.claims,
    publicationNumber: text.publicationNumber,
    holderId: `holder-${n % 25}`,
    holderName: `示例持有人${n % 25}(示例)`,
    holderKind: HOLDER_KINDS[n % HOLDER_KINDS.length],
    priceFen: 100_000 * (1 + (n % 50)),
    remainingLifeYears: 1 + (n % 19),
    highValue: n % 7 === 0,
    listedAt: 1_700_000_000_000 + n * 60_000,
  });
}

function buildDocs(patents: SourcePatent[], distractors: SourceAbstract[]): PatentSearchDoc[] {
  const docs = patents.map((p, i) => syntheticDoc(`p${i}`, i, p));
  distractors.forEach((d, i) => {
    // Half the distractors have no title, half a title made of their first clause.
    const title = i % 2 === 0 ? "" : firstClause(d.abstract);
    docs.push(syntheticDoc(`d${i}`, i, { title, abstract: d.abstract, claims: "", publicationNumber: null }));
  });
  return docs;
}

async function* inBatches<T>(items: T[], size: number): AsyncIterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Known-item queries: each item's keyphrases joined by spaces, expecting `prefix + index` first. */
async function evaluate(items: { keyphrases: string[] }[], indexes: number[], rank: Ranker, prefix = "p"): Promise<Figures> {
  let atOne = 0;
  let atTen = 0;
  let reciprocal = 0;
  for (const i of indexes) {
    const ids = await rank(items[i].keyphrases.join(" "));
    const position = ids.slice(0, 10).indexOf(`${prefix}${i}`);
    if (position === 0) atOne++;
    if (position >= 0) {
      atTen++;
      reciprocal += 1 / (position + 1);
    }
  }
  const n = indexes.length;
  return { recallAt1: atOne / n, recallAt10: atTen / n, mrrAt10: reciprocal / n, queries: n };
}

/** The baseline: what one gets from MiniSearch and jieba with no search design at all. */
function baselineRanker(docs: PatentSearchDoc[]): { rank: Ranker; buildMs: number } {
  const started = performance.now();
  const jieba = Jieba.withDict(dict);
  const words = (text: string) => jieba.cut(text, false).filter((token) => /[\p{L}\p{N}]/u.test(token));
  const index = new MiniSearch<PatentSearchDoc>({ fields: ["title", "abstract", "claims"], tokenize: words });
  index.addAll(docs);
  const buildMs = performance.now() - started;
  return { rank: async (q) => index.search(q).slice(0, 10).map((r) => String(r.id)), buildMs };
}

async function embeddedRanker(docs: PatentSearchDoc[]): Promise<{ rank: Ranker; buildMs: number; engine: SearchEngine }> {
  const engine = createEmbeddedEngine();
  await engine.init();
  const started = performance.now();
  await engine.rebuild(inBatches(docs, 500));
  const buildMs = performance.now() - started;
  const rank: Ranker = async (q) => (await engine.search({ q, pageSize: 10 })).hits.map((hit) => hit.id);
  return { rank, buildMs, engine };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function format(f: Figures): string {
  return `R@1 ${f.recallAt1.toFixed(3)}  R@10 ${f.recallAt10.toFixed(3)}  MRR@10 ${f.mrrAt10.toFixed(3)}  (${f.queries} queries)`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      patents: { type: "string", default: `${DATA}/patents.jsonl` },
      distractors: { type: "string", default: `${DATA}/abstracts.jsonl` },
    },
  });
  const patents = readJsonLines<SourcePatent>(values.patents).filter((p) => p.keyphrases.length > 0);
  const distractors = readJsonLines<SourceAbstract>(values.distractors);
  const docs = buildDocs(patents, distractors);
  console.log(`indexed: ${patents.length} patents + ${distractors.length} distractors = ${docs.length} documents`);

  const n = patents.length;
  const half = Math.floor(n / 2);
  const slices: [string, number[]][] = [
    ["all", range(0, n)],
    ["first half", range(0, half)],
    ["second half", range(half, n)],
    ["first 200", range(0, Math.min(200, n))],
    ["last 250", range(Math.max(0, n - 250), n)],
  ];

  const baseline = baselineRanker(docs);
  const ours = await embeddedRanker(docs);
  console.log(`build time: baseline ${baseline.buildMs.toFixed(0)} ms, embedded ${ours.buildMs.toFixed(0)} ms`);

  let overall: { baseline: Figures; ours: Figures } | undefined;
  for (const [name, indexes] of slices) {
    const b = await evaluate(patents, indexes, baseline.rank);
    const o = await evaluate(patents, indexes, ours.rank);
    overall ??= { baseline: b, ours: o };
    console.log(`\n[${name}]`);
    console.log(`  baseline  ${format(b)}`);
    console.log(`  embedded  ${format(o)}`);
  }
  // Held out from every choice made in the ranking: the distractors searched for by their
  // own keyphrases (abstract-only documents, a different shape).
  const heldOut = range(0, distractors.length).filter((i) => distractors[i].keyphrases.length > 0);
  console.log(`\n[held out: the distractors as known items]`);
  console.log(`  baseline  ${format(await evaluate(distractors, heldOut, baseline.rank, "d"))}`);
  console.log(`  embedded  ${format(await evaluate(distractors, heldOut, ours.rank, "d"))}`);

  await ours.engine.close();
  if (!overall) return;

  const { baseline: b, ours: o } = overall;
  const ratio = (x: number, y: number) => (y === 0 ? "n/a" : (x / y).toFixed(3));
  console.log(`\nimprovement over baseline: R@1 ×${ratio(o.recallAt1, b.recallAt1)}  R@10 ×${ratio(o.recallAt10, b.recallAt10)}  MRR@10 ×${ratio(o.mrrAt10, b.mrrAt10)}`);
  const met = o.recallAt10 >= BAR.recallAt10 && o.mrrAt10 >= BAR.mrrAt10;
  console.log(`bar: Recall@10 ≥ ${BAR.recallAt10}, MRR@10 ≥ ${BAR.mrrAt10} → ${met ? "BAR MET" : "BAR MISSED"}`);
  if (!met) process.exitCode = 1;
}

await main();
