import { Paper, Text, UnstyledButton } from '@mantine/core';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import classes from './journal.module.css';

export interface CellMenuItem {
  label: string;
  /** The key that does the same from the grid (shown on the right). */
  shortcut?: string;
  testId: string;
  onSelect: () => void;
}

/**
 * A cell's context menu (right click, the context-menu key, Shift+F10): a small list of the cell's dialogs.
 * Hand-made rather than Mantine's Menu, which is built around a target element and closed itself again when opened
 * from a key press on the grid. Arrow keys, Home/End move; Enter chooses; Escape, Tab or a click elsewhere closes.
 */
export function CellMenu({
  x,
  y,
  items,
  onClose,
}: {
  x: number;
  y: number;
  items: CellMenuItem[];
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const outside = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) close.current();
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus();
    const next =
      e.key === 'ArrowDown'
        ? at + 1
        : e.key === 'ArrowUp'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? buttons.length - 1
              : null;
    if (next === null && e.key !== 'Escape' && e.key !== 'Tab') return;
    e.preventDefault();
    e.stopPropagation();
    if (next === null) close.current();
    else focus(next);
  };
  // Kept inside the window (a cell near the right or bottom edge).
  const left = Math.max(4, Math.min(x, window.innerWidth - 260));
  const top = Math.max(4, Math.min(y, window.innerHeight - 40 * items.length - 16));
  return createPortal(
    <Paper
      ref={ref}
      role="menu"
      shadow="md"
      withBorder
      p={4}
      className={classes.cellMenu}
      style={{ left, top }}
      onKeyDown={onKeyDown}
      data-testid="cell-menu"
    >
      {items.map((item) => (
        <UnstyledButton
          key={item.testId}
          role="menuitem"
          className={classes.cellMenuItem}
          onClick={() => {
            close.current();
            item.onSelect();
          }}
          data-testid={item.testId}
        >
          <Text span size="sm">
            {item.label}
          </Text>
          {item.shortcut && (
            <Text span size="xs" c="dimmed">
              {item.shortcut}
            </Text>
          )}
        </UnstyledButton>
      ))}
    </Paper>,
    document.body,
  );
}
