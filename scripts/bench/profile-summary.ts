import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a V8 CPU profile's time went (or a sampling heap profile's bytes), by package (or src/ folder) and by
 * function, self only. Usage: node dist/scripts/bench/profile-summary.js <file> [requests] [top]
 * With `requests` (how many the process served while profiled) the figures are also given per request.
 * CPU profiles come from `BENCH_CPU_PROFILE=<folder> npm run bench:paired` (one per API process, its whole life) or
 * from `BENCH_PROFILE_KIND=cpuprofile npm run bench:allocations` (an exact number of requests); heap profiles
 * (.heapprofile) from `npm run bench:allocations` (profile-on-signal.ts).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, src/<folder>, node:<module>, or V8's own entries such as (garbage collector). */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return `src/${url.slice(src + '/dist/src/'.length).split('/')[0]}`;
  return path.basename(url);
}

function print(
  title: string,
  byOwner: Map<string, number>,
  byFunction: Map<string, number>,
  line: (n: string, v: number) => string,
  top: number,
): void {
  console.log(title);
  console.log('\nby package or folder (self):');
  for (const [name, value] of [...byOwner]
    .filter(([n]) => n !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(line(name, value));
  console.log('\nby function (self):');
  for (const [name, value] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    if (!name.startsWith('(idle)')) console.log(line(name, value));
}

const keyOf = (frame: ProfileNode['callFrame'], who: string): string =>
  `${frame.functionName || '(anonymous)'} ${who}:${frame.lineNumber + 1}`;

/** A sampling heap profile's bytes by package (or src/ folder) and by function (allocations.ts uses it too). */
export function heapTotals(head: HeapNode): {
  byOwner: Map<string, number>;
  byFunction: Map<string, number>;
  total: number;
} {
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode): void => {
    const who = owner(node.callFrame.url, node.callFrame.functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + node.selfSize);
    const name = keyOf(node.callFrame, who);
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach(walk);
  };
  walk(head);
  return { byOwner, byFunction, total };
}

/** A sampling heap profile: bytes allocated by each function (objects since freed included, if so sampled). */
function heap(head: HeapNode, requests: number, top: number): void {
  const { byOwner, byFunction, total } = heapTotals(head);
  const line = (name: string, bytes: number) =>
    `${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${(bytes / 1e6).toFixed(1).padStart(8)} MB${
      requests ? `  ${(bytes / 1024 / requests).toFixed(2).padStart(7)} KB/req` : ''
    }  ${name}`;
  print(
    `allocated ${(total / 1e6).toFixed(0)} MB${requests ? `, ${(total / 1024 / requests).toFixed(1)} KB a request` : ''}`,
    byOwner,
    byFunction,
    line,
    top,
  );
}

function main(): void {
  const [file, requestsArg, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile|file.heapprofile> [requests] [top]');
  const requests = Number(requestsArg ?? 0);
  const top = Number(topArg ?? 40);
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile | { head: HeapNode };
  if ('head' in parsed) return heap(parsed.head, requests, top);
  const profile = parsed;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const name = keyOf({ functionName, url, lineNumber }, who);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const idle = byOwner.get('(idle)') ?? 0;
  const busy = total - idle;
  const line = (name: string, us: number) =>
    `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms${
      requests ? `  ${(us / 1000 / requests).toFixed(4)} ms/req` : ''
    }  ${name}`;
  print(
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms profiled`,
    byOwner,
    byFunction,
    line,
    top,
  );
}

// Run as a command; allocations.ts imports heapTotals without running it.
if (require.main === module) main();
