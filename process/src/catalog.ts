// The activity catalog as the designer and the compiler see it: stable task-type names with a description.
// Implementations live in @ggzy/activities under the same names; a test keeps the two in step. One file per
// capability under task-types/.
import { demoTaskTypes } from './task-types/demo';
import { registrationTaskTypes } from './task-types/registration';
import { venueTaskTypes } from './task-types/venue';
import { bidTaskTypes } from './task-types/bids';
import { expertTaskTypes } from './task-types/experts';
import { depositTaskTypes } from './task-types/deposits';
import { feeTaskTypes } from './task-types/fees';
import { awardTaskTypes } from './task-types/awards';
import { noticeTaskTypes } from './task-types/notices';
import { alertTaskTypes } from './task-types/alerts';
import { exchangeTaskTypes } from './task-types/exchange';
import { archiveTaskTypes } from './task-types/archive';
import { complaintTaskTypes } from './task-types/complaints';
import { collusionTaskTypes } from './task-types/collusion';
import { listingTaskTypes } from './task-types/listing';
import type { TaskTypeDescriptor } from './task-types/descriptor';

export type { TaskTypeDescriptor };

export const ACTIVITY_CATALOG: readonly TaskTypeDescriptor[] = [
  ...demoTaskTypes,
  ...registrationTaskTypes,
  ...venueTaskTypes,
  ...bidTaskTypes,
  ...expertTaskTypes,
  ...depositTaskTypes,
  ...feeTaskTypes,
  ...awardTaskTypes,
  ...noticeTaskTypes,
  ...alertTaskTypes,
  ...exchangeTaskTypes,
  ...archiveTaskTypes,
  ...complaintTaskTypes,
  ...collusionTaskTypes,
  ...listingTaskTypes,
];

export const TASK_TYPES: readonly string[] = ACTIVITY_CATALOG.map((t) => t.name);
