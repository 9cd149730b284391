import type { TaskTypeDescriptor } from '../catalog';

/** 档案管理 */
export const archiveTaskTypes: readonly TaskTypeDescriptor[] = [];
