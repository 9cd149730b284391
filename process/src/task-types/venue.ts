import type { TaskTypeDescriptor } from '../catalog';

/** 场地预约 */
export const venueTaskTypes: readonly TaskTypeDescriptor[] = [];
