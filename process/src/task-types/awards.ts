import type { TaskTypeDescriptor } from '../catalog';

/** 中标通知书 */
export const awardTaskTypes: readonly TaskTypeDescriptor[] = [];
