// The probe's input and output, shared by the api (starts it), the worker (runs it) and its activity.

export interface ProbeInput {
  message: string;
  regionCode: string;
  createdBy: number;
  /** Seconds to wait on a durable timer before writing the row. */
  delaySeconds?: number;
}

export interface ProbeResult {
  probeId: number;
  workflowId: string;
}

export interface RecordProbeInput {
  workflowId: string;
  message: string;
  regionCode: string;
  createdBy: number;
}
