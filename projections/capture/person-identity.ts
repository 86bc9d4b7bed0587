// The person behind a trainee or teacher record, as the signal detector's PersonIdentityDirectory
// port sees it: the blind index of the ID number, the same for a trainee record and a teacher
// record of one person.
import type { Knex } from 'knex';
import { teachersTable } from '../teacher/teachers-table';
import { traineesTable } from '../trainee/trainees-table';

export const personIdentityDirectory = (knex: Knex) => ({
  async humanKeys(people: readonly { kind: 'trainee' | 'teacher'; id: string }[]) {
    const ids = (kind: string) => [...new Set(people.filter((p) => p.kind === kind).map((p) => p.id))];
    const [trainees, teachers] = await Promise.all([
      ids('trainee').length ? traineesTable(knex).whereIn('id', ids('trainee')).select('id', 'id_number_bidx') : [],
      ids('teacher').length ? teachersTable(knex).whereIn('id', ids('teacher')).select('id', 'id_number_bidx') : [],
    ]);
    return new Map<string, string>([...trainees.map((r): [string, string] => [`trainee:${r.id}`, r.id_number_bidx]), ...teachers.map((r): [string, string] => [`teacher:${r.id}`, r.id_number_bidx])]);
  },
});
