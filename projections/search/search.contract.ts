// The contract every search adapter passes (the embedded Postgres engine and Meilisearch run the
// same suite). Expectations follow the semantics written down in search-port.ts.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TRAINEES, electricians, ids, traineeIndex } from './contract-records';
import {
  SearchIndexingError,
  SearchRequestError,
  UnknownSearchIndexError,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
} from './search-port';

export interface SearchFixture {
  engine: SearchEngine;
  /** A new engine over the same stored data, as after an application restart. */
  reopen(): Promise<SearchEngine>;
  dispose(): Promise<void>;
}

const uniqueName = (label: string) => `${label}_${randomBytes(4).toString('hex')}`;

export function describeSearchContract(adapterName: string, makeFixture: () => Promise<SearchFixture>) {
  describe(`search contract: ${adapterName}`, () => {
    let fixture: SearchFixture;
    let engine: SearchEngine;
    const trainees = uniqueName('trainees');
    const find = async (request: SearchRequest, index = trainees) => ids((await engine.search(index, request)).hits);

    beforeAll(async () => {
      fixture = await makeFixture();
      engine = fixture.engine;
      await engine.ensureIndex(traineeIndex(trainees));
      // Reversed, so that insertion order (Meilisearch's last tie-break) is not primary-key order.
      await engine.upsert(trainees, [...TRAINEES].reverse());
    });
    afterAll(async () => fixture.dispose());

    describe('Chinese keywords', () => {
      it('finds one character as a word or a word prefix: a surname', async () => {
        expect(await find({ q: '张' })).toEqual(['tr-01', 'tr-04']);
      });

      it('finds a two-character name, cut by jieba into 张 / 伟 (so also 张伟华)', async () => {
        expect(await find({ q: '张伟' })).toEqual(['tr-01', 'tr-04']);
        expect(await find({ q: '王芳' })).toEqual(['tr-02']);
        expect(await find({ q: '李娜' })).toEqual(['tr-06']);
      });

      it('finds a four-character compound surname name and its surname alone', async () => {
        expect(await find({ q: '欧阳娜娜' })).toEqual(['tr-03']);
        expect(await find({ q: '欧阳' })).toEqual(['tr-03', 'tr-09']);
      });

      it('requires every word of a multi-word query, across attributes, with or without spaces', async () => {
        expect(await find({ q: '白云区 电工' })).toEqual(['tr-01', 'tr-00']);
        expect(await find({ q: '白云区电工' })).toEqual(['tr-01', 'tr-00']);
        expect(await find({ q: '白云区 焊工' })).toEqual([]);
        // 育婴员 -> 育婴 / 员; tr-05 has both in its institution, an earlier attribute than occupation.
        expect(await find({ q: '育婴员' })).toEqual(['tr-05', 'tr-02']);
      });

      it('matches the last word as a prefix, but not after a trailing space', async () => {
        expect(await find({ q: '贵阳' })).toEqual(['tr-01', 'tr-02', 'tr-04', 'tr-08']);
        expect(await find({ q: '贵阳 ' })).toEqual([]);
      });

      it('joins consecutive query words into one (n-gram), and matches words, not substrings', async () => {
        expect(await find({ q: '职业 技能' })).toEqual(['tr-01', 'tr-03', 'tr-04']);
        // 职业技能培训学校 is cut into 职业技能 / 培训 / 学校: 技能 is none of its words.
        expect(await find({ q: '技能' })).toEqual([]);
      });

      it('treats quotes and minus signs as separators, and full-width digits as digits', async () => {
        expect(await find({ q: '"张伟"' })).toEqual(['tr-01', 'tr-04']);
        expect(await find({ q: '-张伟' })).toEqual(['tr-01', 'tr-04']);
        expect(await find({ q: '５２０１１３１９９００１０１１２３４' })).toEqual(['tr-01']);
      });

      it('returns every document for an empty query', async () => {
        const result = await engine.search(trainees, { q: '  ', limit: 100 });
        expect(result.total).toBe(TRAINEES.length);
        expect(ids(result.hits)).toEqual(ids(TRAINEES));
      });
    });

    describe('exact attributes', () => {
      it('finds an ID number by the whole number and by a prefix', async () => {
        expect(await find({ q: '520113199001011234' })).toEqual(['tr-01']);
        expect(await find({ q: '5201131990' })).toEqual(['tr-01', 'tr-11']);
        expect(await find({ q: '52011319880808123X' })).toEqual(['tr-04']);
        expect(await find({ q: '52011319880808123x' })).toEqual(['tr-04']);
      });

      it('never finds a near miss of an ID number or a phone number', async () => {
        expect(await find({ q: '520113199001011235' })).toEqual([]);
        expect(await find({ q: '520113199001011243' })).toEqual(['tr-11']);
        expect(await find({ q: '13985012345' })).toEqual(['tr-01']);
        expect(await find({ q: '13985012354' })).toEqual([]);
      });
    });

    describe('relevance', () => {
      it('ranks a match in an earlier attribute above one in a later attribute, whatever the primary keys', async () => {
        expect(await find({ q: '白云区' })).toEqual(['tr-01', 'tr-04', 'tr-00']);
      });

      it('ranks exact words above prefix-only matches, then by primary key', async () => {
        expect(await find({ q: '王' })).toEqual(['tr-02', 'tr-07', 'tr-05', 'tr-08']);
      });
    });

    describe('filters', () => {
      it('ANDs attributes and ORs the values listed for one attribute', async () => {
        expect(await find({ filter: { county: '南明区' } })).toEqual(['tr-02', 'tr-08']);
        expect(await find({ filter: { occupation: ['育婴员', '焊工'] } })).toEqual(['tr-02', 'tr-05', 'tr-06']);
        expect(await find({ filter: { county: '白云区', occupation: '电工' } })).toEqual(['tr-00', 'tr-01']);
        expect(await find({ q: '王', filter: { county: ['南明区', '碧江区'], year: 2023 } })).toEqual(['tr-02', 'tr-08']);
      });

      it('matches an element of an array, numbers by value and strings regardless of case', async () => {
        expect(await find({ filter: { tags: 'certified' } })).toEqual(['tr-01', 'tr-04']);
        expect(await find({ filter: { year: 2022 } })).toEqual(['tr-04', 'tr-11']);
        expect(await find({ filter: { year: '2022' } })).toEqual(['tr-04', 'tr-11']);
        expect(await find({ filter: { status: 'ACTIVE', county: '白云区' } })).toEqual(['tr-00', 'tr-01', 'tr-04']);
      });

      it('refuses attributes that are not filterable', async () => {
        await expect(engine.search(trainees, { filter: { name: '张伟' } })).rejects.toBeInstanceOf(SearchRequestError);
        await expect(engine.search(trainees, { facets: ['name'] })).rejects.toBeInstanceOf(SearchRequestError);
      });
    });

    describe('facets', () => {
      it('counts the matching documents per value of each requested attribute', async () => {
        const result = await engine.search(trainees, { q: '贵阳', facets: ['county', 'occupation', 'tags', 'year'] });
        expect(result.total).toBe(4);
        expect(result.facetDistribution).toEqual({
          county: { 白云区: 2, 南明区: 2 },
          occupation: { 电工: 1, 中式烹调师: 1, 育婴员: 1, 家政服务员: 1 },
          tags: { subsidised: 2, certified: 2 },
          year: { '2024': 1, '2023': 2, '2022': 1 },
        });
      });

      it('counts over all matches, not just the page, and answers an attribute with no values', async () => {
        const result = await engine.search(trainees, { filter: { year: 2023 }, facets: ['county', 'tags'], limit: 1 });
        expect(result.hits).toHaveLength(1);
        expect(result.facetDistribution).toEqual({ county: { 白云区: 1, 南明区: 2, 西秀区: 1 }, tags: { subsidised: 1 } });
        expect((await engine.search(trainees, { q: '技能', facets: ['county'] })).facetDistribution).toEqual({ county: {} });
      });
    });

    describe('sort', () => {
      it('orders by the sort keys first, then by relevance, then by primary key', async () => {
        expect(await find({ q: '王', sort: [{ attribute: 'year', direction: 'desc' }] })).toEqual(['tr-07', 'tr-05', 'tr-02', 'tr-08']);
        expect(await find({ q: '王', sort: [{ attribute: 'year', direction: 'asc' }] })).toEqual(['tr-02', 'tr-08', 'tr-07', 'tr-05']);
      });

      it('orders Chinese strings by code point and puts missing values last in both directions', async () => {
        const byName = [...TRAINEES].sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
        expect(await find({ sort: [{ attribute: 'name', direction: 'asc' }], limit: 100 })).toEqual(ids(byName));
        expect(await find({ sort: [{ attribute: 'score', direction: 'asc' }], limit: 100 })).toEqual([
          'tr-04', 'tr-08', 'tr-00', 'tr-03', 'tr-07', 'tr-05', 'tr-01', 'tr-09', 'tr-02', 'tr-06', 'tr-11',
        ]);
        expect(await find({ sort: [{ attribute: 'score', direction: 'desc' }], limit: 100 })).toEqual([
          'tr-02', 'tr-09', 'tr-01', 'tr-05', 'tr-07', 'tr-03', 'tr-00', 'tr-08', 'tr-04', 'tr-06', 'tr-11',
        ]);
      });

      it('refuses attributes that are not sortable', async () => {
        await expect(engine.search(trainees, { sort: [{ attribute: 'county', direction: 'asc' }] })).rejects.toBeInstanceOf(SearchRequestError);
      });
    });

    describe('paging past 1,000 hits', () => {
      const many = uniqueName('electricians');
      const all = electricians(1250);
      beforeAll(async () => {
        await engine.ensureIndex(traineeIndex(many));
        await engine.upsert(many, [...all].reverse());
      });

      it('reports the exact total and reaches every page, in primary-key order', async () => {
        const last = await engine.search(many, { q: '电工', offset: 1200, limit: 100 });
        expect(last.total).toBe(1250);
        expect(ids(last.hits)).toEqual(ids(all.slice(1200)));
        const seen: string[] = [];
        for (let offset = 0; offset < 1250; offset += 250) seen.push(...(await find({ q: '电工', offset, limit: 250 }, many)));
        expect(seen).toEqual(ids(all));
      });

      it('serves windows that do not start on a page boundary', async () => {
        expect(await find({ q: '电工', offset: 990, limit: 20 }, many)).toEqual(ids(all.slice(990, 1010)));
        expect(await find({ q: '电工', offset: 1237, limit: 7 }, many)).toEqual(ids(all.slice(1237, 1244)));
      });

      it('counts exactly with a filter, and with a zero limit', async () => {
        const filtered = await engine.search(many, { q: '电工', filter: { county: '花溪区' }, limit: 0 });
        expect(filtered.hits).toEqual([]);
        expect(filtered.total).toBe(250);
        expect((await engine.search(many, { q: '电工', offset: 5000 })).hits).toEqual([]);
      });

      it('refuses a limit above the maximum', async () => {
        await expect(engine.search(many, { limit: 1001 })).rejects.toBeInstanceOf(SearchRequestError);
        await expect(engine.search(many, { offset: -1 })).rejects.toBeInstanceOf(SearchRequestError);
      });
    });

    describe('writing', () => {
      it('upserts idempotently and replaces a document by its primary key', async () => {
        const index = uniqueName('upsert');
        await engine.ensureIndex(traineeIndex(index));
        await engine.upsert(index, TRAINEES);
        await engine.upsert(index, TRAINEES);
        expect((await engine.search(index, {})).total).toBe(TRAINEES.length);
        const changed = { ...TRAINEES[1]!, occupation: '焊工' };
        // Within one call the last version of a document wins.
        await engine.upsert(index, [{ ...changed, occupation: '茶艺师' }, changed]);
        expect(await find({ q: '张伟 电工' }, index)).toEqual([]);
        expect(await find({ q: '张伟 焊工' }, index)).toEqual(['tr-01']);
        expect((await engine.search(index, {})).total).toBe(TRAINEES.length);
      });

      it('deletes by primary key and ignores unknown ids', async () => {
        const index = uniqueName('delete');
        await engine.ensureIndex(traineeIndex(index));
        await engine.upsert(index, TRAINEES);
        await engine.delete(index, ['tr-06', 'no-such-id']);
        expect(await find({ q: '李娜' }, index)).toEqual([]);
        expect((await engine.search(index, {})).total).toBe(TRAINEES.length - 1);
      });

      it('refuses a call with an invalid or missing primary key, indexing none of it', async () => {
        const index = uniqueName('invalid');
        await engine.ensureIndex(traineeIndex(index));
        const good = { ...TRAINEES[2]!, id: 'ok-1' };
        const error = await engine.upsert(index, [good, { ...TRAINEES[3]!, id: '欧阳 娜娜' }]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SearchIndexingError);
        expect((error as SearchIndexingError).code).toBe('invalid_document_id');
        const missing = await engine.upsert(index, [{ name: '无编号' } as SearchDocument]).catch((e: unknown) => e);
        expect((missing as SearchIndexingError).code).toBe('missing_document_id');
        expect((await engine.search(index, {})).total).toBe(0);
      });

      it('indexes stored documents again when the definition changes', async () => {
        const index = uniqueName('redefine');
        await engine.ensureIndex(traineeIndex(index));
        await engine.upsert(index, TRAINEES);
        expect(await find({ q: '高校毕业生' }, index)).toEqual([]);
        const base = traineeIndex(index);
        await engine.ensureIndex({ ...base, searchableAttributes: [...base.searchableAttributes, 'category'], chineseAttributes: [...base.chineseAttributes, 'category'] });
        expect(await find({ q: '高校毕业生' }, index)).toEqual(['tr-03']);
      });
    });

    describe('lifecycle', () => {
      it('finds stored documents from a new engine instance without indexing again', async () => {
        const reopened = await fixture.reopen();
        try {
          expect(ids((await reopened.search(trainees, { q: '欧阳娜娜' })).hits)).toEqual(['tr-03']);
          expect((await reopened.search(trainees, {})).total).toBe(TRAINEES.length);
        } finally {
          await reopened.close();
        }
      });

      it('reports an index that was never defined', async () => {
        await expect(engine.search(uniqueName('missing'), { q: '张伟' })).rejects.toBeInstanceOf(UnknownSearchIndexError);
      });
    });
  });
}
