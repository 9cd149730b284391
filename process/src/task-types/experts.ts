import type { TaskTypeDescriptor } from '../catalog';

/** 专家抽取 */
export const expertTaskTypes: readonly TaskTypeDescriptor[] = [];
