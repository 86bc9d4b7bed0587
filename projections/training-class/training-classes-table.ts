// The training classes read model: one wide row per class (the domain state, personal data only
// masked as the class's events carry it, plus the columns lists filter and sort on), and narrow
// tables derived from each row, rewritten with it in the same transaction:
// - training_class_list: one row per organisation whose scope the class is in (its institution and
//   every authority above), so a county's page of 20,000 classes is one range of one index in the
//   list's order, answered without touching the wide rows (as the trainees list does);
// - training_class_people: one row per person and role in a class (teacher, participant), with the
//   sessions they are in: the sessions per person (busy times, the console's schedule of a person)
//   and the subsidised-training history of a person the eligibility policy counts;
// - training_class_certificates: each issued certificate, by number (verification);
// - training_class_follow_ups: each graduate's follow-up milestone, due and overdue days, recorded or not.
import type { Knex } from 'knex';
import { followUpDue } from '../../domain/training-class/follow-up';
import { activeRoster } from '../../domain/training-class/participants';
import { currentLevel } from '../../domain/review/review';
import { subjectLabel } from '../../domain/training-class/class-details';
import type { TrainingClassEvent } from '../../domain/training-class/events';
import type { ExistingClass } from '../../domain/training-class/state';
import { trainingClassDecider, trainingClassStreams } from '../../domain/training-class/training-class';
import { upcast } from '../../store/upcasters';
import { organizationAncestors } from '../organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const TRAINING_CLASSES_TABLE = 'training_classes';
export const TRAINING_CLASS_LIST_TABLE = 'training_class_list';
export const TRAINING_CLASS_PEOPLE_TABLE = 'training_class_people';
export const TRAINING_CLASS_CERTIFICATES_TABLE = 'training_class_certificates';
export const TRAINING_CLASS_FOLLOW_UPS_TABLE = 'training_class_follow_ups';
export const TRAINING_CLASS_INSPECTIONS_TABLE = 'training_class_inspections';

export interface TrainingClassRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  class_no: string;
  name: string;
  institution_id: string;
  /** The venue's county (6-digit code). */
  county_code: string;
  kind: string;
  sub_kind: string | null;
  occupation_code: string | null;
  occupation_level: string | null;
  funding_source: string;
  status: string;
  review_status: string;
  /** What the current (or last) review round is about: declaration, change, completion. */
  review_subject: string | null;
  review_authority: string | null;
  planned_start: string;
  planned_end: string;
  enrolled: number;
  max_size: number;
  state: ExistingClass;
  created_at: string;
  updated_at: string;
}

export interface TrainingClassListRow extends Record<string, unknown> {
  class_id: string;
  org_id: string;
  /** org_id is the class's institution (not an authority above it). */
  direct: boolean;
  updated_at: string;
  status: string;
  kind: string;
  review_status: string;
  planned_start: string;
}

export interface TrainingClassPersonRow extends Record<string, unknown> {
  class_id: string;
  /** `trainee:<id>` or `teacher:<id>`, as the reservations key people. */
  person_key: string;
  person_kind: string;
  person_id: string;
  role: 'teacher' | 'participant';
  name: string;
  funding: string | null;
  withdrawn: boolean;
  class_status: string;
  class_name: string;
  class_no: string;
  institution_id: string;
  kind: string;
  sub_kind: string | null;
  occupation_code: string | null;
  occupation_name: string | null;
  occupation_level: string | null;
  planned_start: string;
  /** The sessions the person is in: [{ sessionId, date, start, end }]. */
  sessions: { sessionId: string; date: string; start: string; end: string }[];
}

export interface TrainingClassCertificateRow extends Record<string, unknown> {
  certificate_no: string;
  class_id: string;
  participant_id: string;
  name: string;
  id_number_masked: string;
  class_no: string;
  class_name: string;
  institution_id: string;
  kind: string;
  subject: string;
  issued_on: string;
}

export interface TrainingClassFollowUpRow extends Record<string, unknown> {
  class_id: string;
  participant_id: string;
  milestone: number;
  name: string;
  institution_id: string;
  due_on: string;
  overdue_after: string;
  recorded: boolean;
}

export interface TrainingClassInspectionRow extends Record<string, unknown> {
  class_id: string;
  inspection_id: string;
  institution_id: string;
  class_name: string;
  class_no: string;
  mode: string;
  inspected_on: string;
  rectify_by: string | null;
  status: string;
  by_org_id: string;
  findings: string;
  updated_at: string;
}

type Ancestors = Map<string, string[]>;

export const trainingClassesProjection = rowProjection<TrainingClassRow>({
  name: 'training_classes',
  // 2: the inspections table.
  version: 2,
  typePrefixes: ['TrainingClass', 'Review'],
  table: TRAINING_CLASSES_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('class_no').notNullable().unique();
      t.text('name').notNullable();
      t.text('institution_id').notNullable().index();
      t.text('county_code').notNullable();
      t.text('kind').notNullable();
      t.text('sub_kind');
      t.text('occupation_code');
      t.text('occupation_level');
      t.text('funding_source').notNullable();
      t.text('status').notNullable();
      t.text('review_status').notNullable();
      t.text('review_subject');
      t.text('review_authority');
      t.text('planned_start').notNullable();
      t.text('planned_end').notNullable();
      t.integer('enrolled').notNullable();
      t.integer('max_size').notNullable();
      t.jsonb('state').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  // The list rows name the authorities above each institution: the organisation tree must have it.
  dependsOn: ['organizations'],
  derived: [
    {
      table: TRAINING_CLASS_LIST_TABLE,
      parentKey: 'class_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('class_id').notNullable();
          t.text('org_id').notNullable();
          t.boolean('direct').notNullable();
          t.text('updated_at').notNullable();
          t.text('status').notNullable();
          t.text('kind').notNullable();
          t.text('review_status').notNullable();
          t.text('planned_start').notNullable();
          t.primary(['class_id', 'org_id']);
        });
        // The list's default order within each organisation, with the filter columns: a page and its total from the index alone.
        await knex.raw('CREATE INDEX ?? ON ?? (org_id, updated_at DESC, class_id) INCLUDE (direct, status, kind, review_status, planned_start)', [`${table}_order_index`, qualified]);
      },
      load: (trx, rows) => organizationAncestors(trx, [...new Set(rows.map((r) => r.institution_id))]),
      rowsOf(row, ancestors: Ancestors): TrainingClassListRow[] {
        // An organisation missing from the tree is its own only scope.
        const orgs = ancestors.get(row.institution_id) ?? [row.institution_id];
        return orgs.map((orgId) => ({
          class_id: row.id,
          org_id: orgId,
          direct: orgId === row.institution_id,
          updated_at: row.updated_at,
          status: row.status,
          kind: row.kind,
          review_status: row.review_status,
          planned_start: row.planned_start,
        }));
      },
    },
    {
      table: TRAINING_CLASS_PEOPLE_TABLE,
      parentKey: 'class_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('class_id').notNullable();
          t.text('person_key').notNullable().index();
          t.text('person_kind').notNullable();
          t.text('person_id').notNullable();
          t.text('role').notNullable();
          t.text('name').notNullable();
          t.text('funding');
          t.boolean('withdrawn').notNullable();
          t.text('class_status').notNullable();
          t.text('class_name').notNullable();
          t.text('class_no').notNullable();
          t.text('institution_id').notNullable();
          t.text('kind').notNullable();
          t.text('sub_kind');
          t.text('occupation_code');
          t.text('occupation_name');
          t.text('occupation_level');
          t.text('planned_start').notNullable();
          t.jsonb('sessions').notNullable();
          t.primary(['class_id', 'person_key', 'role']);
        });
      },
      load: async () => undefined,
      rowsOf: (row) => peopleRows(row),
    },
    {
      table: TRAINING_CLASS_CERTIFICATES_TABLE,
      parentKey: 'class_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('certificate_no').primary();
          t.text('class_id').notNullable().index();
          t.text('participant_id').notNullable().index();
          t.text('name').notNullable();
          t.text('id_number_masked').notNullable();
          t.text('class_no').notNullable();
          t.text('class_name').notNullable();
          t.text('institution_id').notNullable();
          t.text('kind').notNullable();
          t.text('subject').notNullable();
          t.text('issued_on').notNullable();
        });
      },
      load: async () => undefined,
      rowsOf(row): TrainingClassCertificateRow[] {
        const s = row.state;
        if (s.status !== 'completed') return [];
        const masked = new Map(s.roster.map((e) => [e.participant.personId, e.participant.idNumberMasked]));
        return s.completion.certificates.map((c) => ({
          certificate_no: c.certificateNo,
          class_id: row.id,
          participant_id: c.participantId,
          name: c.name,
          id_number_masked: masked.get(c.participantId) ?? '',
          class_no: row.class_no,
          class_name: row.name,
          institution_id: row.institution_id,
          kind: row.kind,
          subject: subjectLabel(s.details),
          issued_on: s.completion.completedOn,
        }));
      },
    },
    {
      table: TRAINING_CLASS_FOLLOW_UPS_TABLE,
      parentKey: 'class_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('class_id').notNullable();
          t.text('participant_id').notNullable();
          t.integer('milestone').notNullable();
          t.text('name').notNullable();
          t.text('institution_id').notNullable();
          t.text('due_on').notNullable();
          t.text('overdue_after').notNullable();
          t.boolean('recorded').notNullable();
          t.primary(['class_id', 'participant_id', 'milestone']);
          t.index(['institution_id', 'recorded', 'overdue_after']);
        });
      },
      load: async () => undefined,
      rowsOf(row): TrainingClassFollowUpRow[] {
        const s = row.state;
        if (s.status !== 'completed') return [];
        const { completedOn, certificates, request } = s.completion;
        return request.followUp.months.flatMap((milestone) => {
          const { dueOn, overdueAfter } = followUpDue(completedOn, milestone, request.followUp.graceDays);
          return certificates.map((c) => ({
            class_id: row.id,
            participant_id: c.participantId,
            milestone,
            name: c.name,
            institution_id: row.institution_id,
            due_on: dueOn,
            overdue_after: overdueAfter,
            recorded: s.followUps.some((f) => f.participantId === c.participantId && f.milestone === milestone),
          }));
        });
      },
    },
    {
      table: TRAINING_CLASS_INSPECTIONS_TABLE,
      parentKey: 'class_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('class_id').notNullable();
          t.text('inspection_id').notNullable();
          t.text('institution_id').notNullable();
          t.text('class_name').notNullable();
          t.text('class_no').notNullable();
          t.text('mode').notNullable();
          t.text('inspected_on').notNullable();
          t.text('rectify_by');
          t.text('status').notNullable();
          t.text('by_org_id').notNullable();
          t.text('findings').notNullable();
          t.text('updated_at').notNullable();
          t.primary(['class_id', 'inspection_id']);
          t.index(['institution_id', 'status']);
        });
      },
      load: async () => undefined,
      rowsOf: (row): TrainingClassInspectionRow[] =>
        row.state.inspections.map((i) => ({
          class_id: row.id,
          inspection_id: i.inspectionId,
          institution_id: row.institution_id,
          class_name: row.name,
          class_no: row.class_no,
          mode: i.mode,
          inspected_on: i.inspectedOn,
          rectify_by: i.rectifyBy,
          status: i.status,
          by_org_id: i.byOrgId,
          findings: i.findings.slice(0, 500),
          updated_at: row.updated_at,
        })),
    },
  ],
  rowKey: (event) => trainingClassStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = trainingClassDecider.evolve(row?.state ?? trainingClassDecider.initialState(), upcast(event) as TrainingClassEvent);
    if (state.status === 'none') return row;
    const level = currentLevel(state.review) ?? null;
    const { details } = state;
    return {
      id: state.classId,
      stream_id: event.streamId,
      class_no: state.classNo,
      name: details.name,
      institution_id: state.institutionId,
      county_code: details.venue.countyCode,
      kind: details.kind,
      sub_kind: details.subKind,
      occupation_code: details.occupation?.code ?? null,
      occupation_level: details.occupation?.level ?? null,
      funding_source: details.fundingSource,
      status: state.status,
      review_status: state.review.status,
      review_subject: state.subject,
      review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
      planned_start: details.plannedStart,
      planned_end: details.plannedEnd,
      enrolled: activeRoster(state.roster).length,
      max_size: details.maxSize,
      state,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
    };
  },
});

/**
 * The class's teachers and participants with the sessions each is in (the approved composition).
 * `sessions` goes out as JSON text: node-postgres would write a JavaScript array as a Postgres array.
 */
function peopleRows(row: TrainingClassRow): (Omit<TrainingClassPersonRow, 'sessions'> & { sessions: string })[] {
  const s = row.state;
  const session = (x: { sessionId: string; date: string; start: string; end: string }) => ({ sessionId: x.sessionId, date: x.date, start: x.start, end: x.end });
  const common = {
    class_id: row.id,
    class_status: row.status,
    class_name: row.name,
    class_no: row.class_no,
    institution_id: row.institution_id,
    kind: row.kind,
    sub_kind: row.sub_kind,
    occupation_code: row.occupation_code,
    occupation_name: s.details.occupation?.name ?? null,
    occupation_level: row.occupation_level,
    planned_start: row.planned_start,
  };
  const teachers = s.teachers.map((t) => ({
    ...common,
    person_key: `teacher:${t.teacherId}`,
    person_kind: 'teacher',
    person_id: t.teacherId,
    role: 'teacher' as const,
    name: t.name,
    funding: null,
    withdrawn: false,
    sessions: JSON.stringify(s.timetable.filter((x) => x.teacherId === t.teacherId).map(session)),
  }));
  const participants = s.roster.map((e) => ({
    ...common,
    person_key: `${e.participant.kind}:${e.participant.personId}`,
    person_kind: e.participant.kind,
    person_id: e.participant.personId,
    role: 'participant' as const,
    name: e.participant.name,
    funding: e.funding,
    withdrawn: e.withdrawal !== null,
    sessions: JSON.stringify(s.timetable.map(session)),
  }));
  return [...teachers, ...participants];
}

export const trainingClassesTable = (knex: Knex) => knex<TrainingClassRow>(`${READ_MODEL_SCHEMA}.${TRAINING_CLASSES_TABLE}`);
export const trainingClassListTable = (knex: Knex) => knex<TrainingClassListRow>(`${READ_MODEL_SCHEMA}.${TRAINING_CLASS_LIST_TABLE}`);
export const trainingClassPeopleTable = (knex: Knex) => knex<TrainingClassPersonRow>(`${READ_MODEL_SCHEMA}.${TRAINING_CLASS_PEOPLE_TABLE}`);
export const trainingClassCertificatesTable = (knex: Knex) => knex<TrainingClassCertificateRow>(`${READ_MODEL_SCHEMA}.${TRAINING_CLASS_CERTIFICATES_TABLE}`);
export const trainingClassFollowUpsTable = (knex: Knex) => knex<TrainingClassFollowUpRow>(`${READ_MODEL_SCHEMA}.${TRAINING_CLASS_FOLLOW_UPS_TABLE}`);
export const trainingClassInspectionsTable = (knex: Knex) => knex<TrainingClassInspectionRow>(`${READ_MODEL_SCHEMA}.${TRAINING_CLASS_INSPECTIONS_TABLE}`);
