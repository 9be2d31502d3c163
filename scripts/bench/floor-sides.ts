/**
 * The three sides of sections h and j, run in turn and reported alike:
 * usercare, a bare node:http handler sending the same JSON (the baseline),
 * and the floor (the same captured queries straight through the driver,
 * queue-floor-server.ts). Each run starts one side later in the turn, so a
 * load on the machine that grows or fades favours none.
 */
import { startBareJson } from './bare-json';
import { fixed, int, table } from './format';
import { runGetLoadChild, type GetLoadOptions } from './get-load';
import type { LoadResult } from './http-load';
import { startQueueFloor, type CapturedQuery, type FloorDatabase } from './queue-floor-server';
import { median } from './stats';

export type Side = 'usercare' | 'bare' | 'floor';
const SIDES: readonly Side[] = ['usercare', 'bare', 'floor'];

export interface FloorRun {
  usercare: LoadResult;
  bare: LoadResult;
  floor: LoadResult;
  /** usercare req/s ÷ bare req/s in this run */
  ratio: number;
  /** the floor's req/s ÷ bare req/s in this run: the most `ratio` can be on this database here */
  floorRatio: number;
}

export interface SideFigures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** The runs and their medians. */
export interface FloorFigures {
  runs: FloorRun[];
  usercare: SideFigures;
  bare: SideFigures;
  floor: SideFigures;
  ratio: number;
  floorRatio: number;
}

export interface FloorSidesOptions {
  /** usercare's base URL */
  server: string;
  /** usercare's answer, which the bare side sends as it is */
  answer: string;
  /** where the floor reads, and the queries it runs (captured from usercare's own read) */
  database: FloorDatabase;
  queries: readonly CapturedQuery[];
  /** the request's path and query, the same on every side */
  path: string;
  runs: number;
  /** what the progress line says this is (`sqlite q=耳机`) */
  label: string;
  load(url: string): GetLoadOptions;
  timeout: number;
  progress(line: string): void;
  onCleanup(step: () => void): void;
}

const medianOf = (runs: FloorRun[], side: Side): SideFigures => ({
  perSecond: median(runs.map((r) => r[side].perSecond)),
  p50: median(runs.map((r) => r[side].p50)),
  p99: median(runs.map((r) => r[side].p99)),
});

/** Starts the bare side and the floor, runs the three in turn, and stops the two again. */
export async function runFloorSides(o: FloorSidesOptions): Promise<FloorFigures> {
  const bare = await startBareJson(JSON.parse(o.answer));
  o.onCleanup(bare.close);
  const floor = await startQueueFloor(o.database, o.queries);
  o.onCleanup(floor.close);
  const urls: Record<Side, string> = { usercare: o.server, bare: bare.url, floor: floor.url };
  const items = (JSON.parse(o.answer) as { items: unknown[] }).items.length;
  const names: Record<Side, string> = {
    usercare: `usercare (${items} items)`,
    bare: 'bare node:http',
    floor: 'floor (the same queries through the driver)',
  };
  const runs: FloorRun[] = [];
  for (let i = 1; i <= o.runs; i++) {
    const order = SIDES.map((_, k) => SIDES[(k + i - 1) % SIDES.length]!);
    const results = {} as Record<Side, LoadResult>;
    for (const side of order) {
      o.progress(`  ${o.label}: run ${i}/${o.runs}, ${names[side]}`);
      results[side] = await runGetLoadChild(o.load(urls[side] + o.path), o.timeout, o.onCleanup);
    }
    const per = (side: Side) => Number((results[side].perSecond / results.bare.perSecond).toFixed(3));
    runs.push({ ...results, ratio: per('usercare'), floorRatio: per('floor') });
  }
  await bare.close();
  await floor.close();
  return {
    runs,
    usercare: medianOf(runs, 'usercare'),
    bare: medianOf(runs, 'bare'),
    floor: medianOf(runs, 'floor'),
    ratio: median(runs.map((r) => r.ratio)),
    floorRatio: median(runs.map((r) => r.floorRatio)),
  };
}

const statuses = (r: LoadResult) =>
  Object.entries(r.statuses)
    .map(([status, n]) => `${status}×${int(n)}`)
    .join(' ') + (r.errors ? ` errors×${r.errors}` : '');

/** The runs and the medians as a table, then the verdict and any unexpected answer, each line indented by four. */
export function floorLines(f: FloorFigures, target: number, met: boolean): string[] {
  const row = (label: string, s: Record<Side, SideFigures>, ratio: number, floorRatio: number, answers: string) => [
    label,
    fixed(s.usercare.perSecond, 0),
    fixed(s.usercare.p50, 2),
    fixed(s.usercare.p99, 2),
    fixed(s.bare.perSecond, 0),
    fixed(s.bare.p50, 2),
    fixed(s.floor.perSecond, 0),
    fixed(s.floor.p50, 2),
    `${fixed(ratio, 3)}×`,
    `${fixed(floorRatio, 3)}×`,
    answers,
  ];
  const rows = [
    ...f.runs.map((run, i) =>
      row(
        String(i + 1),
        run,
        run.ratio,
        run.floorRatio,
        `${statuses(run.usercare)} / ${statuses(run.bare)} / ${statuses(run.floor)}`,
      ),
    ),
    row('median', f, f.ratio, f.floorRatio, ''),
  ];
  const header = [
    'run',
    'usercare req/s',
    'p50 ms',
    'p99 ms',
    'bare req/s',
    'p50 ms',
    'floor req/s',
    'p50 ms',
    'usercare/bare',
    'floor/bare',
    'answers',
  ];
  const lines = table(header, rows, ['left'])
    .split('\n')
    .map((line) => `    ${line}`);
  lines.push(
    `    target ≥ ${target}× bare req/s: ${fixed(f.ratio, 3)}× — ${met ? 'met' : 'MISSED'}; the floor (the same queries through the driver alone, no route, token or audit entry) reaches ${fixed(f.floorRatio, 3)}×, usercare ${fixed(f.ratio / f.floorRatio, 2)}× of it`,
  );
  for (const run of f.runs)
    for (const side of SIDES)
      if (run[side].firstError) lines.push(`    ${side}: first unexpected answer: ${run[side].firstError}`);
  return lines;
}
