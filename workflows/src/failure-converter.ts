// Failures carry messages and stack traces that can quote business data ("bidder 91990100MA… has no deposit from
// account 6222…"). Temporal keeps those in clear unless the failure converter moves them into an encoded payload,
// which the payload codec then seals like any other. The worker loads this module twice: into the workflow bundle
// (failures raised by workflow code) and in its main thread (failures of activities); clients read either kind.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
