import { useState } from 'react';
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import type { TaskFacts } from '@/lib/stats/task-facts';
import { pct, secs } from './format';

const col = createColumnHelper<TaskFacts>();
const COLUMNS = [
  col.accessor('openedAt', { header: 'Opened', cell: (c) => new Date(c.getValue()).toLocaleString('en-GB') }),
  col.accessor('actor', { header: 'Person' }),
  col.accessor('site', { header: 'Site' }),
  col.accessor('workflow', { header: 'Workflow' }),
  col.accessor((f) => Object.keys(f.suggestions).length, { id: 'shown', header: 'Shown' }),
  col.accessor((f) => f.submitted?.outcome ?? (f.abandoned ? 'abandoned' : 'open'), { id: 'outcome', header: 'Outcome' }),
  col.accessor((f) => f.submitted?.retention ?? null, { id: 'retention', header: 'Retention', cell: (c) => pct(c.getValue()) }),
  col.accessor((f) => f.submitted?.durationMs ?? null, { id: 'time', header: 'Time on task', cell: (c) => secs(c.getValue()) }),
  col.accessor('source', { header: 'Source' }),
];

/** The latest tasks of the filtered view; a row opens its trace. */
export function TaskTable({ tasks, onOpen }: { tasks: TaskFacts[]; onOpen(taskId: string): void }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'openedAt', desc: true }]);
  const table = useReactTable({ data: tasks, columns: COLUMNS, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  if (tasks.length === 0) return <p className="empty">No tasks match these filters. Widen the dates or clear a filter.</p>;
  return (
    <table className="data" aria-label="Tasks">
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <th key={h.id} aria-sort={h.column.getIsSorted() === 'asc' ? 'ascending' : h.column.getIsSorted() === 'desc' ? 'descending' : 'none'}>
                <button type="button" onClick={h.column.getToggleSortingHandler()}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </button>
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((r) => (
          <tr key={r.id} className="clickable" tabIndex={0} data-task={r.original.taskId} onClick={() => onOpen(r.original.taskId)} onKeyDown={(e) => e.key === 'Enter' && onOpen(r.original.taskId)}>
            {r.getVisibleCells().map((c) => (
              <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
export default TaskTable;
