// npm run search:reindex — rebuilds the patent search index from PostgreSQL. With
// Meilisearch it builds a new index and swaps it in (searches keep working meanwhile);
// with the embedded engine it checks that the index builds and says how many patents it
// holds (each web process builds its own at start and follows changes).
import { checkEnvOrExit } from "~/utils/env.server";

checkEnvOrExit();
const { rebuildPatentIndex, closePatentSearch } = await import("~/domain/patents/search-index.server");
const { disconnectDb } = await import("~/utils/db.server");
const started = Date.now();
try {
  const { count, engine } = await rebuildPatentIndex();
  console.log(`重建完成 · rebuilt the ${engine} patent index: ${count} listed patents in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`重建失败 · reindex failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await closePatentSearch();
  await disconnectDb();
}
