import type { TaskTypeDescriptor } from '../catalog';

/** 开标 */
export const bidTaskTypes: readonly TaskTypeDescriptor[] = [];
