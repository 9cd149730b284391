import type { TaskTypeDescriptor } from './descriptor';

/** 网上挂牌（国有建设用地使用权挂牌出让） */
export const listingTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'listing.announce',
    title: { zh: '确定挂牌出让条件', en: 'Set the listing terms' },
    description: {
      zh: '公告发布前记录挂牌起始价、增价幅度、竞买保证金和挂牌期（国土资源部令第39号第十条），宗地标段据此向竞买申请人收取保证金；挂牌开始后不能再改',
      en: 'Before the notice, records the starting price, the increment, the deposit and the listing period; the parcel\'s section then asks that deposit of every applicant. Fixed once the listing starts',
    },
    inputs: ['sectionCode', 'startingPriceFen', 'incrementFen', 'depositFen', 'listingStartsAt', 'listingEndsAt'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'listing.open',
    title: { zh: '挂牌开始（网上报价开放）', en: 'Open the listing (online quotes)' },
    description: {
      zh: '挂牌开始时间到达后开放网上报价：已申请并足额缴纳保证金的竞买人在门户自行报价，首次不低于起始价，其后不低于最高报价加增价幅度',
      en: 'At the announced start the board takes quotes: applicants whose deposit is in quote in the portal themselves, first at least the starting price, then at least the highest plus the increment',
    },
    inputs: [],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'listing.close',
    title: { zh: '挂牌截止（确定最高报价）', en: 'Close the listing (the highest quote)' },
    description: {
      zh: '挂牌截止时间到达后停止报价，写出最高报价 highestPriceFen 与其竞买人 listingWinner（无人报价时为空）及报价数，并记录各竞买人的最高报价',
      en: 'At the announced end takes no more quotes; sets highestPriceFen and its bidder listingWinner (empty when nobody quoted) and the number of quotes, and records each bidder\'s best quote',
    },
    inputs: [],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
