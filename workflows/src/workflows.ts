// The entry point of the workflow bundle: every workflow type the worker registers.
export { probeWorkflow } from './probe';
export { processWorkflow } from './process-workflow';
export { timerStartWorkflow } from './timer-start-workflow';
