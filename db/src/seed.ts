import type { Db } from './connection';
import { Region, User, type Role } from './models';
import { generatePassword, hashPassword, verifyPassword } from './passwords';
import { seedVenues } from './seed-venues';

export const DEMO_PROVINCE = { code: '990000', name: '示范省', level: 'province' as const, parent_code: null };
export const DEMO_CITIES = [
  { code: '990100', name: '东湖市', level: 'city' as const, parent_code: DEMO_PROVINCE.code },
  { code: '990200', name: '西山市', level: 'city' as const, parent_code: DEMO_PROVINCE.code },
];

/**
 * The demo province's training sandbox (演练区): its deals run with compressed periods — by default one day lasts ten
 * seconds, so a 20-day bidding period lasts 3 min 20 s — and are never mixed with real deals.
 */
export const DEMO_SANDBOX = { code: '990900', name: '示范省演练区', level: 'city' as const, parent_code: DEMO_PROVINCE.code };
export const DEFAULT_SANDBOX_DAY_SECONDS = 10;

const [CITY_A, CITY_B] = DEMO_CITIES as [(typeof DEMO_CITIES)[0], (typeof DEMO_CITIES)[0]];

export const DEMO_USERS: ReadonlyArray<{ username: string; display_name: string; role: Role; region_code: string }> = [
  { username: 'designer', display_name: '流程设计员', role: 'designer', region_code: DEMO_PROVINCE.code },
  // a second designer: a deployed procedure version takes effect when another designer approves it (four eyes)
  { username: 'designer2', display_name: '流程设计员（复核）', role: 'designer', region_code: DEMO_PROVINCE.code },
  { username: 'staff', display_name: '东湖市交易中心工作人员', role: 'staff', region_code: CITY_A.code },
  { username: 'supervisor', display_name: '东湖市监管人员', role: 'supervisor', region_code: CITY_A.code },
  // a second supervisor of the city: a termination takes effect when another supervisor confirms it (four eyes)
  { username: 'supervisor2', display_name: '东湖市监管人员（复核）', role: 'supervisor', region_code: CITY_A.code },
  { username: 'admin', display_name: '系统管理员', role: 'admin', region_code: DEMO_PROVINCE.code },
  { username: 'auditor', display_name: '安全审计员', role: 'auditor', region_code: DEMO_PROVINCE.code },
  { username: 'secadmin', display_name: '安全管理员', role: 'security_admin', region_code: DEMO_PROVINCE.code },
  { username: 'staff2', display_name: '西山市交易中心工作人员', role: 'staff', region_code: CITY_B.code },
];

export interface SeedResult {
  created: boolean;
  /** Set only when the password was generated now; it is printed once and stored only as a hash. */
  generatedPassword?: string;
  passwordUpdated: boolean;
}

/**
 * Seeds the demo province, two cities and one user per role. Idempotent: a second run keeps existing users,
 * and only re-hashes their password when a different GGZY_DEMO_PASSWORD is configured.
 */
export async function seedDemo(db: Db, configuredPassword?: string, options: { sandboxDaySeconds?: number; sandboxShortestSeconds?: number } = {}): Promise<SeedResult> {
  return db.transaction(async (trx) => {
    for (const region of [DEMO_PROVINCE, ...DEMO_CITIES]) {
      await Region.query(trx).insert(region).onConflict('code').ignore();
    }
    // the sandbox keeps the compression it has unless one is configured (GGZY_SANDBOX_DAY_SECONDS, _SHORTEST_SECONDS)
    await Region.query(trx).insert({ ...DEMO_SANDBOX, sandbox_day_seconds: options.sandboxDaySeconds ?? DEFAULT_SANDBOX_DAY_SECONDS }).onConflict('code').ignore();
    if (options.sandboxDaySeconds) await Region.query(trx).findById(DEMO_SANDBOX.code).patch({ sandbox_day_seconds: options.sandboxDaySeconds });
    if (options.sandboxShortestSeconds) await Region.query(trx).findById(DEMO_SANDBOX.code).patch({ sandbox_shortest_seconds: options.sandboxShortestSeconds });
    await seedVenues(trx);
    const existing = await User.query(trx).whereIn('username', DEMO_USERS.map((u) => u.username));
    const result: SeedResult = { created: false, passwordUpdated: false };
    let password = configuredPassword;
    if (existing.length < DEMO_USERS.length && !password && existing.length === 0) {
      password = generatePassword();
      result.generatedPassword = password;
    }
    for (const demo of DEMO_USERS) {
      const found = existing.find((u) => u.username === demo.username);
      if (!found) {
        if (!password) continue; // a demo user was removed on purpose and no password is configured: leave it
        await User.query(trx).insert({ ...demo, password_hash: await hashPassword(password), is_demo: true });
        result.created = true;
      } else if (configuredPassword && found.is_demo && !(await verifyPassword(configuredPassword, found.password_hash))) {
        await User.query(trx).patch({ password_hash: await hashPassword(configuredPassword), failed_logins: 0, locked_until: null }).where('id', found.id);
        result.passwordUpdated = true;
      }
    }
    return result;
  });
}
