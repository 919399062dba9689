import type { Timestamp } from '../schema.js';

/** Migration 0017_diary: a student's "done" tick on a homework. */
export interface HomeworkDoneTable {
  schoolId: number;
  homeworkId: number;
  studentPersonId: number;
  doneAt: Timestamp;
}

export interface DiaryTables {
  homeworkDone: HomeworkDoneTable;
}
