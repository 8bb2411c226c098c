import { describe, expect, test } from 'vitest';
import { nameNormalizer } from '../../../src/normalizers/name.js';
import type { NormalizeOutput } from '../../../src/normalizers/types.js';

const ctx = { record: {} };

function normalize(field: string, value: string, options: Record<string, unknown> = {}): NormalizeOutput {
  return nameNormalizer.create(nameNormalizer.options.parse(options), field)(value, ctx);
}

type Row = [input: string, value: string, set?: Record<string, string>];

describe('name: last_name', () => {
  test.each<Row>([
    ['MCDONALD', 'McDonald'],
    ['mcdonald', 'McDonald'],
    ['McDonald', 'McDonald'],
    ["O'BRIEN", "O'Brien"],
    ['o’brien', 'O’Brien'],
    ["D'ANGELO", "D'Angelo"],
    ['VAN DER BERG', 'van der Berg'],
    ['van der berg', 'van der Berg'],
    ['van der Berg', 'van der Berg'],
    ['Van Der Berg', 'Van Der Berg'],
    ['DE LA CRUZ', 'de la Cruz'],
    ['DA SILVA', 'da Silva'],
    ['VAN', 'Van'],
    ['LE', 'Le'],
    ['MACLEOD', 'MacLeod'],
    ['macdonald', 'MacDonald'],
    ['MACKENZIE', 'MacKenzie'],
    ['MACK', 'Mack'],
    ['MACY', 'Macy'],
    ['MACHADO', 'Machado'],
    ['DeVito', 'DeVito'],
    ['SMITH-JONES', 'Smith-Jones'],
    ["MCDONALD-O'BRIEN", "McDonald-O'Brien"],
    ['MÜLLER', 'Müller'],
    ['ÇELIK', 'Çelik'],
    ['GROßMANN', 'Großmann'],
    ['ßmith', 'ßmith'],
    ['ÅSTRÖM', 'Åström'],
    ['ŁUKASZEWSKI', 'Łukaszewski'],
    ['ǄAKOVIĆ', 'ǅaković'],
    ['ПЕТРОВ', 'Петров'],
    ['ΠΑΠΑΔΟΠΟΥΛΟΣ', 'Παπαδοπουλος'],
    ['GARCÍA Y LÓPEZ', 'García y López'],
    ['AL-RASHID', 'al-Rashid'],
    ['Smith, Jr.', 'Smith', { suffix: 'Jr.' }],
    ['SMITH JR', 'Smith', { suffix: 'Jr' }],
    ['Smith III', 'Smith', { suffix: 'III' }],
    ['Mr. Smith', 'Smith', { salutation: 'Mr.' }],
    ['Smith, John', 'Smith, John'],
    ['王先生', '王', { salutation: '先生' }],
    ['李女士', '李', { salutation: '女士' }],
    ['田中さん', '田中', { salutation: 'さん' }],
    ['山田 様', '山田', { salutation: '様' }],
    ['先生', '先生'],
    ['欧阳', '欧阳'],
  ])('%j -> %j', (input, value, set) => {
    const out = normalize('last_name', input);
    expect(out.value).toBe(value);
    expect(out.set).toEqual(set);
    expect(out.flags).toBeUndefined();
  });
});

describe('name: first_name and middle_name', () => {
  test.each<Row>([
    ['JOHN', 'John'],
    ['john', 'John'],
    ['JOSÉ', 'José'],
    ['ÉLODIE', 'Élodie'],
    ['jean-claude', 'Jean-Claude'],
    ['MARY ANN', 'Mary Ann'],
    ['J.R.R.', 'J.R.R.'],
    ['j.', 'J.'],
    ['LaToya', 'LaToya'],
    ['iñaki', 'Iñaki'],
    ['İBRAHİM', 'Ibrahim'],
    ['VAN', 'Van'],
    ['AL', 'Al'],
    ['DON', 'Don'],
    ['Don', 'Don'],
    ['Dr. Jane', 'Jane', { salutation: 'Dr.' }],
    ['MME CLAIRE', 'Claire', { salutation: 'Mme' }],
    ['Herr Hans', 'Hans', { salutation: 'Herr' }],
    ['Sra. María', 'María', { salutation: 'Sra.' }],
    ['Dott. Marco', 'Marco', { salutation: 'Dott.' }],
    ['伟', '伟'],
  ])('%j -> %j', (input, value, set) => {
    const out = normalize('first_name', input);
    expect(out.value).toBe(value);
    expect(out.set).toEqual(set);
  });

  test('a middle initial', () => {
    expect(normalize('middle_name', 'a.')).toEqual({ value: 'A.' });
  });
});

describe('name: full_name', () => {
  test.each<Row>([
    ['DR. JOHN A. SMITH JR.', 'John A. Smith', { salutation: 'Dr.', first_name: 'John', middle_name: 'A.', last_name: 'Smith', suffix: 'Jr.' }],
    ['john smith', 'John Smith', { first_name: 'John', last_name: 'Smith' }],
    ['JOHN SMITH', 'John Smith', { first_name: 'John', last_name: 'Smith' }],
    ['John McDonald', 'John McDonald', { first_name: 'John', last_name: 'McDonald' }],
    ['LUDWIG VAN BEETHOVEN', 'Ludwig van Beethoven', { first_name: 'Ludwig', last_name: 'van Beethoven' }],
    ['HANS VAN DER BERG', 'Hans van der Berg', { first_name: 'Hans', last_name: 'van der Berg' }],
    ['Van Morrison', 'Van Morrison', { first_name: 'Van', last_name: 'Morrison' }],
    ['DE LA CRUZ', 'De la Cruz', { last_name: 'de la Cruz' }],
    ['Mr. van der Berg', 'van der Berg', { salutation: 'Mr.', last_name: 'van der Berg' }],
    ['DIEGO DE LA VEGA', 'Diego de la Vega', { first_name: 'Diego', last_name: 'de la Vega' }],
    ['JOSÉ ORTEGA Y GASSET', 'José Ortega y Gasset', { first_name: 'José', last_name: 'Ortega y Gasset' }],
    ['JOHN Y SMITH', 'John Y Smith', { first_name: 'John', middle_name: 'Y', last_name: 'Smith' }],
    ['MARIA DOS SANTOS', 'Maria dos Santos', { first_name: 'Maria', last_name: 'dos Santos' }],
    ['SEAN O’CONNOR', 'Sean O’Connor', { first_name: 'Sean', last_name: 'O’Connor' }],
    ['ANGUS MACLEOD', 'Angus MacLeod', { first_name: 'Angus', last_name: 'MacLeod' }],
    ['CONNIE MACK', 'Connie Mack', { first_name: 'Connie', last_name: 'Mack' }],
    ['ANA MACHADO', 'Ana Machado', { first_name: 'Ana', last_name: 'Machado' }],
    ['MARY-JANE SMITH-JONES', 'Mary-Jane Smith-Jones', { first_name: 'Mary-Jane', last_name: 'Smith-Jones' }],
    ['john ronald reuel tolkien', 'John Ronald Reuel Tolkien', { first_name: 'John', middle_name: 'Ronald Reuel', last_name: 'Tolkien' }],
    ['JOHN SMITH III', 'John Smith', { first_name: 'John', last_name: 'Smith', suffix: 'III' }],
    ['Jane Doe, PhD', 'Jane Doe', { first_name: 'Jane', last_name: 'Doe', suffix: 'PhD' }],
    ['JANE DOE MD', 'Jane Doe', { first_name: 'Jane', last_name: 'Doe', suffix: 'MD' }],
    ['Robert Downey Jr.', 'Robert Downey', { first_name: 'Robert', last_name: 'Downey', suffix: 'Jr.' }],
    ['John Smith Jr., Esq.', 'John Smith', { first_name: 'John', last_name: 'Smith', suffix: 'Jr., Esq.' }],
    ['Smith, John', 'John Smith', { first_name: 'John', last_name: 'Smith' }],
    ['SMITH, JOHN ALBERT', 'John Albert Smith', { first_name: 'John', middle_name: 'Albert', last_name: 'Smith' }],
    ['van der Berg, Hans', 'Hans van der Berg', { first_name: 'Hans', last_name: 'van der Berg' }],
    ['Smith, Dr. John', 'John Smith', { salutation: 'Dr.', first_name: 'John', last_name: 'Smith' }],
    ['Smith, John, Jr.', 'John Smith', { first_name: 'John', last_name: 'Smith', suffix: 'Jr.' }],
    ['Smith, Jr.', 'Smith', { last_name: 'Smith', suffix: 'Jr.' }],
    ['Johnson, Don', 'Don Johnson', { first_name: 'Don', last_name: 'Johnson' }],
    ['Don Johnson', 'Don Johnson', { first_name: 'Don', last_name: 'Johnson' }],
    ['Don Diego de la Vega', 'Diego de la Vega', { salutation: 'Don', first_name: 'Diego', last_name: 'de la Vega' }],
    ['Prof. Dr. Hans Müller', 'Hans Müller', { salutation: 'Prof. Dr.', first_name: 'Hans', last_name: 'Müller' }],
    ['Frau Anna Schmidt', 'Anna Schmidt', { salutation: 'Frau', first_name: 'Anna', last_name: 'Schmidt' }],
    ['Hr. Jens Olsen', 'Jens Olsen', { salutation: 'Hr.', first_name: 'Jens', last_name: 'Olsen' }],
    ['MLLE SOPHIE MARTIN', 'Sophie Martin', { salutation: 'Mlle', first_name: 'Sophie', last_name: 'Martin' }],
    ['M. Jean Dupont', 'Jean Dupont', { salutation: 'M.', first_name: 'Jean', last_name: 'Dupont' }],
    ['M. Dupont', 'M. Dupont', { first_name: 'M.', last_name: 'Dupont' }],
    ['Me Paul Durand', 'Paul Durand', { salutation: 'Me', first_name: 'Paul', last_name: 'Durand' }],
    ['Srta. Lucía Gómez', 'Lucía Gómez', { salutation: 'Srta.', first_name: 'Lucía', last_name: 'Gómez' }],
    ['Doña Carmen Ruiz', 'Carmen Ruiz', { salutation: 'Doña', first_name: 'Carmen', last_name: 'Ruiz' }],
    ['Mx Sam Taylor', 'Sam Taylor', { salutation: 'Mx', first_name: 'Sam', last_name: 'Taylor' }],
    ['Mrs Smith', 'Smith', { salutation: 'Mrs', last_name: 'Smith' }],
    ['DUPONT Jean', 'Jean Dupont', { first_name: 'Jean', last_name: 'Dupont' }],
    ['DE LA FONTAINE Jean-Pierre', 'Jean-Pierre de la Fontaine', { first_name: 'Jean-Pierre', last_name: 'de la Fontaine' }],
    ['JJ Abrams', 'JJ Abrams', { first_name: 'JJ', last_name: 'Abrams' }],
    ['MOHAMMED BIN SALMAN AL SAUD', 'Mohammed bin Salman al Saud', { first_name: 'Mohammed', middle_name: 'bin Salman', last_name: 'al Saud' }],
    ['Abdullah ibn Hussein', 'Abdullah ibn Hussein', { first_name: 'Abdullah', last_name: 'ibn Hussein' }],
    ['AHMED AL-RASHID', 'Ahmed al-Rashid', { first_name: 'Ahmed', last_name: 'al-Rashid' }],
    ['John "Jack" Smith', 'John "Jack" Smith', { first_name: 'John', last_name: 'Smith' }],
    ['MADONNA', 'Madonna', { last_name: 'Madonna' }],
    ['Cher', 'Cher', { last_name: 'Cher' }],
    ['王伟', '王伟', { last_name: '王', first_name: '伟' }],
    ['王小明', '王小明', { last_name: '王', first_name: '小明' }],
    ['陳大文', '陳大文', { last_name: '陳', first_name: '大文' }],
    ['欧阳娜娜', '欧阳娜娜', { last_name: '欧阳', first_name: '娜娜' }],
    ['司马相如', '司马相如', { last_name: '司马', first_name: '相如' }],
    ['王 伟', '王 伟', { last_name: '王', first_name: '伟' }],
    ['王先生', '王', { salutation: '先生', last_name: '王' }],
    ['张小姐', '张', { salutation: '小姐', last_name: '张' }],
    ['李伟先生', '李伟', { salutation: '先生', last_name: '李', first_name: '伟' }],
    ['山田 太郎', '山田 太郎', { last_name: '山田', first_name: '太郎' }],
    ['山田太郎', '山田太郎', { last_name: '山田太郎' }],
    ['田中太郎', '田中太郎', { last_name: '田中太郎' }],
    ['高橋愛', '高橋愛', { last_name: '高橋愛' }],
    ['田中さん', '田中', { salutation: 'さん', last_name: '田中' }],
    ['김민준', '김민준', { last_name: '김', first_name: '민준' }],
    ['남궁민수', '남궁민수', { last_name: '남궁', first_name: '민수' }],
    ['Mr. 王伟', '王伟', { salutation: 'Mr.', last_name: '王', first_name: '伟' }],
  ])('%j -> %j', (input, value, set) => {
    const out = normalize('full_name', input);
    expect(out.value).toBe(value);
    expect(out.set).toEqual(set);
    expect(out.flags).toBeUndefined();
  });
});

describe('name: casing word by word in mixed-case values', () => {
  test.each<[field: string, input: string, value: string, set?: Record<string, string>]>([
    ['full_name', 'Dr. Hans MÜLLER Jr.', 'Hans Müller', { salutation: 'Dr.', first_name: 'Hans', last_name: 'Müller', suffix: 'Jr.' }],
    ['last_name', 'Dr. Hans MÜLLER Jr.', 'Hans Müller', { salutation: 'Dr.', suffix: 'Jr.' }],
    ['full_name', 'Jean-luc picard', 'Jean-Luc Picard', { first_name: 'Jean-Luc', last_name: 'Picard' }],
    ['last_name', 'picard', 'Picard'],
    ['full_name', 'john McDonald', 'John McDonald', { first_name: 'John', last_name: 'McDonald' }],
    ['full_name', 'danny DeVito', 'Danny DeVito', { first_name: 'Danny', last_name: 'DeVito' }],
    ['full_name', 'angus MacLeod', 'Angus MacLeod', { first_name: 'Angus', last_name: 'MacLeod' }],
    ['full_name', "Sean O'BRIEN", "Sean O'Brien", { first_name: 'Sean', last_name: "O'Brien" }],
    ['full_name', 'Mary-Jane SMITH-jones', 'Mary-Jane Smith-Jones', { first_name: 'Mary-Jane', last_name: 'Smith-Jones' }],
    ['full_name', 'Hans van der BERG', 'Hans van der Berg', { first_name: 'Hans', last_name: 'van der Berg' }],
    ['full_name', 'Ludwig VAN Beethoven', 'Ludwig van Beethoven', { first_name: 'Ludwig', last_name: 'van Beethoven' }],
    ['full_name', 'John a. Smith', 'John A. Smith', { first_name: 'John', middle_name: 'A.', last_name: 'Smith' }],
    ['full_name', 'MÜLLER, Hans', 'Hans Müller', { first_name: 'Hans', last_name: 'Müller' }],
    ['full_name', 'Ahmed al-RASHID', 'Ahmed al-Rashid', { first_name: 'Ahmed', last_name: 'al-Rashid' }],
    ['full_name', 'JJ Abrams', 'JJ Abrams', { first_name: 'JJ', last_name: 'Abrams' }],
    ['first_name', 'Jean-luc', 'Jean-Luc'],
    ['first_name', 'LaToya', 'LaToya'],
    ['last_name', 'McDONALD', 'McDONALD'],
  ])('%s %j -> %j', (field, input, value, set) => {
    const out = normalize(field, input);
    expect(out.value).toBe(value);
    expect(out.set).toEqual(set);
  });

  test('case: keep still keeps every word as written', () => {
    expect(normalize('full_name', 'Jean-luc picard', { case: 'keep' }).value).toBe('Jean-luc picard');
  });
});

describe('name: suspicious values', () => {
  test.each([
    ['full_name', 'john@x.com'],
    ['last_name', 'Smith 3'],
    ['first_name', 'J0hn'],
    ['full_name', 'Test User 123'],
    ['last_name', 'ＳＭＩＴＨ２'],
  ])('%s %j is kept and flagged', (field, input) => {
    expect(normalize(field, input)).toEqual({
      value: input,
      flags: [{ code: 'suspicious_name', reason: `a name with digits or @: "${input}"` }],
    });
  });
});

describe('name: options', () => {
  test('defaults', () => {
    expect(nameNormalizer.options.parse({})).toEqual({ case: 'smart', split: true, honorifics: true });
  });

  test('unknown options are rejected', () => {
    expect(nameNormalizer.options.safeParse({ casing: 'smart' }).success).toBe(false);
    expect(nameNormalizer.options.safeParse({ case: 'title' }).success).toBe(false);
  });

  test.each<[field: string, input: string, options: Record<string, unknown>, value: string, set?: Record<string, string>]>([
    ['last_name', 'MCDONALD', { case: 'keep' }, 'MCDONALD'],
    ['full_name', 'DR. JOHN SMITH', { case: 'keep' }, 'JOHN SMITH', { salutation: 'DR.', first_name: 'JOHN', last_name: 'SMITH' }],
    ['full_name', 'DR. JOHN SMITH JR.', { split: false }, 'John Smith', { salutation: 'Dr.', suffix: 'Jr.' }],
    ['full_name', 'Smith, John', { split: false }, 'John Smith'],
    ['full_name', 'Dr. John Smith Jr.', { honorifics: false }, 'Dr. John Smith Jr.', { first_name: 'Dr.', middle_name: 'John Smith', last_name: 'Jr.' }],
    ['full_name', 'JOHN SMITH, JR.', { honorifics: false }, 'John Smith, Jr.', { first_name: 'John', last_name: 'Smith' }],
    ['last_name', '王先生', { honorifics: false }, '王先生'],
    ['first_name', 'DR. JANE', { honorifics: false }, 'Dr. Jane'],
  ])('%s %j with %j -> %j', (field, input, options, value, set) => {
    const out = normalize(field, input, options);
    expect(out.value).toBe(value);
    expect(out.set).toEqual(set);
  });

  test('mixed case is kept, honorific and suffix spelled canonically', () => {
    expect(normalize('full_name', 'MR. Ronald McDonald jr')).toEqual({
      value: 'Ronald McDonald',
      set: { salutation: 'Mr.', first_name: 'Ronald', last_name: 'McDonald', suffix: 'Jr' },
    });
  });

  test('other fields: no splitting', () => {
    expect(normalize('contact_name', 'JOHN SMITH')).toEqual({ value: 'John Smith' });
  });
});
