/**
 * The four sides of sections h and j, run in turn and reported alike:
 * usercare, usercare keeping no page (a second server on the same
 * database, started with `keepStaffPages: false`: every read goes to the
 * database, as the first read after a change does), a bare node:http
 * handler sending the same JSON (the baseline), and the floor (the same
 * captured queries straight through the driver, queue-floor-server.ts). Each run starts one side later in the turn, so a
 * load on the machine that grows or fades favours none.
 */
import { startBareJson } from './bare-json';
import { fixed, int, table } from './format';
import { runGetLoadChild, type GetLoadOptions } from './get-load';
import type { LoadResult } from './http-load';
import { startQueueFloor, type CapturedQuery, type FloorDatabase } from './queue-floor-server';
import { median } from './stats';

export type Side = 'usercare' | 'unkept' | 'bare' | 'floor';
const SIDES: readonly Side[] = ['usercare', 'unkept', 'bare', 'floor'];

export interface FloorRun {
  usercare: LoadResult;
  unkept: LoadResult;
  bare: LoadResult;
  floor: LoadResult;
  /** usercare req/s ÷ bare req/s in this run */
  ratio: number;
  /** usercare keeping no page, req/s ÷ bare req/s in this run */
  unkeptRatio: number;
  /** the floor's req/s ÷ bare req/s in this run: the most a read from the database can reach here */
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
  unkept: SideFigures;
  bare: SideFigures;
  floor: SideFigures;
  ratio: number;
  unkeptRatio: number;
  floorRatio: number;
}

export interface FloorSidesOptions {
  /** usercare's base URL */
  server: string;
  /** the same database served by a usercare that keeps no page (`keepStaffPages: false`) */
  unkeptServer: string;
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
  const urls: Record<Side, string> = { usercare: o.server, unkept: o.unkeptServer, bare: bare.url, floor: floor.url };
  const items = (JSON.parse(o.answer) as { items: unknown[] }).items.length;
  const names: Record<Side, string> = {
    usercare: `usercare (${items} items)`,
    unkept: 'usercare keeping no page',
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
    runs.push({ ...results, ratio: per('usercare'), unkeptRatio: per('unkept'), floorRatio: per('floor') });
  }
  await bare.close();
  await floor.close();
  return {
    runs,
    usercare: medianOf(runs, 'usercare'),
    unkept: medianOf(runs, 'unkept'),
    bare: medianOf(runs, 'bare'),
    floor: medianOf(runs, 'floor'),
    ratio: median(runs.map((r) => r.ratio)),
    unkeptRatio: median(runs.map((r) => r.unkeptRatio)),
    floorRatio: median(runs.map((r) => r.floorRatio)),
  };
}

const statuses = (r: LoadResult) =>
  Object.entries(r.statuses)
    .map(([status, n]) => `${status}×${int(n)}`)
    .join(' ') + (r.errors ? ` errors×${r.errors}` : '');

/** The runs and the medians as a table, then the verdict and any unexpected answer, each line indented by four. */
export function floorLines(f: FloorFigures, target: number, met: boolean): string[] {
  type Ratios = Pick<FloorRun, 'ratio' | 'unkeptRatio' | 'floorRatio'>;
  const row = (label: string, s: Record<Side, SideFigures>, r: Ratios, answers: string) => [
    label,
    fixed(s.usercare.perSecond, 0),
    fixed(s.usercare.p50, 2),
    fixed(s.usercare.p99, 2),
    fixed(s.unkept.perSecond, 0),
    fixed(s.unkept.p50, 2),
    fixed(s.bare.perSecond, 0),
    fixed(s.bare.p50, 2),
    fixed(s.floor.perSecond, 0),
    fixed(s.floor.p50, 2),
    `${fixed(r.ratio, 3)}×`,
    `${fixed(r.unkeptRatio, 3)}×`,
    `${fixed(r.floorRatio, 3)}×`,
    answers,
  ];
  const rows = [
    ...f.runs.map((run, i) => row(String(i + 1), run, run, SIDES.map((side) => statuses(run[side])).join(' / '))),
    row('median', f, f, ''),
  ];
  const header = [
    'run',
    'usercare req/s',
    'p50 ms',
    'p99 ms',
    'none kept req/s',
    'p50 ms',
    'bare req/s',
    'p50 ms',
    'floor req/s',
    'p50 ms',
    'usercare/bare',
    'none kept/bare',
    'floor/bare',
    'answers',
  ];
  const lines = table(header, rows, ['left'])
    .split('\n')
    .map((line) => `    ${line}`);
  lines.push(
    `    target ≥ ${target}× bare req/s: ${fixed(f.ratio, 3)}× — ${met ? 'met' : 'MISSED'} (the page kept, as between two changes); every read from the database (no page kept, as the first read after a change) ${fixed(f.unkeptRatio, 3)}×; the floor (the same queries through the driver alone, no route, token or audit entry) reaches ${fixed(f.floorRatio, 3)}×, a read from the database ${fixed(f.unkeptRatio / f.floorRatio, 2)}× of it`,
  );
  for (const run of f.runs)
    for (const side of SIDES)
      if (run[side].firstError) lines.push(`    ${side}: first unexpected answer: ${run[side].firstError}`);
  return lines;
}
