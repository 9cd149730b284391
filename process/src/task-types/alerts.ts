import type { TaskTypeDescriptor } from '../catalog';

/** 项目预警 */
export const alertTaskTypes: readonly TaskTypeDescriptor[] = [];
