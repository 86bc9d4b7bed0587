import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../shared/errors';
import { personalDataViewed, personalDataViewsStreamId } from './personal-data-viewed';

describe('PersonalDataViewed', () => {
  it('records which field of which record was shown, and why', () => {
    expect(personalDataViewed({ recordStreamId: 'trainee-1', field: 'idNumber', kind: 'idNumber', reason: ' 核对补贴发放信息 ' })).toEqual({
      type: 'PersonalDataViewed',
      data: { recordStreamId: 'trainee-1', field: 'idNumber', kind: 'idNumber', reason: '核对补贴发放信息' },
    });
    expect(personalDataViewsStreamId('trainee-1')).toBe('personal-data-trainee-1');
  });

  it('refuses a view without a reason', () => {
    expect(() => personalDataViewed({ recordStreamId: 'trainee-1', field: 'idNumber', kind: 'idNumber', reason: '  ' })).toThrow(ValidationError);
  });
});
