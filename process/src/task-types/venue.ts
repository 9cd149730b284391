import type { TaskTypeDescriptor } from './descriptor';

/** 场地预约 */
export const venueTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'venue.book',
    title: { zh: '场地预约', en: 'Book a venue' },
    description: {
      zh: '按场地编号（roomCode，可跨地区用于远程异地评标）或场地类型（roomKind：opening_hall 开标厅 | evaluation_room 评标室，在本地区内自动选取空闲场地）预约开放时间内整 30 分钟时段；时段冲突由数据库约束拒绝（VENUE_SLOT_TAKEN）；结果变量 venueBooking',
      en: 'Books whole 30-minute slots within opening hours, by room code (any region, for remote evaluation) or by kind (opening_hall | evaluation_room, a free room of the deal\'s region); a taken slot is refused by a database constraint (VENUE_SLOT_TAKEN); sets venueBooking',
    },
    inputs: ['roomKind', 'roomCode', 'start', 'end', 'purpose', 'sectionCode', 'attendees'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'venue.release',
    title: { zh: '场地释放', en: 'Release a venue' },
    description: {
      zh: '释放一项场地预约（bookingId），或以 all: true 释放本交易项目全部有效预约（用于补偿与终止）；重复释放不报错',
      en: 'Releases one booking (bookingId), or with all: true every active booking of the deal (compensation, termination); releasing twice is not an error',
    },
    inputs: ['bookingId', 'all', 'reason'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
