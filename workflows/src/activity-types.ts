// Activity signatures as the workflows see them. The implementations live in @ggzy/activities.
import type { RecordProbeInput } from './contracts';

export interface ProbeActivities {
  recordProbe(input: RecordProbeInput): Promise<number>;
}
