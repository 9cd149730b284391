// 价格信息库: award prices, 工程量清单 item prices and drug and consumable prices; their indicators, a control-price
// reference, and the alert when an award falls outside its peers' reasonable interval. Statistics and list formats are
// pure; the rest reads and writes the price tables.
export { quantile, summarize, reasonableInterval, trend, periodOf, FENCE_FACTOR, type PriceSummary, type ReasonableInterval, type TrendPoint, type Granularity } from './statistics';
export { parseCsv, decodeText, readPriceTable, type TableRow } from './price-table';
export { parseBillItems, parseDrugs, yuanToFen, productKeyOf, BILL_ITEM_COLUMNS, DRUG_COLUMNS, MAX_ROWS, type RowError, type BillItemRow, type DrugRow } from './price-lists';
export { importPriceList, importPriceBytes, listPriceImports, MAX_REPORTED_ERRORS, type PriceImportRequest, type PriceImportAnswer, type PriceListKind } from './import-list';
export { priceIndicators, searchPriceItems, observationsOf, itemPrefix, type IndicatorSubject, type IndicatorScope, type PriceIndicators } from './indicators';
export { controlPriceReference, MIN_PRICES_FOR_REFERENCE, type BillLine, type ReferenceLine, type ControlPriceReference } from './control-price';
export { checkAwardPrice, awardPriceOutlier, PRICE_RULE, MIN_PEERS, type AwardPriceFacts, type PriceAlert } from './award-price-check';
