// The read side as the training-class commands' port sees it (commands/training-class/
// training-class-directory.ts): institutions, occupations, teachers and trainees from their own
// modules' read models, and the subsidised-training history from this module's people table.
import type { Knex } from 'knex';
import { grantsRights } from '../../domain/affiliation/affiliation';
import { institutionPenaltiesInForce } from '../../domain/institution/institution';
import type { InstitutionState } from '../../domain/institution/institution';
import type { TeacherState } from '../../domain/teacher/teacher';
import type { ParticipantKind } from '../../domain/training-class/class-details';
import type { SubsidisedTraining } from '../../domain/training-class/eligibility';
import type { TraineeState } from '../../domain/trainee/trainee';
import { institutionsTable } from '../institution/institutions-table';
import { occupationsTable } from '../occupation/occupations-table';
import { teachersTable } from '../teacher/teachers-table';
import { traineesTable } from '../trainee/trainees-table';
import { trainingClassesTable, trainingClassPeopleTable } from './training-classes-table';

/** Statuses of a class whose subsidised enrolments count against a person's entitlement. */
const COUNTING = ['approved', 'in_progress', 'suspended', 'completed'];

export function trainingClassDirectory(knex: Knex) {
  return {
    async institution(institutionId: string) {
      const row = await institutionsTable(knex).where({ id: institutionId }).first('name', 'state');
      if (!row) return undefined;
      const state = row.state as InstitutionState;
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const penalties = state.status === 'registered' ? institutionPenaltiesInForce(state, today) : { barredUntil: null, designationTerminated: false };
      return { name: row.name, ...penalties };
    },

    async occupation(institutionId: string, occupation: { code: string; level: string }) {
      const published = (q: Knex.QueryBuilder) => q.whereRaw(`published->>'code' = ? AND published->>'level' = ?`, [occupation.code, occupation.level]);
      const [any, own] = await Promise.all([published(occupationsTable(knex)).first('id'), published(occupationsTable(knex).where({ institution_id: institutionId })).first('id')]);
      return { published: Boolean(any), approvedForInstitution: Boolean(own) };
    },

    async teachers(institutionId: string, teacherIds: readonly string[]) {
      const rows = teacherIds.length ? await teachersTable(knex).whereIn('id', [...teacherIds]).select('id', 'name', 'state') : [];
      return new Map(
        rows.flatMap((r) => {
          const state = r.state as TeacherState;
          if (state.status !== 'declared') return [];
          const engagement = state.engagements.find((e) => e.institutionId === institutionId);
          const standing = {
            effective: state.engagements.some((e) => e.status === 'approved'),
            inInstitutionPool: engagement?.status === 'approved',
            certified: state.qualification !== null,
            revoked: state.revoked !== null,
          };
          return [[r.id, { teacherId: r.id, name: state.profile.name, standing }]];
        }),
      );
    },

    async participants(kind: ParticipantKind, institutionId: string, personIds: readonly string[]) {
      if (personIds.length === 0) return new Map();
      if (kind === 'teacher') {
        const rows = await teachersTable(knex).whereIn('id', [...personIds]).select('id', 'id_number_masked', 'state');
        return new Map(
          rows.flatMap((r) => {
            const state = r.state as TeacherState;
            if (state.status !== 'declared') return [];
            const effective = state.engagements.some((e) => e.status === 'approved') && state.revoked === null;
            return [[r.id, { personId: r.id, name: state.profile.name, idNumberMasked: r.id_number_masked, effective }]];
          }),
        );
      }
      const rows = await traineesTable(knex).whereIn('id', [...personIds]).select('id', 'id_number_masked', 'state');
      return new Map(
        rows.flatMap((r) => {
          const state = r.state as TraineeState;
          if (state.status !== 'registered') return [];
          // Enrolled by an institution that holds the person: its own tie approved (a pending duplicate entry grants nothing).
          const tie = state.enrolments.find((e) => e.institutionId === institutionId);
          const effective = Boolean(tie && tie.status === 'approved' && grantsRights(tie));
          return [[r.id, { personId: r.id, name: state.person.name, idNumberMasked: r.id_number_masked, effective }]];
        }),
      );
    },

    async classIdByNumber(institutionId: string, classNo: string) {
      return (await trainingClassesTable(knex).where({ class_no: classNo, institution_id: institutionId }).first('id'))?.id;
    },

    async personIdByIdNumber(kind: ParticipantKind, blindIndexes: readonly string[]) {
      const row = kind === 'teacher' ? await teachersTable(knex).whereIn('id_number_bidx', [...blindIndexes]).first('id') : await traineesTable(knex).whereIn('id_number_bidx', [...blindIndexes]).first('id');
      return row?.id;
    },

    async subsidisedHistory(personIds: readonly string[], excludeClassId: string) {
      const history = new Map<string, SubsidisedTraining[]>(personIds.map((id) => [id, []]));
      if (personIds.length === 0) return history;
      const rows = await trainingClassPeopleTable(knex)
        .whereIn('person_key', personIds.map((id) => `trainee:${id}`))
        .where({ role: 'participant', funding: 'subsidised', withdrawn: false })
        .whereIn('class_status', COUNTING)
        .whereNot('class_id', excludeClassId)
        .select('person_id', 'class_id', 'class_name', 'kind', 'sub_kind', 'occupation_code', 'occupation_name', 'occupation_level', 'planned_start');
      for (const r of rows) {
        history.get(r.person_id)?.push({
          classId: r.class_id,
          className: r.class_name,
          details: {
            kind: r.kind as SubsidisedTraining['details']['kind'],
            subKind: r.sub_kind as SubsidisedTraining['details']['subKind'],
            occupation: r.occupation_code ? { code: r.occupation_code, name: r.occupation_name ?? '', level: r.occupation_level as NonNullable<SubsidisedTraining['details']['occupation']>['level'] } : null,
            plannedStart: r.planned_start,
          },
        });
      }
      return history;
    },
  };
}
