// Users the money modules' specs need beyond the harness's personas (used by *.spec.ts only): an
// authority operator and a reviewer at the province and at the Guiyang prefecture, created through
// the platform's own commands as the harness creates its users (one-time password changed, TOTP
// enrolled), and logged in over HTTP with a code of a step not used yet.
import { randomBytes, randomUUID } from 'node:crypto';
import pactum from 'pactum';
import { totpCode } from '../../../commands/identity/totp';
import { sessionFrom, type ApiHarness, type Session } from '../../../testing/api-harness';
import { systemRequest } from '../../../testing/seed';

export interface ExtraUser {
  userId: string;
  session: Session;
}

/** Creates a user of one role at an organisation and logs it in (password and TOTP). */
export async function extraUser(api: ApiHarness, username: string, orgId: string, role: string): Promise<ExtraUser> {
  const users = api.platform.commands.users;
  const userId = randomUUID();
  const oneTime = `Once-${randomBytes(9).toString('base64url')}1a`;
  const password = `Pw-${randomBytes(9).toString('base64url')}9Z`;
  await users.create(userId, { username, displayName: username, orgId, roles: [role] }, oneTime, systemRequest());
  await users.changeOwnPassword(userId, oneTime, password, systemRequest());
  const enrollment = await users.beginTotpEnrollment(userId);
  const step = Math.floor(Date.now() / 30_000);
  await users.confirmTotpEnrollment(userId, totpCode(enrollment.secret, step * 30_000 + 1000), systemRequest());
  await api.settled();
  const first = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username, password }).toss();
  const { challenge } = (first.json as { data: { challenge: string } }).data;
  // The enrolment spent this step's code; the server also accepts the next step's.
  const second = await pactum.spec().post(`${api.url}/auth/login/second-factor`).withJson({ challenge, code: totpCode(enrollment.secret, (step + 1) * 30_000 + 1000) }).expectStatus(200).toss();
  return { userId, session: sessionFrom(second) };
}
