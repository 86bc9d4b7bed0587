// PageInput's sort: parsed with the page, checked against the list's whitelist, tie-broken by the
// default order's unique column, and never a column name taken from the request.
import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../domain/shared/errors';
import { orderFor, parsePage, refuseSort, type OrderColumn, type SortableFields } from './pagination';

const SORTABLE: SortableFields = {
  name: { column: 'things.name', pinyin: true },
  code: 'things.code',
  updatedAt: 'things.updated_at',
};
const DEFAULT: OrderColumn[] = [
  { column: 'things.updated_at', order: 'desc' },
  { column: 'things.id', order: 'asc' },
];

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return { message: error.message, fields: error.fields };
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('parsePage', () => {
  it('defaults to page 1 of 20, unsorted', () => {
    expect(parsePage(undefined)).toEqual({ page: 1, pageSize: 20, sort: undefined });
    expect(parsePage({ page: 3, pageSize: 50, sortBy: null, sortOrder: null })).toEqual({ page: 3, pageSize: 50, sort: undefined });
  });

  it('reads a sort, ascending unless DESC', () => {
    expect(parsePage({ sortBy: 'name' }).sort).toEqual({ field: 'name', order: 'asc' });
    expect(parsePage({ sortBy: 'name', sortOrder: 'DESC' }).sort).toEqual({ field: 'name', order: 'desc' });
  });

  it('ignores a direction without a field', () => {
    expect(parsePage({ sortOrder: 'DESC' }).sort).toBeUndefined();
  });

  it('refuses what is not a field name, before any list sees it', () => {
    expect(refusal(() => parsePage({ sortBy: 'name; drop table events' })).fields).toEqual([{ field: 'sortBy', message: '排序字段应为字段名，如 updatedAt' }]);
    expect(refusal(() => parsePage({ sortBy: 'things.name' })).fields[0]!.field).toBe('sortBy');
    expect(refusal(() => parsePage({ sortBy: 'name', sortOrder: 'SIDEWAYS' })).fields).toEqual([{ field: 'sortOrder', message: '排序方向不在可选范围内' }]);
  });
});

describe('orderFor', () => {
  it('keeps the default order without a sort', () => {
    expect(orderFor(parsePage({}), SORTABLE, DEFAULT)).toEqual(DEFAULT);
  });

  it('maps the field to its column and breaks ties by the default order\'s last column', () => {
    expect(orderFor(parsePage({ sortBy: 'code', sortOrder: 'DESC' }), SORTABLE, DEFAULT)).toEqual([
      { column: 'things.code', order: 'desc' },
      { column: 'things.id', order: 'asc' },
    ]);
    expect(orderFor(parsePage({ sortBy: 'name' }), SORTABLE, DEFAULT)).toEqual([
      { column: 'things.name', pinyin: true, order: 'asc' },
      { column: 'things.id', order: 'asc' },
    ]);
  });

  it('does not repeat the tie-breaker when it is the chosen column', () => {
    const byUsername: OrderColumn[] = [{ column: 'users.username', order: 'asc' }];
    expect(orderFor(parsePage({ sortBy: 'username', sortOrder: 'DESC' }), { username: 'users.username' }, byUsername)).toEqual([{ column: 'users.username', order: 'desc' }]);
  });

  it('refuses a field outside the whitelist, naming the allowed ones', () => {
    expect(refusal(() => orderFor(parsePage({ sortBy: 'idNumber' }), SORTABLE, DEFAULT))).toEqual({
      message: '不能按“idNumber”排序，可排序的字段：name、code、updatedAt',
      fields: [{ field: 'sortBy', message: '不能按“idNumber”排序，可排序的字段：name、code、updatedAt' }],
    });
  });

  it('does not take inherited properties for fields', () => {
    for (const sortBy of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(refusal(() => orderFor(parsePage({ sortBy }), SORTABLE, DEFAULT)).fields[0]!.field).toBe('sortBy');
    }
  });

  it('says so when a list sorts by nothing', () => {
    expect(refusal(() => orderFor(parsePage({ sortBy: 'name' }), {}, DEFAULT)).message).toBe('该列表不支持指定排序');
  });
});

describe('refuseSort', () => {
  it('lets an unsorted page through and refuses a sorted one with the reason', () => {
    expect(() => refuseSort(parsePage({ page: 2 }), '按相关度排列')).not.toThrow();
    expect(refusal(() => refuseSort(parsePage({ sortBy: 'name' }), '按相关度排列'))).toEqual({ message: '按相关度排列', fields: [{ field: 'sortBy', message: '按相关度排列' }] });
  });
});
