import { createHash } from 'node:crypto';
import { DEMO_CAST, DEMO_PERSON_ID_NUMBERS } from '../../seed/demoCast';
import {
  DEMO_ACCOUNTS,
  DEMO_ENTERPRISES,
  DEMO_FLAGGED_TRANSACTIONS,
  DEMO_PERSONS,
} from '../../seed/demoRecords';
import { isLuhnValid, issuerOfCard } from '../../seed/identifiers/bankCard';
import { isValidCreditCode } from '../../seed/identifiers/creditCode';
import { divisionByCode } from '../../seed/identifiers/divisions';
import { isValidMobileNumber } from '../../seed/identifiers/mobile';
import { isValidResidentId, residentIdBirthDate, residentIdGender } from '../../seed/identifiers/residentId';
import { encodeCopyRow } from '../../seed/load/copyEncoding';
import { createProgressMeter } from '../../seed/load/progress';
import { personAccounts } from '../../seed/population/accounts';
import { enterpriseFacts } from '../../seed/population/enterprises';
import { personIdentity, personRecord } from '../../seed/population/persons';
import { createWorld } from '../../seed/population/world';
import { agencyTables } from '../../seed/tables';
import type { TableSpec } from '../../seed/tables/tableSpec';
import { REFERENCE_DATE } from '../../seed/time';

const noTick = () => undefined;

function tableHash(spec: TableSpec): string {
  const hash = createHash('sha256');
  for (const row of spec.rows(noTick)) hash.update(encodeCopyRow(row));
  return hash.digest('hex');
}

function allTableHashes(seed: number, persons: number): Record<string, string> {
  const tables = agencyTables(createWorld({ seed, persons }));
  return Object.fromEntries(
    Object.entries(tables).flatMap(([agency, specs]) => specs.map((spec) => [`${agency}.${spec.table}`, tableHash(spec)])),
  );
}

function rowsOf(spec: TableSpec | undefined): (string | number | null)[][] {
  if (!spec) throw new Error('no such table');
  return [...spec.rows(noTick)].map((row) => [...row]);
}

describe('determinism', () => {
  it('gives identical rows in every table for the same seed and person count', () => {
    const first = allTableHashes(7, 1500);
    const second = allTableHashes(7, 1500);
    expect(second).toEqual(first);
    expect(Object.keys(first)).toHaveLength(20);
  });

  it('gives different police persons for a different seed', () => {
    const persons = (seed: number) => tableHash(agencyTables(createWorld({ seed, persons: 500 })).police[0]!);
    expect(persons(7)).not.toBe(persons(8));
  });

  it('keeps a person the same whatever the population size, so small and large runs share their first persons', () => {
    const small = createWorld({ seed: 7, persons: 1000 });
    const large = createWorld({ seed: 7, persons: 50_000 });
    for (const index of [0, 1, 499, 999]) expect(personRecord(large, index)).toEqual(personRecord(small, index));
  });

  it('uses a fixed reference date, not the clock', () => {
    expect(REFERENCE_DATE).toBe('2025-06-30');
    const incidents = rowsOf(agencyTables(createWorld({ seed: 7, persons: 3000 })).police[1]);
    for (const [, reportedAt] of incidents) {
      expect(String(reportedAt) >= '2022-06-30' && String(reportedAt) <= '2025-06-30 23:59:59+08').toBe(true);
    }
  });
});

describe('tiny worlds', () => {
  it.each([0, 1, 2])('with %i random persons still hold the whole demo cast', (persons) => {
    const tables = agencyTables(createWorld({ seed: 3, persons }));
    const counts = Object.fromEntries(
      Object.entries(tables).flatMap(([agency, specs]) => specs.map((spec) => [`${agency}.${spec.table}`, rowsOf(spec).length])),
    );
    expect(counts['police.persons']).toBe(4 + persons);
    expect(counts['market.enterprises']).toBe(2);
    expect(counts['police.fraud_cases']).toBeGreaterThanOrEqual(1);
    expect(counts['bank.stop_payment_orders']).toBeGreaterThanOrEqual(1);
  });
});

describe('generated identifiers', () => {
  const persons = 30_000;
  const world = createWorld({ seed: 11, persons });

  it('are valid, unique resident IDs that agree with gender, birth date and district, and never a demo ID', () => {
    const seen = new Set<string>(DEMO_PERSON_ID_NUMBERS);
    const problems: string[] = [];
    for (let index = 0; index < persons; index++) {
      const person = personRecord(world, index);
      const division = divisionByCode(person.district);
      if (!isValidResidentId(person.idNumber)) problems.push(`${person.idNumber}: invalid`);
      if (residentIdGender(person.idNumber) !== person.gender) problems.push(`${person.idNumber}: gender ${person.gender}`);
      if (residentIdBirthDate(person.idNumber) !== person.birthDate) problems.push(`${person.idNumber}: born ${person.birthDate}`);
      if (person.idNumber.slice(0, 6) !== person.district || !division) problems.push(`${person.idNumber}: district ${person.district}`);
      if (person.birthDate < '1945-01-01' || person.birthDate > '2006-12-31') problems.push(`${person.idNumber}: born ${person.birthDate}`);
      if (!isValidMobileNumber(person.phone)) problems.push(`${person.idNumber}: phone ${person.phone}`);
      if (division && !person.registeredAddress.startsWith(`浙江省${division.cityName}${division.name}`)) {
        problems.push(`${person.idNumber}: address ${person.registeredAddress}`);
      }
      if (seen.has(person.idNumber)) problems.push(`${person.idNumber}: repeated`);
      seen.add(person.idNumber);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(persons + DEMO_PERSON_ID_NUMBERS.length);
  });

  it('are Luhn-valid, unique card numbers of real issuers, never a demo account', () => {
    const seen = new Set<string>(DEMO_ACCOUNTS.map((account) => account.accountNumber));
    const problems: string[] = [];
    for (let index = 0; index < persons; index++) {
      for (const account of personAccounts(world, personIdentity(world, index))) {
        if (!isLuhnValid(account.accountNumber)) problems.push(`${account.accountNumber}: fails Luhn`);
        if (issuerOfCard(account.accountNumber)?.bank !== account.issuer.bank) problems.push(`${account.accountNumber}: issuer`);
        if (seen.has(account.accountNumber)) problems.push(`${account.accountNumber}: repeated`);
        seen.add(account.accountNumber);
      }
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(persons * 0.6);
  });

  it('are valid, unique credit codes in the enterprise\'s district, never a demo company\'s', () => {
    const seen = new Set<string>(DEMO_ENTERPRISES.map((enterprise) => enterprise.creditCode));
    const problems: string[] = [];
    for (let index = 0; index < world.enterprises; index++) {
      const { record } = enterpriseFacts(world, index);
      if (!isValidCreditCode(record.creditCode)) problems.push(`${record.creditCode}: invalid`);
      if (record.creditCode.slice(2, 8) !== record.district) problems.push(`${record.creditCode}: district ${record.district}`);
      if (seen.has(record.creditCode)) problems.push(`${record.creditCode}: repeated`);
      seen.add(record.creditCode);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(world.enterprises + DEMO_ENTERPRISES.length);
  });

  it('keep the demo cast\'s own identifiers valid', () => {
    for (const person of DEMO_PERSONS) {
      expect(isValidResidentId(person.idNumber)).toBe(true);
      expect(residentIdGender(person.idNumber)).toBe(person.gender);
      expect(residentIdBirthDate(person.idNumber)).toBe(person.birthDate);
      expect(isValidMobileNumber(person.phone)).toBe(true);
    }
    for (const enterprise of DEMO_ENTERPRISES) expect(isValidCreditCode(enterprise.creditCode)).toBe(true);
    for (const account of DEMO_ACCOUNTS) expect(isLuhnValid(account.accountNumber)).toBe(true);
    for (const transaction of DEMO_FLAGGED_TRANSACTIONS) expect(isLuhnValid(transaction.counterpartyAccount)).toBe(true);
    expect(DEMO_CAST.zhang.accountNumber).toBe('6222021203001234565');
    expect(Object.isFrozen(DEMO_CAST.wang)).toBe(true);
  });
});

describe('record ids', () => {
  it('are unique within each table, with the demo cast\'s ids among them', () => {
    const tables = agencyTables(createWorld({ seed: 5, persons: 20_000 }));
    const keyed: [TableSpec, string][] = [
      [tables.police[1]!, DEMO_CAST.incidents.wangDispute],
      [tables.police[3]!, DEMO_CAST.fraudCase.id],
      [tables.police[5]!, DEMO_CAST.jianguo.precursorPermitNumber],
      [tables.court[0]!, DEMO_CAST.cases.lending],
      [tables.petitions[0]!, DEMO_CAST.petitions.wangLabour],
      [tables.petitions[1]!, DEMO_CAST.dispute.id],
      [tables.market[1]!, DEMO_CAST.jianguo.inspectionIds[0]!],
      [tables.market[2]!, DEMO_CAST.jianguo.penaltyDecisionNumber],
      [tables.bank[3]!, DEMO_CAST.fraudCase.stopPaymentOrderId],
      [tables.bank[2]!, DEMO_CAST.huitong.suspiciousReportIds[0]!],
    ];
    for (const [spec, demoId] of keyed) {
      const ids = rowsOf(spec).map((row) => row[0]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toContain(demoId);
    }
    const caseNumbers = rowsOf(tables.court[0]).map((row) => String(row[0]));
    for (const caseNumber of caseNumbers) expect(caseNumber).toMatch(/^\(20\d\d\)浙\d{4}(民初|刑初|行初|执)\d+号$/);
  });
});

describe('progress', () => {
  it('reports every tenth of a large run in persons', () => {
    const lines: string[] = [];
    const meter = createProgressMeter('police', 300, 1_000_000, (line) => lines.push(line));
    for (let tick = 0; tick < 300; tick++) meter.tick();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('police: 100,000 / 1,000,000 persons');
    expect(lines[9]).toBe('police: 1,000,000 / 1,000,000 persons');
  });

  it('stays quiet for small runs', () => {
    const lines: string[] = [];
    const meter = createProgressMeter('police', 300, 2000, (line) => lines.push(line));
    for (let tick = 0; tick < 300; tick++) meter.tick();
    expect(lines).toEqual([]);
  });
});

describe('COPY encoding', () => {
  it('escapes the framing characters and writes NULL as \\N', () => {
    expect(encodeCopyRow(['a\tb', 'line\nbreak', 'back\\slash', null, 12.5, '王建国'])).toBe(
      'a\\tb\tline\\nbreak\tback\\\\slash\t\\N\t12.5\t王建国\n',
    );
  });
});
