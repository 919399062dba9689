import { describe, expect, it } from 'vitest';
import { localName } from './localName.js';

const school = { nameKk: '№5 мектеп', nameRu: 'Школа №5', nameEn: 'School No. 5' };

describe('localName', () => {
  it('picks the column of the UI language', () => {
    expect(localName(school, 'kk')).toBe('№5 мектеп');
    expect(localName(school, 'ru')).toBe('Школа №5');
    expect(localName(school, 'en')).toBe('School No. 5');
  });

  it('reads the { kk, ru, en } shape of memberships too', () => {
    expect(localName({ kk: 'Облыс', ru: 'Область', en: 'Region' }, 'ru')).toBe('Область');
  });

  it('falls back to a neighbouring language when a translation is blank', () => {
    expect(localName({ ...school, nameKk: '  ' }, 'kk')).toBe('Школа №5');
    expect(localName({ ...school, nameEn: '' }, 'en')).toBe('Школа №5');
    expect(localName({ kk: 'Облыс', ru: '', en: '' }, 'en')).toBe('Облыс');
  });

  it('gives an empty string for a missing object', () => {
    expect(localName(null, 'kk')).toBe('');
    expect(localName(undefined, 'en')).toBe('');
  });
});
