// How lifecycles and supervision events read in the portal.
import type { Lifecycle } from '../../types';

type T = (zh: string, en: string) => string;

export function lifecycleLabel(l: Lifecycle | string, t: T): { text: string; color: string } {
  const map: Record<string, [string, string, string]> = {
    active: ['进行中', 'Active', 'green'], suspended: ['已暂停', 'Suspended', 'orange'], rectifying: ['整改中', 'Rectifying', 'gold'],
    terminated: ['已终止', 'Terminated', 'red'], completed: ['已完成', 'Completed', 'blue'], failed: ['异常', 'Failed', 'magenta'],
  };
  const m = map[l];
  return m ? { text: t(m[0], m[1]), color: m[2] } : { text: l, color: 'default' };
}

export function eventLabel(kind: string, t: T): string {
  const map: Record<string, [string, string]> = {
    'process.started': ['交易流程启动', 'Process started'], 'process.completed': ['交易流程完成', 'Process completed'],
    'process.terminated': ['交易流程终止', 'Process terminated'], 'process.failed': ['流程异常', 'Process failed'],
    'task.opened': ['待办生成', 'Task opened'], 'task.assigned': ['任务签收/转办', 'Task assigned'], 'task.completed': ['任务办结', 'Task completed'],
    'task.returned': ['任务退回', 'Task returned'], 'task.withdrawn': ['任务撤回', 'Task withdrawn'], 'task.cancelled': ['任务取消', 'Task cancelled'],
    'directive.suspend': ['监管暂停', 'Suspended by supervisor'], 'directive.resume': ['监管恢复', 'Resumed by supervisor'],
    'directive.terminate': ['监管终止', 'Terminated by supervisor'], 'directive.rectify': ['责令整改', 'Rectification ordered'],
    'directive.accept-rectification': ['整改验收', 'Rectification accepted'], 'message.received': ['收到消息', 'Message received'],
  };
  const m = map[kind];
  return m ? t(m[0], m[1]) : kind;
}
