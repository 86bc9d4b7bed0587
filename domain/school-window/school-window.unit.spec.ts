import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { requireWindowOpen, schoolWindowDecider, windowVerdict, type AuthorityWindows, type SchoolWindowEvent } from './school-window';

const given = specification(schoolWindowDecider);
const PROV = 'auth-province';
// 2026-08-31T17:00Z is already 1 September in China.
const province = (now = '2026-08-31T17:00:00.000Z') => testContext({ id: 'op-prov', orgId: PROV }, now);
const opened: SchoolWindowEvent = { type: 'SchoolWindowOpened', data: { authorityId: PROV, kind: 'registration', from: '2026-09-01', to: '2026-10-31', note: '' } };

describe('time windows', () => {
  describe('opening', () => {
    it('an authority opens a registration period for its schools', () =>
      given().when({ type: 'OpenSchoolWindow', authorityId: PROV, window: { kind: 'registration', from: '2026-09-01', to: '2026-10-31', note: '' } }, province()).then([opened]));
    it('only for itself', () =>
      given().when({ type: 'OpenSchoolWindow', authorityId: 'auth-other', window: { kind: 'registration', from: '2026-09-01', to: '2026-10-31', note: '' } }, province()).thenThrows(ForbiddenError));
    it('refuses an end before the start, naming the field', () => {
      expect(() => schoolWindowDecider.decide({ type: 'OpenSchoolWindow', authorityId: PROV, window: { kind: 'grant', from: '2026-10-01', to: '2026-09-01', note: '' } }, { status: 'none' }, province())).toThrow(
        expect.objectContaining({ fields: [{ field: 'to', message: '结束日期不能早于开始日期' }] }) as unknown as Error,
      );
    });
    it('refuses a period already over, and one longer than a year', () => {
      given().when({ type: 'OpenSchoolWindow', authorityId: PROV, window: { kind: 'grant', from: '2026-01-01', to: '2026-03-01', note: '' } }, province()).thenThrows(ValidationError);
      given().when({ type: 'OpenSchoolWindow', authorityId: PROV, window: { kind: 'grant', from: '2026-09-01', to: '2027-09-30', note: '' } }, province()).thenThrows(ValidationError);
    });
    it('the same period again changes nothing', () =>
      given([opened]).when({ type: 'OpenSchoolWindow', authorityId: PROV, window: { kind: 'registration', from: '2026-09-01', to: '2026-10-31', note: '' } }, province()).thenNothing());
  });

  describe('closing', () => {
    it('closes an open period early, on the day of closing', () =>
      given([opened])
        .when({ type: 'CloseSchoolWindow', authorityId: PROV, kind: 'registration', reason: '提前结束' }, province('2026-10-10T02:00:00.000Z'))
        .then([{ type: 'SchoolWindowClosed', data: { authorityId: PROV, kind: 'registration', closedOn: '2026-10-10', reason: '提前结束' } }]));
    it('refuses to close a period never set', () => given([opened]).when({ type: 'CloseSchoolWindow', authorityId: PROV, kind: 'waiver', reason: '' }, province()).thenThrows(RuleViolationError, '尚未设置免学费申报'));
  });

  describe('which window binds a school, and its verdict', () => {
    const window = { from: '2026-09-01', to: '2026-10-31', note: '', closedOn: null };
    const provinceWindows: AuthorityWindows = { authorityId: PROV, authorityName: '省人社厅', windows: { registration: window } };
    const cityWindows: AuthorityWindows = { authorityId: 'city', authorityName: '贵阳市人社局', windows: { registration: { ...window, from: '2026-09-10', to: '2026-09-20' } } };
    it('the nearest authority that set one decides', () => {
      expect(windowVerdict('registration', [cityWindows, provinceWindows], '2026-09-05')).toEqual({
        open: false,
        window: { from: '2026-09-10', to: '2026-09-20', note: '', closedOn: null, authorityName: '贵阳市人社局' },
        message: '学籍注册时间为 2026-09-10 至 2026-09-20，尚未开始，当前不能办理学籍注册',
      });
      expect(windowVerdict('registration', [{ ...cityWindows, windows: {} }, provinceWindows], '2026-09-05').open).toBe(true);
    });
    it('both ends are included', () => {
      expect(windowVerdict('registration', [provinceWindows], '2026-09-01').open).toBe(true);
      expect(windowVerdict('registration', [provinceWindows], '2026-10-31').open).toBe(true);
      expect(windowVerdict('registration', [provinceWindows], '2026-11-01')).toMatchObject({ open: false, message: '学籍注册时间为 2026-09-01 至 2026-10-31，已经结束，当前不能办理学籍注册' });
    });
    it('a closed window and a missing one refuse with the reason', () => {
      expect(windowVerdict('registration', [{ ...provinceWindows, windows: { registration: { ...window, closedOn: '2026-09-15' } } }], '2026-09-20')).toMatchObject({
        open: false,
        message: '学籍注册时间（2026-09-01 至 2026-10-31）已由省人社厅于2026-09-15关闭，当前不能办理学籍注册',
      });
      expect(windowVerdict('grant', [provinceWindows], '2026-09-20')).toMatchObject({ open: false, message: '主管部门尚未开放助学金申报时间，当前不能办理助学金申报' });
    });
    it('requireWindowOpen reads the day in China time', () => {
      // 2026-10-31T16:30Z is 1 November in Guiyang: the window has ended.
      expect(() => requireWindowOpen('registration', [provinceWindows], testContext({}, '2026-10-31T16:30:00.000Z'))).toThrow(RuleViolationError);
      expect(() => requireWindowOpen('registration', [provinceWindows], testContext({}, '2026-10-31T15:30:00.000Z'))).not.toThrow();
    });
  });
});
