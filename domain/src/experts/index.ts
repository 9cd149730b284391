import type { TaskSpec } from '../step';
import { drawExperts } from './draw';
import { notifyExperts } from './notify';
import { replaceExperts } from './replace';
import { unsealDraw } from './unseal';

export const expertTasks: Record<string, TaskSpec> = {
  'experts.draw': drawExperts,
  'experts.notify': notifyExperts,
  'experts.replace': replaceExperts,
  'experts.unseal': unsealDraw,
};

export {
  SEAL_KEYS_VARIABLE, SealError, defaultListSealer, listSealer, loadListSealer, type ListSealer,
} from './list-seal';
export { rewrapSealedDraws } from './rewrap';
export { verifyDraw, type DrawVerification } from './verify';
export { readDrawMembers, SEALED_LIST_READERS, type DrawMemberView, type ListViewer } from './sealed-list';
export { recordExpertAnswer, type AnswerReport, type ExpertAnswer } from './answers';
export { dispatchExpertNotifications, type DispatchOptions as ExpertDispatchOptions, type DispatchReport as ExpertDispatchReport } from './dispatcher';
export { DeliveryError, HttpGatewayChannel, RecordingChannel, gatewayChannelsFromEnv, type NotificationChannel, type OutboundMessage } from './channels';
export { addSpecialties, enrolExpert, declareRelation, sanctionExpert, setDrawPolicy, type ExpertEnrolment, type SpecialtyInput } from './library';
