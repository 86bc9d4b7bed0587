// `npm run init-admins`: creates the first system, security and audit administrators (三员) at the
// provincial authority, each with a one-time password printed once, to be changed at first login
// (the second factor is enrolled then too). Run once per installation; a second run creates nothing.
import { randomBytes, randomInt } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { PROVINCE, authorityId } from '../domain/organization/guizhou-divisions';
import { seedReferenceData, seedRequest } from './reference-data';
import { withToolPlatform } from './tool-platform';

const ADMINS = [
  { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin' },
  { username: 'auditadmin', displayName: '审计管理员', role: 'audit_admin' },
] as const;
const NAMESPACE = '8a7c1f0e-5b2d-4c3a-9e8f-1d2c3b4a5f60';

const oneTimePassword = () => `${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}#${randomInt(10, 99)}Aa`;

async function main() {
  await withToolPlatform({ runProjections: true }, async (platform) => {
    await seedReferenceData(platform);
    const created: string[] = [];
    for (const admin of ADMINS) {
      const userId = uuidv5(admin.username, NAMESPACE);
      if ((await platform.store.readStream(`user-${userId}`, { maxCount: 1 })).length > 0) {
        console.log(`${admin.username}: 已存在，未修改`);
        continue;
      }
      const password = oneTimePassword();
      await platform.commands.users.create(
        userId,
        { username: admin.username, displayName: admin.displayName, orgId: authorityId(PROVINCE.code), roles: [admin.role] },
        password,
        seedRequest(`init-admin:${admin.username}`),
      );
      created.push(`  ${admin.username.padEnd(11)} ${password}   ${admin.displayName}`);
    }
    if (created.length) {
      console.log('已创建管理员（一次性密码仅显示这一次；首次登录须修改密码并绑定双因素认证）：');
      console.log(created.join('\n'));
    }
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('初始化管理员失败:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
