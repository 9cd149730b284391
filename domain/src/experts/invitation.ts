// The invitation an expert receives: who is called, when and where the evaluation is, how to answer. It never
// names the project, the tenderee or the bidders (a message can be seen by others; the list is sealed).
export type Channel = 'sms' | 'voice';
export const CHANNELS: readonly Channel[] = ['sms', 'voice'];

export interface Invitation {
  expertName: string;
  centreName: string;
  evaluationAt: Date;
  venue: string;
  replyDueAt: Date;
}

/** Evaluation times are announced in China Standard Time (UTC+8, no daylight saving). */
function chinaTime(at: Date): { date: string; time: string } {
  const t = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`,
    time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
  };
}

/** "09:30" spoken as "9点30分": a speech engine reads a colon-separated time unreliably. */
const spokenTime = (time: string) => {
  const [h, m] = time.split(':');
  return `${Number(h)}点${m === '00' ? '整' : `${m}分`}`;
};

export function renderInvitation(channel: Channel, inv: Invitation): string {
  const when = chinaTime(inv.evaluationAt);
  const due = chinaTime(inv.replyDueAt);
  if (channel === 'sms') {
    return `【${inv.centreName}】${inv.expertName}专家您好：您已被抽取为评标专家，请于${when.date} ${when.time}到${inv.venue}参加评标。`
      + `请于${due.date} ${due.time}前回复1确认参加，回复2不参加。评标信息保密，请勿转告他人。`;
  }
  const body = `您好，这里是${inv.centreName}。${inv.expertName}专家，您已被抽取为评标专家。`
    + `评标时间：${when.date}${spokenTime(when.time)}；评标地点：${inv.venue}。`;
  return `${body}确认参加请按1，不参加请按2，重听请按9。请于${due.date}${spokenTime(due.time)}前答复。评标信息保密，请勿转告他人。`;
}

export const centreNameOf = (regionName: string) => `${regionName}公共资源交易中心`;
