import type { Random } from '../random';
import { PROVINCE, type Division } from './divisions';

/**
 * Postal addresses inside a division: 浙江省 + city + district, a sub-district (街道/镇) where we list
 * real ones, then a road, number and flat — or, for a share of rural residents, a village house.
 */
const TOWNS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '330102': ['清波街道', '湖滨街道', '小营街道', '南星街道', '紫阳街道', '望江街道', '采荷街道', '凯旋街道', '四季青街道', '闸弄口街道', '彭埠街道', '笕桥街道', '丁兰街道', '九堡街道'],
  '330105': ['米市巷街道', '湖墅街道', '小河街道', '和睦街道', '拱宸桥街道', '大关街道', '上塘街道', '半山街道', '康桥街道', '祥符街道', '武林街道', '天水街道', '朝晖街道', '文晖街道', '东新街道', '石桥街道', '潮鸣街道'],
  '330106': ['北山街道', '西溪街道', '翠苑街道', '古荡街道', '文新街道', '蒋村街道', '灵隐街道', '留下街道', '转塘街道', '三墩镇', '双浦镇'],
  '330108': ['西兴街道', '长河街道', '浦沿街道'],
  '330109': ['城厢街道', '北干街道', '蜀山街道', '新塘街道', '盈丰街道', '宁围街道', '新街街道', '闻堰街道', '瓜沥镇', '临浦镇', '义桥镇', '所前镇', '衙前镇', '戴村镇', '河上镇', '楼塔镇', '益农镇', '党湾镇'],
  '330110': ['余杭街道', '闲林街道', '仓前街道', '中泰街道', '五常街道', '良渚街道', '仁和街道', '瓶窑镇', '径山镇', '黄湖镇', '鸬鸟镇', '百丈镇'],
  '330111': ['富春街道', '春江街道', '东洲街道', '鹿山街道', '银湖街道', '新登镇', '场口镇', '常安镇', '万市镇', '洞桥镇'],
  '330112': ['锦城街道', '锦北街道', '锦南街道', '玲珑街道', '青山湖街道', '於潜镇', '昌化镇', '太湖源镇'],
  '330113': ['临平街道', '东湖街道', '南苑街道', '星桥街道', '乔司街道', '运河街道', '崇贤街道', '塘栖镇'],
  '330114': ['下沙街道', '白杨街道', '河庄街道', '义蓬街道', '新湾街道', '临江街道', '前进街道'],
  '330502': ['爱山街道', '飞英街道', '月河街道', '朝阳街道', '龙泉街道', '织里镇', '八里店镇'],
  '331004': ['路桥街道', '路南街道', '路北街道', '螺洋街道', '桐屿街道', '峰江街道', '金清镇', '新桥镇', '横街镇', '蓬街镇'],
  '330802': ['府山街道', '荷花街道', '花园街道', '信安街道', '白云街道', '双港街道', '衢化街道', '航埠镇'],
});

const ROADS = [
  '人民路', '解放路', '中山路', '建设路', '文化路', '新华路', '环城北路', '环城南路', '环城西路', '学院路', '江南大道',
  '世纪大道', '迎宾大道', '青年路', '胜利路', '和平路', '府前路', '东风路', '工业路', '创业路', '湖滨路', '公园路',
  '花园路', '振兴路', '繁荣路', '兴业路', '复兴路', '新安路', '长安路', '光明路', '科技大道', '健康路', '时代大道',
  '滨河路', '望江路', '丰收路', '金桥路', '翠柏路', '香樟路', '银杏路',
];
const COMPOUND_FIRST = ['金', '银', '翠', '锦', '和', '华', '东', '南', '新', '丽', '康', '景', '怡', '嘉', '宝', '阳', '绿', '春', '御', '丰'];
const COMPOUND_SECOND = ['都', '城', '园', '庭', '湾', '江', '湖', '桂', '兰', '荷', '星', '悦', '晟', '泰', '源'];
const COMPOUND_SUFFIX = ['苑', '小区', '花园', '家园', '新村', '公寓', '府'];
const VILLAGE_FIRST = ['新', '塘', '石', '上', '下', '东', '西', '南', '北', '横', '杨', '王', '张', '陈', '沈', '后', '前', '大', '小', '高'];
const VILLAGE_SECOND = ['桥', '头', '湾', '家', '山', '溪', '岭', '坑', '埠', '浦', '岙', '岸', '庄', '田', '塘'];

/** 浙江省杭州市余杭区 */
export function divisionPrefix(division: Division): string {
  return `${PROVINCE.name}${division.cityName}${division.name}`;
}

export function townsOf(division: Division): readonly string[] {
  return TOWNS[division.code] ?? [];
}

/** A residential address in `division`. */
export function makeResidentialAddress(rng: Random, division: Division): string {
  const towns = townsOf(division);
  const town = towns.length > 0 && rng.chance(0.7) ? rng.pick(towns) : '';
  if (rng.chance(0.15)) {
    const village = `${rng.pick(VILLAGE_FIRST)}${rng.pick(VILLAGE_SECOND)}村`;
    return `${divisionPrefix(division)}${town}${village}${rng.int(1, 320)}号`;
  }
  const compound = `${rng.pick(COMPOUND_FIRST)}${rng.pick(COMPOUND_SECOND)}${rng.pick(COMPOUND_SUFFIX)}`;
  const room = `${rng.int(1, 28)}${String(rng.int(1, 4)).padStart(2, '0')}`;
  return `${divisionPrefix(division)}${town}${rng.pick(ROADS)}${rng.int(1, 999)}号${compound}${rng.int(1, 36)}幢${rng.int(1, 4)}单元${room}室`;
}

/** A business address in `division`: a road number and, often, a building and room. */
export function makeBusinessAddress(rng: Random, division: Division): string {
  const towns = townsOf(division);
  const town = towns.length > 0 && rng.chance(0.6) ? rng.pick(towns) : '';
  const base = `${divisionPrefix(division)}${town}${rng.pick(ROADS)}${rng.int(1, 1999)}号`;
  return rng.chance(0.6) ? `${base}${rng.int(1, 12)}幢${rng.int(1, 20)}${String(rng.int(1, 30)).padStart(2, '0')}室` : base;
}

/** A short place description for an incident: road, compound or village, without the province. */
export function makeLocation(rng: Random, division: Division): string {
  const towns = townsOf(division);
  const town = towns.length > 0 ? rng.pick(towns) : '';
  const places = ['附近', '路口', '小区内', '商铺门口', '菜市场', '停车场', '公交站旁', '工地', '超市内', '出租房内'];
  return `${division.name}${town}${rng.pick(ROADS)}${rng.int(1, 999)}号${rng.pick(places)}`;
}
