import type { Id, Timestamp } from '../schema.js';

/** Migration 0016_topic_plans_year_grades: topic plans (КТП) and fixed year grades. */

export interface TopicPlansTable {
  schoolId: number;
  id: Id;
  yearId: number;
  subjectId: number;
  grade: number;
  title: string | null;
  uploadedBy: number;
  uploadedAt: Timestamp;
}
export interface TopicPlanItemsTable {
  schoolId: number;
  planId: number;
  position: number;
  topic: string;
  hours: number;
}
export interface YearGradesTable {
  schoolId: number;
  yearId: number;
  assignmentId: number;
  studentPersonId: number;
  periodKind: 'quarter' | 'half_year';
  grade: '2' | '3' | '4' | '5' | 'na' | 'pass' | 'fail' | null;
  status: string;
  computedAt: Timestamp;
  computedBy: number;
}

export interface TopicPlanYearGradeTables {
  topicPlans: TopicPlansTable;
  topicPlanItems: TopicPlanItemsTable;
  yearGrades: YearGradesTable;
}
