// Every field a list allows to sort by runs as SQL, both ways, on the real database: a whitelist
// naming a column the list's query does not have (or an ambiguous one) fails here, not in the console.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session, type TestUser } from '../../testing/api-harness';
import { AUDIT_SORT } from '../audit/audit-graphql';
import { USER_SORT } from '../identity/admin-graphql';
import { IMPORT_SORT } from '../import/import-graphql';
import { INSTITUTION_SORT } from '../institution/institution-graphql';
import { OCCUPATION_SORT } from '../occupation/occupation-graphql';
import { INBOX_SORT } from '../review/review-graphql';
import { TEACHER_SORT } from '../teacher/teacher-graphql';
import { TRAINEE_SORT } from '../trainee/trainee-graphql';
import type { SortableFields } from './pagination';

const LISTS: { list: string; user: TestUser; sortable: SortableFields }[] = [
  { list: 'occupations', user: 'nanmingSchool', sortable: OCCUPATION_SORT },
  { list: 'occupationCatalogue', user: 'nanmingSchool', sortable: OCCUPATION_SORT },
  { list: 'institutions', user: 'nanmingReviewer', sortable: INSTITUTION_SORT },
  { list: 'trainees', user: 'nanmingSchool', sortable: TRAINEE_SORT },
  { list: 'teachers', user: 'nanmingSchool', sortable: TEACHER_SORT },
  { list: 'imports', user: 'nanmingSchool', sortable: IMPORT_SORT },
  { list: 'reviewInbox', user: 'nanmingReviewer', sortable: INBOX_SORT },
  { list: 'users', user: 'systemAdmin', sortable: USER_SORT },
  { list: 'auditEvents', user: 'auditAdmin', sortable: AUDIT_SORT },
  { list: 'securityLog', user: 'auditAdmin', sortable: AUDIT_SORT },
];

describe('sortable lists', () => {
  let api: ApiHarness;
  const sessions = new Map<TestUser, Session>();

  beforeAll(async () => {
    api = await startApiHarness();
    for (const user of new Set(LISTS.map((l) => l.user))) sessions.set(user, await api.login(user));
  });
  afterAll(async () => api.close());

  it.each(LISTS)('$list sorts by each allowed field, both ways', async ({ list, user, sortable }) => {
    for (const sortBy of Object.keys(sortable)) {
      for (const sortOrder of ['ASC', 'DESC']) {
        const body = await api.graphql<Record<string, { total: number }>>(sessions.get(user)!, `query($page: PageInput) { ${list}(page: $page) { total } }`, { page: { sortBy, sortOrder, pageSize: 5 } });
        expect({ sortBy, sortOrder, errors: body.errors }).toEqual({ sortBy, sortOrder, errors: undefined });
      }
    }
  });

  it('refuses a sort on the global search and the ledger digests, whose order is their own', async () => {
    const search = await api.graphql(sessions.get('nanmingSchool')!, '{ search(q: "学校", page: { sortBy: "title" }) { total } }');
    expect(search.errors![0]).toMatchObject({ message: '搜索结果按相关度排列，不能指定排序字段', extensions: { code: 'BAD_USER_INPUT' } });
    const ledger = await api.graphql(sessions.get('auditAdmin')!, '{ ledgerDigests(page: { sortBy: "createdAt" }) { total } }');
    expect(ledger.errors![0]).toMatchObject({ message: '账本摘要按生成顺序排列，不能指定排序字段', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
