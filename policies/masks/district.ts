import { redactedValue } from './redact';
import type { MaskContext, MaskStrategy } from './strategy';

/*
 * A Chinese address reads from the largest division down: province (省/自治区/直辖市), prefecture
 * (市/自治州/地区/盟), county (区/县/市/旗), then township, road, building. The mask keeps everything up to
 * and including the county level. Name parts may not contain characters that only appear below the county
 * level (街 路 村 号 弄 巷 幢 栋 室, digits), so a road or compound ending in 区 (…小区) is not taken for a
 * county; the few county names that start with 路 are listed. A heuristic, not a gazetteer: when no
 * county-level division is found the value is redacted, never passed through.
 */
const BELOW_COUNTY = '省市区县街路村号弄巷幢栋室0-9０-９';
const NAME = `[^${BELOW_COUNTY}]`;
const PROVINCE = `(?:北京市|天津市|上海市|重庆市|${NAME}{2,8}?(?:省|自治区|特别行政区))`;
const PREFECTURE = `(?:${NAME}{1,10}?(?:市|自治州|地区|盟))`;
const COUNTY = `(?:路桥区|路南区|路北区|${NAME}{1,12}?(?:区|县|市|旗))`;
const COUNTY_PREFIX = new RegExp(`^(?:中国)?${PROVINCE}?${PREFECTURE}?${COUNTY}`);

/** `浙江省杭州市余杭区五常街道…` → `浙江省杭州市余杭区`; undefined when no county-level division is found. */
export function countyPrefix(address: string): string | undefined {
  return COUNTY_PREFIX.exec(address.replace(/\s+/g, ''))?.[0];
}

export const district: MaskStrategy = Object.freeze({
  name: 'district',
  description: 'Keeps an address down to its county-level division (区/县/市): 浙江省杭州市余杭区五常街道… → 浙江省杭州市余杭区.',
  kinds: Object.freeze(['ADDRESS'] as const),
  scalars: Object.freeze(['String'] as const),
  mask: (value: unknown, context: MaskContext) => {
    if (value === null || value === undefined) return value;
    return countyPrefix(String(value)) ?? redactedValue(context);
  },
});
