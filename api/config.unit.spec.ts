import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config';

describe('configuration', () => {
  it('keeps audit events at least 180 days and refuses a shorter retention', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(180);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '365' }).auditRetentionDays).toBe(365);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/at least 180/);
  });

  it('refuses a malformed number with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a positive integer/);
  });

  it('loads the demo data by default, never in production', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).demoData).toBe(false);
  });

  it('turns single sign-on on only when issuer and client are both set', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example' }).oidc).toBeUndefined();
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'x' }).oidc).toMatchObject({ issuer: 'https://idp.example', clientId: 'x', allowHttp: false });
  });
});
