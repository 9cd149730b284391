// Who may administer whom (三权分立, GB/T 22239-2019 8.1.4.2 访问控制: 授予不同账户为完成各自承担任务所需的最小权限，
// 并在它们之间形成相互制约的关系). No role can grant itself or another role's rights:
// - the security administrator administers the business roles (designer, staff, supervisor) and grants only those;
// - the system administrator appoints security administrators and administers nothing else, so the security
//   administrator, who could otherwise reset its way into any account, is never its own master;
// - nobody administers the system administrators or the auditors through the api: they are installed accounts (the
//   seed, or a console with access to the server), so neither the system administrator nor the security
//   administrator can take over the account that audits them;
// - nobody administers their own account (it is changed under 账户安全, with the current password).
import type { Role } from '@ggzy/db';

type Administrator = 'security_admin' | 'admin';

const ADMINISTERS: Record<Administrator, readonly Role[]> = {
  security_admin: ['designer', 'staff', 'supervisor'],
  admin: ['security_admin'],
};

/** The roles an administrator may see, create, change and grant; none for any other role. */
export function administeredRoles(role: Role): readonly Role[] {
  return role === 'security_admin' || role === 'admin' ? ADMINISTERS[role] : [];
}

export function mayAdminister(administrator: Role, target: Role): boolean {
  return administeredRoles(administrator).includes(target);
}
