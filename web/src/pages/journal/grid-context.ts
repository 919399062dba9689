import type { TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import type { GridActions } from './actions.js';
import type { GridStore } from './store.js';

/** What every cell of the grid reads without props drilling: the store, the actions, the editor's close, t. */
export interface GridContext {
  store: GridStore;
  actions: GridActions;
  /** Closes the editor: commit text (or null = cancel) and move. */
  finishEdit: (text: string | null, move: 'down' | 'next' | 'prev' | 'up' | null) => void;
  t: TFunction;
}
export const Ctx = createContext<GridContext | null>(null);
export const useGrid = () => {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('outside the journal grid');
  return ctx;
};
