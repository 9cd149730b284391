// The probe's activity signature as the probe workflow sees it. The implementation lives in @ggzy/activities.
import type { RecordProbeInput } from './probe-contracts';

export interface ProbeActivities {
  recordProbe(input: RecordProbeInput): Promise<number>;
}
