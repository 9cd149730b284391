import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes every platform workflow carries; the dev server registers them at start. */
export const DealCodeKey = defineSearchAttributeKey('GgzyDealCode', SearchAttributeType.KEYWORD);
export const CityKey = defineSearchAttributeKey('GgzyCity', SearchAttributeType.KEYWORD);
export const ProcessKeyKey = defineSearchAttributeKey('GgzyProcessKey', SearchAttributeType.KEYWORD);
export const StatusKey = defineSearchAttributeKey('GgzyStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTE_NAMES = [DealCodeKey.name, CityKey.name, ProcessKeyKey.name, StatusKey.name] as const;
