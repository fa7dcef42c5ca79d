/** Per cell and metric: the statistics of its replications (stats.ts), in grid order. */
import { type AxisValue, cellAxes, type SweepDescription } from './grid.js';
import type { RunRecord } from './records.js';
import { type Moments, summarise } from './stats.js';

export interface SummaryRow extends Moments {
  cell: number;
  axes: [string, AxisValue][];
  metric: string;
}

/** Cells without a finished run are left out (a shard holds part of the grid). */
export function summaryRows(desc: SweepDescription, records: readonly RunRecord[]): SummaryRow[] {
  const byCell = new Map<number, RunRecord[]>();
  for (const r of records) {
    const list = byCell.get(r.cell) ?? [];
    list.push(r);
    byCell.set(r.cell, list);
  }
  const rows: SummaryRow[] = [];
  for (const cell of [...byCell.keys()].sort((a, b) => a - b)) {
    const runs = byCell.get(cell)!.slice().sort((a, b) => a.replication - b.replication);
    for (const metric of desc.metrics) {
      const values = runs.map((r) => r.metrics[metric]).filter((v): v is number => typeof v === 'number');
      rows.push({ cell, axes: cellAxes(desc.dimensions, cell), metric, ...summarise(values) });
    }
  }
  return rows;
}
