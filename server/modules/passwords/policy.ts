import { readFileSync } from 'node:fs';
import { transliterate } from '@common/transliterate.js';
import type { Config } from '../../config.js';
import { fromRoot } from '../../lib/project-root.js';

/**
 * The password rules of the user agreement (1.9, 4.5) in the form NIST SP 800-63B and ASVS 5.0 (6.2.x) ask for:
 * a minimum and a generous maximum length, no composition rules, and a block-list — common passwords (a real
 * list, see common-passwords.txt), repetitive or sequential strings, the service's own name and the person's
 * own names and username. Pure functions: the history check (which needs the database) is in the service.
 */
export const MAX_PASSWORD_LENGTH = 256;

export interface PolicyViolation {
  code: 'password.tooShort' | 'password.tooLong' | 'password.common' | 'password.containsPersonalInfo';
  params?: Record<string, number>;
}

/** The words about this person that must not appear in their password. */
export interface PersonalContext {
  username: string;
  surname: string;
  firstName: string;
  patronymic?: string | null;
}

/** Words about the service itself (NIST: "context-specific words, such as the name of the service"). */
const SERVICE_WORDS = ['dapter', 'дәптер', 'daptier', 'kundelik', 'күнделік', 'kundelikkz', 'dnevnik', 'дневник'];

/** Read once, at first use: ≈ 24k lowercase entries in a Set (≈ 10 ms, ≈ 2 MB). */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const text = readFileSync(fromRoot('server', 'modules', 'passwords', 'common-passwords.txt'), 'utf8');
    common = new Set(text.split('\n').filter((line) => line !== '' && !line.startsWith('#')));
  }
  return common;
}

/** Rows of the keyboards people type on here (Latin QWERTY and the Russian/Kazakh ЙЦУКЕН), and plain runs. */
const RUNS = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  '1234567890-=',
  '!@#$%^&*()_+',
  'qwertyuiop[]',
  "asdfghjkl;'",
  'zxcvbnm,./',
  'йцукенгшщзхъ',
  'фывапролджэ',
  'ячсмитьбю.',
  'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
];
const RUNS_BOTH_WAYS = [...RUNS, ...RUNS.map((r) => [...r].reverse().join(''))];

/** "aaaaaaaa", "abcabcabc", "12121212": a unit of at most 4 characters repeated. */
function isRepetitive(p: string) {
  return /^(.{1,4})\1+$/su.test(p);
}

/** The whole password is a stretch of one keyboard row or of the alphabet/digits, either direction. */
function isSequential(p: string) {
  return RUNS_BOTH_WAYS.some((run) => run.includes(p));
}

/** "Dragon2026!" → "dragon": the word people decorate with digits and symbols at either end. */
function baseWord(p: string) {
  return p.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, '');
}

function isCommon(lower: string) {
  const list = commonPasswords();
  if (list.has(lower) || isRepetitive(lower) || isSequential(lower)) return true;
  const base = baseWord(lower);
  if (base !== lower && base.length >= 4 && (list.has(base) || isRepetitive(base) || isSequential(base))) return true;
  // Passwords are compared as typed and as transliterated, so "Дәптер2026" and "dapter2026" are both caught.
  const squashed = lower.replace(/[\s._-]+/g, '');
  return SERVICE_WORDS.some((w) => squashed.includes(w) || transliterate(squashed).includes(w));
}

/**
 * Latin letters only, with й/y/i folded together: passports spell Сейтқали "Seitkali", everyday typing "Seytkali".
 */
const folded = (text: string) =>
  transliterate(text)
    .replace(/[^a-z0-9]/g, '')
    .replace(/y/g, 'i');

/** Names shorter than 3 letters would refuse half of all passwords for a person called "Ай": they are skipped. */
function personalWords(person: PersonalContext): string[] {
  const words = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    for (const part of value.toLowerCase().split(/[\s.\-_']+/u)) {
      if (part.length >= 3) {
        words.add(part);
        const latin = folded(part);
        if (latin.length >= 3) words.add(latin);
      }
    }
  };
  add(person.username);
  add(person.surname);
  add(person.firstName);
  add(person.patronymic);
  // The whole username as well (its parts were split at dots above).
  if (person.username.length >= 3) words.add(person.username.toLowerCase());
  return [...words];
}

function containsPersonalInfo(lower: string, person: PersonalContext) {
  const variants = [lower, lower.replace(/[\s._-]+/g, ''), folded(lower)];
  return personalWords(person).some((w) => variants.some((v) => v.includes(w)));
}

/**
 * The first rule the password breaks, or null. Length counts Unicode characters (code points), so a Kazakh or
 * Russian password is measured as the person sees it. Nothing is trimmed: spaces are part of a passphrase.
 */
export function policyViolation(
  password: string,
  person: PersonalContext,
  config: Pick<Config, 'PASSWORD_MIN_LENGTH'>,
): PolicyViolation | null {
  const length = [...password].length;
  if (length < config.PASSWORD_MIN_LENGTH)
    return { code: 'password.tooShort', params: { min: config.PASSWORD_MIN_LENGTH } };
  if (length > MAX_PASSWORD_LENGTH) return { code: 'password.tooLong', params: { max: MAX_PASSWORD_LENGTH } };
  const lower = password.toLowerCase();
  if (isCommon(lower)) return { code: 'password.common' };
  if (containsPersonalInfo(lower, person)) return { code: 'password.containsPersonalInfo' };
  return null;
}

/** For tests and the README: how many entries the block-list holds. */
export const commonPasswordCount = () => commonPasswords().size;
