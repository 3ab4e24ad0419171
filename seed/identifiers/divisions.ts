/**
 * Zhejiang's county-level administrative divisions (GB/T 2260, after Hangzhou's 2021 redistricting)
 * with their names, cities and rough resident populations in units of 10,000 (2020 census, rounded),
 * which weight where synthetic residents live.
 */
export interface Division {
  /** 6-digit division code, e.g. 330110. */
  readonly code: string;
  /** e.g. 余杭区. */
  readonly name: string;
  /** e.g. 330100. */
  readonly cityCode: string;
  /** e.g. 杭州市. */
  readonly cityName: string;
  readonly population: number;
}

export const PROVINCE = Object.freeze({ code: '330000', name: '浙江省' });

const CITIES: Readonly<Record<string, string>> = Object.freeze({
  '3301': '杭州市',
  '3302': '宁波市',
  '3303': '温州市',
  '3304': '嘉兴市',
  '3305': '湖州市',
  '3306': '绍兴市',
  '3307': '金华市',
  '3308': '衢州市',
  '3309': '舟山市',
  '3310': '台州市',
  '3311': '丽水市',
});

// [code, name, population in 10,000s]
const TABLE: readonly (readonly [string, string, number])[] = [
  ['330102', '上城区', 132], ['330105', '拱墅区', 118], ['330106', '西湖区', 114], ['330108', '滨江区', 50],
  ['330109', '萧山区', 201], ['330110', '余杭区', 126], ['330111', '富阳区', 83], ['330112', '临安区', 64],
  ['330113', '临平区', 117], ['330114', '钱塘区', 77], ['330122', '桐庐县', 45], ['330127', '淳安县', 33],
  ['330182', '建德市', 44],
  ['330203', '海曙区', 105], ['330205', '江北区', 49], ['330206', '北仑区', 82], ['330211', '镇海区', 50],
  ['330212', '鄞州区', 161], ['330213', '奉化区', 58], ['330225', '象山县', 57], ['330226', '宁海县', 70],
  ['330281', '余姚市', 125], ['330282', '慈溪市', 183],
  ['330302', '鹿城区', 130], ['330303', '龙湾区', 75], ['330304', '瓯海区', 96], ['330305', '洞头区', 10],
  ['330324', '永嘉县', 87], ['330326', '平阳县', 86], ['330327', '苍南县', 84], ['330328', '文成县', 29],
  ['330329', '泰顺县', 27], ['330381', '瑞安市', 152], ['330382', '乐清市', 145], ['330383', '龙港市', 47],
  ['330402', '南湖区', 62], ['330411', '秀洲区', 69], ['330421', '嘉善县', 65], ['330424', '海盐县', 49],
  ['330481', '海宁市', 108], ['330482', '平湖市', 69], ['330483', '桐乡市', 103],
  ['330502', '吴兴区', 84], ['330503', '南浔区', 52], ['330521', '德清县', 55], ['330522', '长兴县', 67],
  ['330523', '安吉县', 59],
  ['330602', '越城区', 94], ['330603', '柯桥区', 110], ['330604', '上虞区', 82], ['330624', '新昌县', 42],
  ['330681', '诸暨市', 122], ['330683', '嵊州市', 67],
  ['330702', '婺城区', 92], ['330703', '金东区', 50], ['330723', '武义县', 46], ['330726', '浦江县', 46],
  ['330727', '磐安县', 18], ['330781', '兰溪市', 58], ['330782', '义乌市', 186], ['330783', '东阳市', 109],
  ['330784', '永康市', 96],
  ['330802', '柯城区', 46], ['330803', '衢江区', 36], ['330822', '常山县', 26], ['330824', '开化县', 25],
  ['330825', '龙游县', 36], ['330881', '江山市', 49],
  ['330902', '定海区', 50], ['330903', '普陀区', 38], ['330921', '岱山县', 20], ['330922', '嵊泗县', 7],
  ['331002', '椒江区', 83], ['331003', '黄岩区', 68], ['331004', '路桥区', 79], ['331022', '三门县', 37],
  ['331023', '天台县', 44], ['331024', '仙居县', 43], ['331081', '温岭市', 141], ['331082', '临海市', 112],
  ['331083', '玉环市', 64],
  ['331102', '莲都区', 55], ['331121', '青田县', 50], ['331122', '缙云县', 41], ['331123', '遂昌县', 20],
  ['331124', '松阳县', 20], ['331125', '云和县', 12], ['331126', '庆元县', 14], ['331127', '景宁畲族自治县', 11],
  ['331181', '龙泉市', 25],
];

export const DIVISIONS: readonly Division[] = Object.freeze(
  TABLE.map(([code, name, population]) => {
    const cityCode = `${code.slice(0, 4)}00`;
    const cityName = CITIES[code.slice(0, 4)];
    if (!cityName) throw new Error(`division ${code} has no city`);
    return Object.freeze({ code, name, cityCode, cityName, population });
  }),
);

const BY_CODE: ReadonlyMap<string, Division> = new Map(DIVISIONS.map((division) => [division.code, division]));

export function divisionByCode(code: string): Division | undefined {
  return BY_CODE.get(code);
}

/** The division, or an error naming the unknown code (for data the seed itself wrote). */
export function requireDivision(code: string): Division {
  const division = BY_CODE.get(code);
  if (!division) throw new Error(`unknown Zhejiang division code ${code}`);
  return division;
}

export function isZhejiangDivision(code: string): boolean {
  return BY_CODE.has(code);
}

/** 杭州市 → 杭州: names inside enterprise names and document numbers drop the suffix. */
export function cityShortName(division: Division): string {
  return division.cityName.replace(/市$/, '');
}

/** A district (区) is named with its city (杭州市余杭区); a county or county-level city stands alone (义乌市). */
export function isUrbanDistrict(division: Division): boolean {
  return division.name.endsWith('区');
}

/** A local authority's name: 杭州市余杭区市场监督管理局 for a district, 桐庐县市场监督管理局 for a county. */
export function localAuthorityName(division: Division, suffix: string): string {
  return isUrbanDistrict(division) ? `${division.cityName}${division.name}${suffix}` : `${division.name}${suffix}`;
}
