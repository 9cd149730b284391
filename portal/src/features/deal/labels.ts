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
    'task.signer_added': ['加签', 'Signer added'], 'task.handedOver': ['交加签人办理', 'Handed to the signer'],
    'directive.suspend': ['监管暂停', 'Suspended by supervisor'], 'directive.resume': ['监管恢复', 'Resumed by supervisor'],
    'directive.terminate': ['监管终止', 'Terminated by supervisor'], 'directive.rectify': ['责令整改', 'Rectification ordered'],
    'directive.terminate-requested': ['终止指令待复核', 'Termination awaiting a second supervisor'],
    'directive.terminate-confirmed': ['终止指令已复核', 'Termination confirmed'],
    'directive.accept-rectification': ['整改验收', 'Rectification accepted'], 'message.received': ['收到消息', 'Message received'],
    'deal.registered': ['受理登记', 'Deal registered'], 'deal.closed': ['项目结项', 'Deal closed'],
    'venue.booked': ['场地预约', 'Venue booked'], 'venue.released': ['场地释放', 'Venue released'],
    'notice.published': ['公告发布', 'Notice published'], 'notice.withdrawn': ['公告撤回', 'Notice withdrawn'],
    'bid.registered': ['投标报名', 'Bidder registered'], 'bid.registration_withdrawn': ['撤回报名', 'Registration withdrawn'],
    'bid.submitted': ['递交投标文件', 'Bid submitted'], 'bid.withdrawn': ['撤回投标', 'Bid withdrawn'],
    'bids.decryption_started': ['开标：解除平台密封，开始解密', 'Opening: platform seal removed, decryption started'],
    'bid.decrypted': ['投标人解密，唱标', 'Bid decrypted and read out'], 'bids.opened': ['开标记录', 'Bids opened'],
    'bidding.opened': ['开始投标', 'Bidding opened'], 'bids.checked': ['开标有效性核验', 'Opening checked'],
    'deposit.collected': ['收取投标保证金', 'Deposit received'], 'deposit.guaranteed': ['电子保函', 'Electronic guarantee accepted'],
    'deposit.payment_refused': ['保证金缴纳被拒', 'Deposit payment refused'], 'deposit.refunded': ['退还投标保证金', 'Deposit refunded'],
    'deposits.refunded': ['退还投标保证金', 'Deposits refunded'], 'deposit.shared': ['保证金同一账户缴纳', 'Deposits from one account'],
    'experts.drawn': ['抽取评标专家', 'Experts drawn'], 'experts.notified': ['通知评标专家', 'Experts notified'],
    'experts.notification': ['专家通知', 'Expert notification'], 'experts.answered': ['专家答复', 'Expert answered'],
    'experts.replaced': ['补抽专家', 'Experts replaced'], 'experts.unsealed': ['专家名单解密', 'Expert list unsealed'],
    'experts.list_read': ['查阅专家名单', 'Expert list read'], 'alert.evaluated': ['预警评估', 'Alerts evaluated'], 'alert.raised': ['预警', 'Alert raised'],
    'award.issued': ['发出中标通知书', 'Award notice issued'], 'fee.charged': ['收取交易服务费', 'Service fee charged'],
    'exchange.queued': ['数据归集', 'Data queued for aggregation'], 'archive.sealed': ['档案封存', 'Archive sealed'],
    'complaint.filed': ['投诉登记', 'Complaint filed'], 'complaint.accepted': ['投诉受理', 'Complaint accepted'],
    'complaint.rejected': ['投诉不予受理', 'Complaint rejected'], 'complaint.decided': ['投诉处理决定', 'Complaint decided'],
    'clarification.asked': ['答疑提问', 'Question asked'], 'clarification.answered': ['答疑回复', 'Question answered'],
    'clarification.late': ['澄清晚于截止前15日', 'Clarification later than 15 days before the deadline'],
    'party.registration': ['报名回执', 'Registration receipt'], 'party.withdrawal': ['撤回回执', 'Withdrawal receipt'],
    'party.download': ['下载招标文件', 'Tender documents downloaded'], 'party.question': ['提问回执', 'Question receipt'],
    'party.answer': ['答复回执', 'Answer receipt'], 'party.documents': ['发布招标文件', 'Tender documents published'],
    'party.guarantee': ['保函回执', 'Guarantee receipt'], 'party.deposit': ['保证金回执', 'Deposit receipt'],
    'party.bid': ['投标回执', 'Bid receipt'], 'party.decryption': ['解密回执', 'Decryption receipt'],
    'party.sign_in': ['签到回执', 'Sign-in receipt'], 'party.objection': ['异议回执', 'Objection receipt'], 'party.record_confirmation': ['确认回执', 'Confirmation receipt'],
    'opening.signed_in': ['开标签到', 'Signed in to the opening hall'], 'opening.sign_in_refused': ['开标签到被拒', 'Hall sign-in refused'],
    'opening.objection_raised': ['开标现场异议', 'Objection raised in the hall'], 'opening.objection_answered': ['异议当场答复', 'Objection answered in the hall'],
    'opening.record_issued': ['形成开标记录', 'Opening record made'], 'opening.record_confirmed': ['投标人确认开标记录', 'Opening record confirmed by a bidder'],
    'objection.raised': ['投标人提出异议', 'Objection raised by a bidder'], 'objection.answered': ['异议答复', 'Objection answered'],
    'objection.hold_placed': ['因异议暂停交易活动', 'Deal paused for an objection'], 'objection.hold_not_placed': ['异议未另行暂停交易', 'No new pause for the objection'],
    'objection.hold_released': ['异议均已答复，解除暂停', 'Objections answered: the pause lifted'],
    'step.stuck': ['环节受阻', 'Step stuck'], 'step.recovered': ['环节恢复', 'Step recovered'],
    'tender_documents.published': ['招标文件上传发布', 'Tender documents uploaded'], 'document.downloaded': ['下载文件', 'Document downloaded'],
    'deposit.sharedAccount': ['保证金同一账户缴纳', 'Deposits from one account'], 'deposit.refundLate': ['保证金逾期退还', 'Deposit refunded late'],
    'deposits.refundedAll': ['退还全部保证金', 'All deposits refunded'], 'deposits.refundedUnsuccessful': ['退还未中标人保证金', 'Unsuccessful bidders\' deposits refunded'],
    'experts.notification.sent': ['专家通知已发送', 'Expert notification sent'], 'experts.notification.failed': ['专家通知发送失败', 'Expert notification failed'],
    'collusion.screened': ['围标串标筛查', 'Bid-rigging screens run'], 'collusion.screen_failed': ['围标串标筛查未完成', 'Bid-rigging screens failed'],
    'price.check_failed': ['价格核查未完成', 'Price check failed'], 'decision.evaluated': ['决策表评估', 'Decision table evaluated'],
    'archive.seal-repeated': ['档案重复封存（已忽略）', 'Archive sealed again (ignored)'],
    'signal.thrown': ['发出信号', 'Signal sent'], 'signal.caught': ['收到信号', 'Signal received'],
    'escalation.raised': ['升级事件', 'Escalation raised'], 'escalation.uncaught': ['升级事件无人处理', 'Escalation not caught'],
    'event_subprocess.started': ['事件子流程启动', 'Event subprocess started'], 'incident.retried': ['故障重试', 'Incident retried'],
    'deposit.guaranteeReleased': ['退还保函（解除担保）', 'Guarantee released'],
    'process.migrated': ['迁移到新版本流程', 'Moved to a new procedure version'], 'process.migration_accepted': ['流程迁移已受理', 'Migration accepted'],
    'token.moved': ['令牌移动', 'Token moved'], 'dates.rescheduled': ['时间顺延', 'Dates moved later'], 'timer.rescheduled': ['定时随之顺延', 'Timer moved with its date'],
    'deadline.postponed': ['投标截止时间顺延', 'Bid deadline postponed'],
    'listing.announced': ['确定挂牌出让条件', 'Listing terms set'], 'listing.opened': ['挂牌开始，开放网上报价', 'Listing opened for quotes'],
    'listing.closed': ['挂牌截止，确定最高报价', 'Listing closed: the highest quote stands'], 'party.quote': ['挂牌报价回执', 'Quote receipt'],
  };
  const m = map[kind];
  return m ? t(m[0], m[1]) : kind;
}
