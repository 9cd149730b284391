import type { TaskTypeDescriptor } from '../catalog';

/** 保证金 */
export const depositTaskTypes: readonly TaskTypeDescriptor[] = [];
