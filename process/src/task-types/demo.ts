import type { TaskTypeDescriptor } from './descriptor';

/** Demonstration and conformance task types. */
export const demoTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'demo.echo',
    title: { zh: '回显变量', en: 'Echo variables' },
    description: { zh: '把输入映射的值写回流程变量（演示与测试用）', en: 'Writes its input mapping back as process variables (demo and tests)' },
    inputs: [],
    defaults: { startToCloseTimeout: 'PT10S' },
  },
  {
    name: 'demo.fail',
    title: { zh: '抛出业务错误', en: 'Raise a business error' },
    description: { zh: '以 errorCode 抛出 BPMN 错误，可先失败若干次再成功（演示与测试用）', en: 'Raises a BPMN error with errorCode, or fails a number of attempts before succeeding (demo and tests)' },
    inputs: ['errorCode', 'failAttempts'],
    defaults: { startToCloseTimeout: 'PT10S' },
  },
  {
    name: 'demo.record',
    title: { zh: '记录步骤', en: 'Record a step' },
    description: { zh: '在流程变量 journal 中追加一条记录（演示补偿用）', en: 'Appends an entry to the journal variable (demo of compensation)' },
    inputs: ['entry'],
    defaults: { startToCloseTimeout: 'PT10S' },
  },
];
