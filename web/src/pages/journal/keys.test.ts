import { describe, expect, test } from 'vitest';
import { attendanceOf, cellCommandOf, moveFocus, parseEntry, pastedColumn } from './keys.js';

const CODE: Record<string, string> = { н: 'absent', п: 'excused', б: 'sick', о: 'late' };

describe('attendance keys', () => {
  test.each([
    ['н', 'н'],
    ['п', 'п'],
    ['б', 'б'],
    ['о', 'о'],
    ['Н', 'н'],
    // the same physical key with the Latin layout on
    ['y', 'н'],
    ['g', 'п'],
    [',', 'б'],
    ['<', 'б'],
    ['j', 'о'],
    ['Y', 'н'],
    // Latin by meaning
    ['n', 'н'],
    ['p', 'п'],
    ['b', 'б'],
    ['o', 'о'],
  ])('%s → %s', (key, letter) => {
    expect(attendanceOf(key)).toBe(CODE[letter]);
  });
  test.each(['1', 'a', 'т', 'Enter', 'ArrowUp', ' ', '.'])('%s is not attendance', (key) => {
    expect(attendanceOf(key)).toBeNull();
  });
});

describe('focus moves', () => {
  const at = { row: 1, col: 1 };
  test('arrows clamp at the edges', () => {
    expect(moveFocus({ row: 0, col: 0 }, 'up', 3, 3)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 2, col: 2 }, 'right', 3, 3)).toEqual({ row: 2, col: 2 });
    expect(moveFocus(at, 'down', 3, 3)).toEqual({ row: 2, col: 1 });
  });
  test('Tab wraps rows', () => {
    expect(moveFocus({ row: 0, col: 2 }, 'next', 3, 3)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 1, col: 0 }, 'prev', 3, 3)).toEqual({ row: 0, col: 2 });
    expect(moveFocus({ row: 2, col: 2 }, 'next', 3, 3)).toEqual({ row: 2, col: 2 });
  });
});

describe('typed entries', () => {
  test.each([
    ['7', { kind: 'score', value: 7 }],
    [' 10 ', { kind: 'score', value: 10 }],
    ['7,5', { kind: 'score', value: 7.5 }],
    ['', { kind: 'clear' }],
    ['+', { kind: 'pass' }],
    ['зч', { kind: 'pass' }],
    ['нз', { kind: 'fail' }],
    ['-', { kind: 'fail' }],
    ['осв', { kind: 'exempt' }],
    ['Н/А', { kind: 'notAttested' }],
    ['abc', { kind: 'invalid' }],
    ['1e3', { kind: 'invalid' }],
  ])('%j', (text, entry) => {
    expect(parseEntry(text)).toEqual(entry);
  });
  test('a pasted column: CRLF, trailing blank lines, first cell of tabbed rows', () => {
    expect(pastedColumn('7\r\n8\r\n\r\n')).toEqual(['7', '8']);
    expect(pastedColumn('7\tx\n\n9')).toEqual(['7', '', '9']);
  });
});

describe('cell dialogs from the keyboard', () => {
  const k = (key: string, mods: Partial<Record<'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) =>
    cellCommandOf({ key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
  test('Shift+Enter comment, Alt+Enter absence reason, the menu key or Shift+F10 the cell menu', () => {
    expect(k('Enter', { shiftKey: true })).toBe('comment');
    expect(k('Enter', { altKey: true })).toBe('reason');
    expect(k('ContextMenu')).toBe('menu');
    expect(k('F10', { shiftKey: true })).toBe('menu');
  });
  test('plain keys and other combinations stay with the grid', () => {
    expect(k('Enter')).toBeNull();
    expect(k('F10')).toBeNull();
    expect(k('Enter', { ctrlKey: true })).toBeNull();
    expect(k('Enter', { altKey: true, shiftKey: true })).toBeNull();
    expect(k('н', { altKey: true })).toBeNull();
  });
});
