import type { TaskTypeDescriptor } from '../catalog';

/** 服务费 */
export const feeTaskTypes: readonly TaskTypeDescriptor[] = [];
