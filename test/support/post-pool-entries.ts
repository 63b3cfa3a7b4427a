// A child process for the concurrency tests and the bench: opens the store and posts `count`
// pool entries one by one (one transaction each, the worst case for contention), with the
// summaries `<prefix>-0` … `<prefix>-(count-1)`.
//
//   node test/support/post-pool-entries.ts <store-url> <schema|-> <instance> <prefix> <count>
import { postPoolEntries } from '../../src/store/pool-entries.ts';
import { openStore } from '../../src/store/store.ts';

const [url, schema, instance, prefix, countText] = process.argv.slice(2);
if (!url || !schema || !instance || !prefix || !countText) {
  process.stderr.write('usage: post-pool-entries.ts <store-url> <schema|-> <instance> <prefix> <count>\n');
  process.exit(2);
}

const store = await openStore({ url, schema: schema === '-' ? undefined : schema });
const started = performance.now();
try {
  for (let index = 0; index < Number(countText); index += 1) {
    await postPoolEntries(store, [
      {
        instance,
        action: 'note',
        topic: `concurrency ${prefix}`,
        summary: `${prefix}-${index}`,
        affects: [`src/${prefix}/${index % 10}.ts`],
      },
    ]);
  }
  // For bench/pool.ts: how long the posting itself took, without process start-up.
  process.stdout.write(
    `${JSON.stringify({ posted: Number(countText), milliseconds: performance.now() - started })}\n`,
  );
} finally {
  await store.close();
}
