import { ROLES } from '@ggzy/db';
import { administeredRoles, mayAdminister } from './user-administration';
import { PERMISSIONS, roleHas, type Permission } from './permissions';

test('who administers whom (a change here is a reviewed change)', () => {
  expect(Object.fromEntries(ROLES.map((r) => [r, administeredRoles(r)]))).toEqual({
    designer: [], staff: [], supervisor: [], admin: ['security_admin'], security_admin: ['designer', 'staff', 'supervisor'], auditor: [], party: [],
  });
});

test('no role administers its own kind, the system administrators or the auditors', () => {
  for (const role of ROLES) {
    expect(mayAdminister(role, role)).toBe(false);
    expect(mayAdminister(role, 'admin')).toBe(false);
    expect(mayAdminister(role, 'auditor')).toBe(false);
  }
});

test('whoever administers users holds the permission to, and reads no deal and no trail', () => {
  const administrators = ROLES.filter((r) => administeredRoles(r).length > 0);
  expect(administrators.sort()).toEqual(['admin', 'security_admin']);
  for (const role of administrators) {
    expect(roleHas(role, 'user:administer')).toBe(true);
    for (const read of ['process:read', 'process-variables:read', 'supervision:read', 'trail:verify'] as const) expect(roleHas(role, read)).toBe(false);
  }
});

test('the security administrator holds its own account\'s permissions and user administration, nothing else', () => {
  const held = Object.keys(PERMISSIONS).filter((p) => roleHas('security_admin', p as Permission));
  expect(held.sort()).toEqual(['account:password', 'account:second-factor', 'session:read', 'user:administer', 'user:read']);
});
