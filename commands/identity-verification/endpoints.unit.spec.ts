import { describe, expect, it } from '@jest/globals';
import { loadIdentityVerificationEndpoints } from './endpoints';

describe('identity service endpoints from the environment', () => {
  it('leaves a service unconnected when nothing is set, and reads one set in full', () => {
    expect(loadIdentityVerificationEndpoints({})).toEqual({});
    const { socialSecurityCardPhoto, realPersonCheck } = loadIdentityVerificationEndpoints({ SSCARD_PHOTO_URL: 'https://sscard.example/api', SSCARD_PHOTO_APP_ID: 'app', SSCARD_PHOTO_APP_SECRET: 's3cret', SSCARD_PHOTO_TIMEOUT_MS: '5000' });
    expect(socialSecurityCardPhoto).toMatchObject({ baseUrl: 'https://sscard.example/api', appId: 'app', timeoutMs: 5000 });
    expect(JSON.stringify(socialSecurityCardPhoto)).not.toContain('s3cret');
    expect(realPersonCheck).toBeUndefined();
  });

  it('refuses half a configuration, plain http to another host and a bad timeout', () => {
    expect(() => loadIdentityVerificationEndpoints({ REAL_PERSON_CHECK_URL: 'https://ctid.example' })).toThrow('go together');
    expect(() => loadIdentityVerificationEndpoints({ REAL_PERSON_CHECK_URL: 'http://ctid.example', REAL_PERSON_CHECK_APP_ID: 'a', REAL_PERSON_CHECK_APP_SECRET: 'b' })).toThrow('must use https');
    expect(() => loadIdentityVerificationEndpoints({ SSCARD_PHOTO_URL: 'http://127.0.0.1:9', SSCARD_PHOTO_APP_ID: 'a', SSCARD_PHOTO_APP_SECRET: 'b', SSCARD_PHOTO_TIMEOUT_MS: '0' })).toThrow('TIMEOUT_MS');
  });
});
