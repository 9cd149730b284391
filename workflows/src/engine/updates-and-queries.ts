// The Temporal Updates and the query of the process workflow (names and payload types): the api's only way in.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AddSignerRequest, ClaimTaskRequest, DeliverSignalReply, DeliverSignalRequest, CompleteTaskRequest, DelegateTaskRequest, DeliverMessageReply, DeliverMessageRequest, DirectiveReply, DirectiveRequest,
  ProcessSnapshot, RescheduleReply, RescheduleRequest, RetryIncidentsReply, RetryIncidentsRequest, ReturnTaskRequest, TaskActionReply, WithdrawTaskRequest,
} from './process-contracts';
import type { MigrateRequest, MigrationCheck, MigrationPlan } from './migration';
import type { DefinitionRef } from '@ggzy/process/runtime';

export const completeTaskUpdate = defineUpdate<TaskActionReply, [CompleteTaskRequest]>('completeTask');
export const claimTaskUpdate = defineUpdate<TaskActionReply, [ClaimTaskRequest]>('claimTask');
export const delegateTaskUpdate = defineUpdate<TaskActionReply, [DelegateTaskRequest]>('delegateTask');
export const returnTaskUpdate = defineUpdate<TaskActionReply, [ReturnTaskRequest]>('returnTask');
export const withdrawTaskUpdate = defineUpdate<TaskActionReply, [WithdrawTaskRequest]>('withdrawTask');
export const addSignerUpdate = defineUpdate<TaskActionReply, [AddSignerRequest]>('addSigner');
export const deliverMessageUpdate = defineUpdate<DeliverMessageReply, [DeliverMessageRequest]>('deliverMessage');
export const deliverSignalUpdate = defineUpdate<DeliverSignalReply, [DeliverSignalRequest]>('deliverSignal');
export const directiveUpdate = defineUpdate<DirectiveReply, [DirectiveRequest]>('directive');
export const rescheduleUpdate = defineUpdate<RescheduleReply, [RescheduleRequest]>('reschedule');
export const retryIncidentsUpdate = defineUpdate<RetryIncidentsReply, [RetryIncidentsRequest]>('retryIncidents');
export const processStateQuery = defineQuery<ProcessSnapshot>('processState');
/** A dry run of a migration plan against the deal's state now. */
export const migrationCheckQuery = defineQuery<MigrationCheck, [MigrationPlan]>('migrationCheck');
/** Moves the deal to another version of its procedure (a continue-as-new onto it once every token waits). */
export const migrateUpdate = defineUpdate<MigrateReply, [MigrateRequest]>('migrate');

export interface MigrateReply { migrationId: string; duplicate: boolean; from: DefinitionRef; to: DefinitionRef }
