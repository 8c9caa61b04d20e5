import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * Preloaded into an API process by the bench when BENCH_PROFILE=<folder> is set (`node --require`). The first
 * SIGUSR2 starts a V8 profiler, the second stops it and writes <folder>/<pid>.<kind> (Chrome DevTools reads
 * both); between the two the bench sends a known number of requests (allocations.ts), so start-up and warm-up are
 * left out. BENCH_PROFILE_KIND picks the profiler:
 * - `heapprofile` (the default): the sampling heap profiler, counting the objects garbage collection has since
 *   freed as well, so that it says what each function allocates, not what it keeps;
 * - `cpuprofile`: the CPU profiler;
 * - `gc`: each garbage collection's kind and duration (perf_hooks), with the heap's size at the start and end.
 */
const folder = process.env.BENCH_PROFILE;
const KINDS = ['heapprofile', 'cpuprofile', 'gc'] as const;
const kind = KINDS.find((k) => k === process.env.BENCH_PROFILE_KIND) ?? 'heapprofile';
if (folder) {
  const session = new Session();
  session.connect();
  let running = false;
  const write = (profile: object) => {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${process.pid}.${kind}`);
    fs.writeFileSync(`${file}.part`, JSON.stringify(profile));
    fs.renameSync(`${file}.part`, file);
  };
  const collections: { kind: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      collections.push({
        kind: (entry as PerformanceEntry & { detail: { kind: number } }).detail.kind,
        ms: entry.duration,
      });
  });
  let heapAtStart = 0;
  process.on('SIGUSR2', () => {
    running = !running;
    if (kind === 'gc') {
      if (running) {
        heapAtStart = process.memoryUsage().heapUsed;
        observer.observe({ entryTypes: ['gc'] });
        return;
      }
      observer.disconnect();
      // perf_hooks' kinds: 1 scavenge (young generation), 2 minor mark-sweep, 4 mark-sweep-compact, 8 incremental, 16 weak callbacks.
      const byKind: Record<string, { count: number; ms: number }> = {};
      for (const { kind: k, ms } of collections) {
        const entry = (byKind[k] ??= { count: 0, ms: 0 });
        entry.count++;
        entry.ms += ms;
      }
      write({ byKind, heapAtStart, heapAtEnd: process.memoryUsage().heapUsed, heapStatistics: v8.getHeapStatistics() });
      return;
    }
    if (kind === 'cpuprofile') {
      if (running) {
        session.post('Profiler.enable');
        session.post('Profiler.start');
      } else
        session.post('Profiler.stop', (error, result) => {
          if (error) throw error;
          write(result.profile);
        });
      return;
    }
    if (running)
      session.post('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    else
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (error) throw error;
        write(result.profile);
      });
  });
}
