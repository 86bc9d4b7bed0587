// Class numbers (班级编号): `<county code>-<year>-<serial>` (520102-2026-0001), the serial counted
// per county and year in a table the commands own, one atomic statement per number, so two
// registrations at the same moment never get the same one. Certificate numbers derive from it
// (`<classNo>-<NNN>`), so it is unique in the province for good. A registration refused after its
// number was drawn leaves a gap in the serial, never a duplicate; the command checks what it can
// before drawing (see training-class-commands.ts).
import type { Knex } from 'knex';

export function classNumbers(knex: Knex) {
  return {
    async next(countyCode: string, year: string): Promise<string> {
      const result = await knex.raw<{ rows: { last: number }[] }>(
        `INSERT INTO class_number_counters (county_code, year, last) VALUES (?, ?, 1)
         ON CONFLICT (county_code, year) DO UPDATE SET last = class_number_counters.last + 1
         RETURNING last`,
        [countyCode, Number(year)],
      );
      return `${countyCode}-${year}-${String(result.rows[0]!.last).padStart(4, '0')}`;
    },
  };
}
