import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { sniffEncoding } from '../../../src/connectors/csv/text-decoding.js';
import { guessFields, looseReadings } from '../../../src/profile/field-guess.js';
import { valueKinds } from '../../../src/profile/kinds.js';

describe('sniffEncoding: legacy double-byte files', () => {
  const japanese = '顧客ID,氏名,フリガナ,住所\r\nJ-1,山田　太郎,ヤマダ　タロウ,千代田区丸の内1-9-1\r\nJ-2,佐藤　花子,サトウ　ハナコ,大阪市北区梅田3-1-3\r\n';
  const chinese = '客户编号,姓名,公司名称,地址\r\n1,王伟,华为技术有限公司,广东省深圳市龙岗区\r\n2,李娜,北京京东世纪贸易有限公司,北京市大兴区\r\n';
  const traditional = '客戶編號,姓名,公司名稱,地址\r\n1,陳大文,台灣積體電路製造股份有限公司,新竹科學園區\r\n2,林美玲,鴻海精密工業股份有限公司,新北市土城區\r\n';

  test('Shift_JIS reads as Japanese, not Windows-1252', () => {
    expect(sniffEncoding(iconv.encode(japanese, 'shift_jis')).encoding).toBe('shift_jis');
  });
  test('GB18030 reads as simplified Chinese', () => {
    expect(sniffEncoding(iconv.encode(chinese, 'gb18030')).encoding).toBe('gb18030');
  });
  test('Big5 reads as traditional Chinese', () => {
    expect(sniffEncoding(iconv.encode(traditional, 'big5')).encoding).toBe('big5');
  });
  test('Western text with accents stays Windows-1252', () => {
    const western = 'Name;Straße;Ort\r\nJürgen Müller;Hauptstraße 5;München\r\nRenée Dupré;Rue de l’Église;Besançon\r\nJosé Núñez;Calle Mayor;Córdoba\r\n';
    expect(sniffEncoding(iconv.encode(western, 'windows-1252')).encoding).toBe('windows-1252');
  });
});

describe('value kinds', () => {
  test.each(['73.15.201.44', '192.168.0.1'])('an IP address (%s) is no phone', (v) => {
    expect(valueKinds(v)).not.toContain('phone');
  });
  test.each(['Market Street', 'Via Roma', 'Viale Trastevere', 'Rue de Rivoli', 'Friedrichstraße', 'Keizersgracht', 'Calle Mayor'])('a street (%s) is no person name', (v) => {
    expect(valueKinds(v)).not.toContain('person_name');
  });
  test.each(['Stacey Roads', 'Viana Costa', 'Maria Rue'])('a person (%s) still is one', (v) => {
    expect(valueKinds(v)).toContain('person_name');
  });
  test.each(['山田　太郎', '伊藤 さくら', '王伟'])('a CJK name (%s) is a person name', (v) => {
    expect(valueKinds(v)).toContain('person_name');
  });
});

describe('header readings', () => {
  test('the last part of a dashed path is read, and each side of its slash', () => {
    expect(looseReadings('Person - Postal address - Street/road name')).toContain('Street');
  });
  test('a header naming a tax number is not mapped by its phone-like digits', () => {
    const kinds = [{ kind: 'phone' as const, share: 1 }, { kind: 'phone' as const, share: 1 }, { kind: 'phone' as const, share: 1 }];
    const guesses = guessFields(['Tel.', 'Partita IVA', 'VAT Number'], kinds);
    expect(guesses.map((g) => g?.field)).toEqual(['phone', undefined, undefined]);
  });
});
