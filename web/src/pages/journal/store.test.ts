import type { JournalGrid } from '@common/schemas/journal.js';
import { describe, expect, it } from 'vitest';
import { cellKey, GridStore } from './store.js';

// Only what the constructor reads: no marks, no attendance yet.
const grid = { revision: 1, marks: [], attendance: [] } as unknown as JournalGrid;

describe('GridStore.saved', () => {
  it('keeps a refusal shown while an earlier save of the same cell was in flight', () => {
    const store = new GridStore(grid);
    const key = cellKey(7, 'l3');
    // A Delete of the attendance starts saving…
    store.patch(key, { save: 'saving', message: null });
    // …and before its answer the teacher types «11», which the cell refuses with a reason.
    store.patch(key, { save: 'error', message: 'A mark from 1 to 10' });
    // The Delete's answer arrives.
    store.saved(key);
    expect(store.get(key)).toMatchObject({ save: 'error', message: 'A mark from 1 to 10' });
  });

  it('marks a cell saved, its message cleared, when nothing was refused meanwhile', () => {
    const store = new GridStore(grid);
    const key = cellKey(7, 'l3');
    store.patch(key, { save: 'saving', message: null, pending: '9' });
    store.saved(key, { pending: null });
    expect(store.get(key)).toMatchObject({ save: 'saved', message: null, pending: null });
  });
});
