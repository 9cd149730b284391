import type { TaskTypeDescriptor } from '../catalog';

/** 信息发布 */
export const noticeTaskTypes: readonly TaskTypeDescriptor[] = [];
