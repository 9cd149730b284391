// Names of the screens and the evidence indicators, zh-CN first.
type T = (zh: string, en: string) => string;

const SCREEN_NAMES: Record<string, [string, string]> = {
  bids: ['投标数', 'Bids'],
  cv: ['变异系数', 'Coefficient of variation'],
  kurtosis: ['峰度', 'Kurtosis'],
  skewness: ['偏度', 'Skewness'],
  spread: ['价差率（最高/最低−1）', 'Spread (max/min − 1)'],
  diffp: ['最低两价差率', 'DIFFP (b2 − b1)/b1'],
  relativeDistance: ['最低两价相对距离', 'Relative distance of the two lowest'],
  normalizedDistance: ['最低两价标准化距离', 'Normalized distance of the two lowest'],
  ksUniform: ['均匀分布检验（KS）', 'Uniformity (KS)'],
  gapRegularity: ['报价间隔规律性', 'Gap regularity (CV of gaps)'],
  identicalBids: ['相同报价比例', 'Share of identical bids'],
  winnerToEstimate: ['最低价/控制价', 'Lowest bid / estimate'],
  coBidding: ['共同投标频率', 'Co-bidding frequency'],
  rotation: ['轮流中标', 'Winner rotation'],
  coverBidDispersion: ['陪标比例离散度', 'Cover-bid dispersion'],
  fixedRatioDispersion: ['固定比例离散度', 'Fixed-ratio dispersion'],
  neverWinnerShare: ['从未中标者比例', 'Never-winner share'],
  meetings: ['投标人相遇频率', 'How often the bidders meet'],
  regularity: ['投标人参与频率', 'How regularly the bidders bid'],
};

export const screenName = (name: string, t: T) => (SCREEN_NAMES[name] ? t(...SCREEN_NAMES[name]) : name);

const REASONS: Record<string, [string, string]> = {
  evidence: ['法定情形证据', 'Statutory evidence'],
  score: ['模型评分超过阈值', 'Model score over threshold'],
};
export const reasonName = (reason: string, t: T) => (REASONS[reason] ? t(...REASONS[reason]) : reason);

const INDICATORS: Record<string, [string, string]> = {
  SAME_DOCUMENT_HASH: ['投标文件相同', 'Same bid document'],
  SAME_TOOL_FINGERPRINT: ['同一上传设备', 'Same upload device'],
  SAME_DEPOSIT_ACCOUNT: ['同一保证金账户', 'Same deposit account'],
  SAME_AGENT: ['同一代理人', 'Same agent'],
  SHARED_PERSON: ['同一人员', 'Shared person'],
  IDENTICAL_PRICES: ['报价相同', 'Identical prices'],
  REGULAR_PRICE_DIFFERENCES: ['报价规律性差异', 'Regular price differences'],
  COVER_BID_PATTERN: ['陪标模式', 'Cover-bid pattern'],
  FIXED_PRICE_RATIO: ['固定报价比例', 'Fixed price ratio'],
  WINNER_ROTATION: ['轮流中标', 'Winner rotation'],
};
export const indicatorName = (indicator: string, t: T) => (INDICATORS[indicator] ? t(...INDICATORS[indicator]) : indicator);
