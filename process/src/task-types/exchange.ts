import type { TaskTypeDescriptor } from '../catalog';

/** 数据归集 */
export const exchangeTaskTypes: readonly TaskTypeDescriptor[] = [];
