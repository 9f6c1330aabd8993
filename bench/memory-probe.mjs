// Preloaded into the web process by bench/streams.ts (NODE_OPTIONS=--import …): on SIGUSR2 it
// runs a full GC and writes process.memoryUsage() to $BENCH_MEMORY_DIR/<pid>.json, so the bench
// reads heap and RSS after a GC without an inspector. Inert when BENCH_MEMORY_DIR is unset.
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

const dir = process.env.BENCH_MEMORY_DIR;
if (dir) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  process.on('SIGUSR2', () => {
    gc();
    gc();
    writeFileSync(`${dir}/${process.pid}.json`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
  });
}
