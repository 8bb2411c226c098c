import { z } from 'zod';
import type { NormalizeOutput, NormalizerDefinition } from './types.js';

/**
 * Every officially assigned ISO 3166-1 code, as "alpha-2 alpha-3" pairs. Only these codes are ever
 * produced: ICU also names deprecated and reserved codes (SU, YU, ZR, EU, IC…), which are left out.
 */
const ISO_CODES =
  'AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW AX ALA AZ AZE ' +
  'BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS ' +
  'BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN ' +
  'CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST ' +
  'EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO GF GUF ' +
  'GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG HM HMD ' +
  'HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM ' +
  'JO JOR JP JPN KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA ' +
  'LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL MK MKD ' +
  'ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ NA NAM ' +
  'NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG ' +
  'PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA ' +
  'SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD ' +
  'ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON ' +
  'TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR ' +
  'VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE ' +
  // Kosovo: user-assigned, not ISO, but the code the EU, ICU and libphonenumber use.
  'XK XKX';

let alpha2: ReadonlySet<string> | undefined;

/** Whether a code is an assigned ISO 3166-1 alpha-2 code (or XK), upper or lower case: for checking rule files. */
export function isCountryCode(code: string): boolean {
  alpha2 ??= new Set(ISO_CODES.split(' ').filter((c) => c.length === 2));
  return alpha2.has(code.toUpperCase());
}

/** Locales whose region names (Intl.DisplayNames) are accepted, in order of precedence for rare clashes. */
const LOCALES = [
  'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'zh', 'zh-Hant', 'ja', 'ko', 'ru', 'ar', 'pl', 'sv', 'tr', 'da', 'nb', 'fi',
  'cs', 'sk', 'hu', 'ro', 'el', 'uk', 'he', 'hi', 'id', 'vi', 'th', 'ca', 'hr', 'sl', 'bg', 'lt', 'lv', 'et', 'is',
];

/**
 * Names Intl.DisplayNames does not give: short forms, official and ISO (comma-inverted) names, former
 * names still found in old records, constituent countries and territories that use a parent's code.
 */
const ALIASES: Record<string, readonly string[]> = {
  US: [
    'USA', 'U.S.A.', 'U.S.', 'U S A', 'EUA', 'America', 'United States of America', 'United States', 'the States', 'US of A',
    'Estados Unidos', 'EEUU', 'EE.UU.', 'EE. UU.', 'Vereinigte Staaten von Amerika', 'Amerika', "États-Unis d'Amérique",
    'Stati Uniti', 'Verenigde Staten', '美國', '美国', 'アメリカ', '米国', '미국',
  ],
  GB: [
    'UK', 'U.K.', 'Great Britain', 'Britain', 'United Kingdom of Great Britain and Northern Ireland', 'Great Britain and Northern Ireland',
    'England', 'Scotland', 'Wales', 'Northern Ireland', 'Grossbritannien', 'Vereinigtes Königreich', 'Angleterre', 'Inglaterra',
    'Inghilterra', 'Engeland', 'England UK', 'Schottland', 'Écosse', 'Escocia', 'Scozia', 'Pays de Galles', 'Gales', 'Galles',
    'Nordirland', "Irlande du Nord", 'Irlanda del Norte', 'Gran Bretaña', 'Grande-Bretagne', 'Gran Bretagna', 'Groot-Brittannië',
    '英格兰', '英格蘭', '大不列颠', '大不列顛', 'イングランド', '英国', '영국',
  ],
  DE: ['Federal Republic of Germany', 'Bundesrepublik Deutschland', 'BRD', 'FRG', 'GER', 'West Germany', 'Allemagne', 'Alemania', 'Germania', 'Duitsland', '德國', '德国', 'ドイツ', '독일'],
  FR: ['Clipperton Island', 'Clipperton', 'French Republic', 'République française', 'Frankreich', 'Francia', 'Frankrijk', '法國', '法国', 'フランス', '프랑스'],
  ES: ['Kingdom of Spain', 'Reino de España', 'Espana', 'Espagne', 'Spanien', 'Spagna', 'Spanje', 'Canary Islands', 'Canarias', 'Islas Canarias', 'Kanarische Inseln', 'Ceuta', 'Melilla', 'Balearic Islands', 'Islas Baleares'],
  IT: ['Italia', 'Italien', 'Italie', 'Italian Republic', 'Repubblica Italiana'],
  PT: ['Portuguese Republic', 'Azores', 'Açores', 'Madeira'],
  CN: [
    'PRC', 'P.R.C.', 'PR China', 'P.R. China', "People's Republic of China", "China, People's Republic of", 'Mainland China',
    'China Mainland', 'China (Mainland)', 'VR China', 'Volksrepublik China', 'République populaire de Chine', 'República Popular China',
    'Repubblica Popolare Cinese', '中华人民共和国', '中華人民共和國', '中国大陆', '中國大陸', '中国内地', '中國內地', '中國', '中国',
    'Zhongguo', 'Chine', 'Cina',
  ],
  HK: [
    'Hong Kong', 'Hongkong', 'Hong Kong SAR', 'Hong Kong S.A.R.', 'HKSAR', 'Hong Kong, China', 'Hong Kong SAR, China',
    'Hong Kong Special Administrative Region', '香港', '中国香港', '中國香港', '香港特别行政区', '香港特別行政區', '홍콩',
  ],
  MO: ['Macao', 'Macau', 'Macau SAR', 'Macao SAR', 'Macau, China', 'Macao, China', 'Macao Special Administrative Region', '澳门', '澳門', '中国澳门', '中國澳門', 'マカオ', '마카오'],
  TW: [
    'Taiwan', 'Republic of China', 'ROC', 'R.O.C.', 'Taiwan ROC', 'Taiwan R.O.C.', 'Taiwan, Republic of China', 'Taiwan, Province of China',
    'Chinese Taipei', '台湾', '臺灣', '台灣', '中華民國', '中华民国', '中華民國台灣', '中国台湾', '中國台灣', '中国台灣', '台湾省', '臺灣省', '台灣省', '대만', '타이완',
  ],
  JP: ['Nippon', 'Nihon', '日本国', '日本國', 'Japon', 'Japón', 'Giappone', 'Japão'],
  KR: [
    'Korea', 'South Korea', 'Korea South', 'Korea (South)', 'S. Korea', 'Republic of Korea', 'Korea, Republic of', 'Korea Republic',
    'Korea, South', 'ROK', 'R.O.K.', '한국', '남한', '대한민국', '韓國', '韩国', '南韓', '南韩', '大韓民国', '大韩民国', 'Südkorea', 'Corée du Sud',
  ],
  KP: [
    'North Korea', 'Korea North', 'Korea (North)', 'N. Korea', 'DPRK', 'D.P.R.K.', "Democratic People's Republic of Korea",
    "Korea, Democratic People's Republic of", 'Korea, North', '북한', '조선', '조선민주주의인민공화국', '北韓', '北韩', '朝鲜', '朝鮮', '北朝鮮',
  ],
  NL: ['Holland', 'The Netherlands', 'Netherlands', 'Nederland', 'Kingdom of the Netherlands', 'Niederlande', 'Pays-Bas', 'Países Bajos', 'Paesi Bassi'],
  CH: ['Schweiz', 'Suisse', 'Svizzera', 'Svizra', 'Swiss Confederation', 'Schweizerische Eidgenossenschaft', 'Confoederatio Helvetica', 'Helvetia', 'Suiza', 'Zwitserland'],
  AT: ['Österreich', 'Oesterreich', 'Republic of Austria', 'Republik Österreich', 'Autriche', 'Austria'],
  RU: ['Russia', 'Russian Federation', 'Россия', 'Российская Федерация', 'Rossiya', 'Russland', 'Russie', 'Rusia'],
  BE: ['Belgien', 'Belgique', 'België', 'Belgica'],
  DK: ['Danmark', 'Dänemark'],
  SE: ['Sverige', 'Schweden', 'Suède', 'Suecia'],
  NO: ['Norge', 'Noreg', 'Norwegen', 'Norvège', 'Noruega'],
  FI: ['Suomi', 'Finnland', 'Finlande', 'Finlandia'],
  PL: ['Polska', 'Polen', 'Pologne', 'Polonia'],
  CZ: ['Czech Republic', 'Czechia', 'Česko', 'Česká republika', 'Tschechien', 'Tschechische Republik'],
  SK: ['Slovak Republic', 'Slovensko'],
  HU: ['Magyarország', 'Ungarn'],
  GR: ['Hellas', 'Hellenic Republic', 'Ελλάδα', 'Ελλάς', 'Griechenland', 'Grèce', 'Grecia'],
  TR: ['Turkey', 'Türkiye', 'Turkiye', 'Republic of Türkiye', 'Tuerkei', 'Türkei', 'Turquie', 'Turquía'],
  IE: ['Ireland', 'Republic of Ireland', 'Eire', 'Éire', 'Irland', 'Irlande', 'Irlanda'],
  AE: ['UAE', 'U.A.E.', 'Emirates', 'United Arab Emirates', 'Vereinigte Arabische Emirate', 'Emiratos Árabes Unidos', 'Émirats arabes unis'],
  SA: ['KSA', 'Kingdom of Saudi Arabia', 'Saudi'],
  IN: ['Bharat', 'Republic of India', 'Indien', 'Inde'],
  MX: ['Mexico', 'México', 'Mexiko', 'Mexique', 'United Mexican States', 'Estados Unidos Mexicanos'],
  BR: ['Brasil', 'Brasilien', 'Brésil', 'Federative Republic of Brazil'],
  CA: ['Kanada'],
  AU: ['Australien', 'Commonwealth of Australia', 'Aussie'],
  NZ: ['Aotearoa', 'Neuseeland', 'Nouvelle-Zélande'],
  ZA: ['RSA', 'Republic of South Africa', 'Südafrika', 'Afrique du Sud', 'Sudáfrica'],
  CI: ['Ivory Coast', "Cote d'Ivoire", "Côte d’Ivoire", 'Elfenbeinküste'],
  CV: ['Cape Verde', 'Cabo Verde', 'Kap Verde'],
  CD: [
    'DR Congo', 'D.R. Congo', 'DRC', 'D.R.C.', 'Democratic Republic of the Congo', 'Democratic Republic of Congo', 'Congo, Democratic Republic of the',
    'Congo, The Democratic Republic of the', 'Congo (Kinshasa)', 'Congo-Kinshasa', 'Zaire', 'Zaïre', 'RDC', 'République démocratique du Congo', 'Kongo (Demokratische Republik)',
  ],
  CG: ['Congo', 'Republic of the Congo', 'Republic of Congo', 'Congo, Republic of the', 'Congo (Brazzaville)', 'Congo-Brazzaville', 'Congo Republic'],
  VA: ['Vatican', 'Vatican City', 'Vatican City State', 'Holy See', 'Holy See (Vatican City State)', 'Città del Vaticano'],
  MM: ['Burma', 'Myanmar', 'Republic of the Union of Myanmar'],
  SZ: ['Swaziland', 'Eswatini', 'Kingdom of Eswatini'],
  MK: ['Macedonia', 'North Macedonia', 'FYROM', 'F.Y.R.O.M.', 'Republic of North Macedonia', 'Macedonia, the former Yugoslav Republic of', 'Former Yugoslav Republic of Macedonia', 'Nordmazedonien'],
  TL: ['East Timor', 'Timor-Leste', 'Timor Leste'],
  VN: ['Viet Nam', 'Vietnam', 'Socialist Republic of Vietnam'],
  LA: ['Laos', 'Lao PDR', "Lao People's Democratic Republic"],
  SY: ['Syria', 'Syrian Arab Republic'],
  IR: ['Iran', 'Iran, Islamic Republic of', 'Islamic Republic of Iran', 'Persia'],
  MD: ['Moldova', 'Moldova, Republic of', 'Republic of Moldova'],
  TZ: ['Tanzania', 'Tanzania, United Republic of', 'United Republic of Tanzania'],
  VE: ['Venezuela', 'Venezuela, Bolivarian Republic of', 'Bolivarian Republic of Venezuela'],
  BO: ['Bolivia', 'Bolivia, Plurinational State of', 'Plurinational State of Bolivia'],
  BN: ['Brunei', 'Brunei Darussalam'],
  PS: ['Palestine', 'Palestine, State of', 'State of Palestine', 'Palestinian Territories', 'Palestinian Territory, Occupied'],
  FM: ['Micronesia', 'Micronesia, Federated States of', 'Federated States of Micronesia'],
  BA: ['Bosnia', 'Bosnia and Herzegovina', 'Bosnia-Herzegovina', 'Bosnia Herzegovina'],
  FK: ['Falkland Islands (Malvinas)', 'Falklands', 'Islas Malvinas', 'Malvinas'],
  VG: ['British Virgin Islands', 'Virgin Islands, British', 'BVI'],
  VI: ['US Virgin Islands', 'U.S. Virgin Islands', 'Virgin Islands, U.S.', 'Virgin Islands (U.S.)', 'USVI'],
  UM: ['United States Minor Outlying Islands', 'US Minor Outlying Islands'],
  SH: ['Saint Helena, Ascension and Tristan da Cunha', 'Ascension Island', 'Ascension', 'Tristan da Cunha'],
  IO: ['British Indian Ocean Territory', 'Diego Garcia', 'Chagos Islands'],
  BQ: ['Bonaire, Sint Eustatius and Saba', 'Bonaire', 'Sint Eustatius', 'Saba', 'Caribbean Netherlands'],
  MF: ['Saint Martin (French part)', 'Saint-Martin'],
  SX: ['Sint Maarten (Dutch part)', 'Sint Maarten'],
  BL: ['Saint Barthélemy', 'St Barts', 'St. Barts', 'Saint Barth'],
  KN: ['Saint Kitts and Nevis', 'St Kitts', 'Saint Kitts'],
  VC: ['Saint Vincent and the Grenadines', 'St. Vincent and the Grenadines', 'Saint Vincent'],
  PM: ['Saint Pierre and Miquelon'],
  ST: ['Sao Tome and Principe', 'São Tomé and Príncipe', 'Sao Tome'],
  GS: ['South Georgia and the South Sandwich Islands', 'South Georgia'],
  HM: ['Heard Island and McDonald Islands'],
  SJ: ['Svalbard and Jan Mayen'],
  CC: ['Cocos (Keeling) Islands', 'Cocos Islands', 'Keeling Islands'],
  PN: ['Pitcairn', 'Pitcairn Islands'],
  WF: ['Wallis and Futuna'],
  TC: ['Turks and Caicos Islands', 'Turks and Caicos'],
  AG: ['Antigua', 'Antigua and Barbuda'],
  TT: ['Trinidad and Tobago', 'Trinidad'],
  GW: ['Guinea Bissau'],
  RE: ['Reunion', 'La Réunion'],
  CW: ['Curacao'],
  AX: ['Aland', 'Aland Islands', 'Åland Islands'],
  IM: ['Isle of Man'],
  LK: ['Ceylon'],
  XK: ['Kosovo', 'Kosova', 'Republic of Kosovo'],
  GE: ['Georgia', 'Republic of Georgia', 'Sakartvelo'],
  GN: ['Guinea', 'Guinée', 'Guinea-Conakry'],
  LY: ['Libya', 'Libyan Arab Jamahiriya'],
  EG: ['Egypt', 'Arab Republic of Egypt', 'Ägypten'],
  IL: ['Israel', 'State of Israel'],
  PH: ['Philippines', 'Philippine Islands', 'Pilipinas'],
  SG: ['Singapore', 'Republic of Singapore'],
  MY: ['Malaysia'],
  TH: ['Thailand', 'Siam'],
  ID: ['Indonesia', 'Republic of Indonesia'],
  UA: ['Ukraine', 'Україна', 'Ukraina'],
  BY: ['Belarus', 'Byelorussia', 'Weissrussland', 'Belorussia'],
  HR: ['Croatia', 'Hrvatska', 'Kroatien'],
  SI: ['Slovenia', 'Slovenija', 'Slowenien'],
  RS: ['Serbia', 'Srbija', 'Србија', 'Serbien'],
  AR: ['Argentina', 'Argentine Republic', 'Argentinien'],
};

const FOLDED_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const SPECIAL_LETTERS = /[ßæœøłđðþıħ]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const AMPERSAND = /&/g;
const LEADING_THE = /^\s*the\s+/;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}\p{M}]+/gu;

/**
 * The key names are looked up by: NFKC/NFKD, lower case, no diacritics, no leading "the", "&" read as
 * "and", no spaces or punctuation. `U.S.A.` → `usa`, `Côte d’Ivoire` → `cotedivoire`.
 */
export function foldCountryName(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(COMBINING_MARKS, '')
    .replace(SPECIAL_LETTERS, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .replace(AMPERSAND, ' and ')
    .replace(LEADING_THE, '')
    .replace(NOT_LETTER_OR_DIGIT, '');
}

const ST_DOT = /\bSt\.?(?=\s)/g;
const PARENTHESIS = /\s*\(([^)]*)\)\s*/;

/** The spellings one display name stands for: "St. Kitts & Nevis" also as "Saint Kitts & Nevis", "Myanmar (Burma)" also as "Myanmar" and "Burma". */
function variants(name: string): string[] {
  const out = [name];
  if (ST_DOT.test(name)) out.push(name.replace(ST_DOT, 'Saint'));
  ST_DOT.lastIndex = 0;
  const paren = PARENTHESIS.exec(name);
  if (paren) {
    out.push(name.replace(PARENTHESIS, ' ').trim());
    if (paren[1] && paren[1].length > 3) out.push(paren[1]);
  }
  if (name.endsWith(' SAR China')) out.push(name.slice(0, -' SAR China'.length));
  return out;
}

export interface CountryTable {
  /** Folded name or code → alpha-2 code. */
  readonly byKey: ReadonlyMap<string, string>;
  /** The codes produced, alpha-2. */
  readonly codes: readonly string[];
}

const ASCII_ONLY = /^[a-z0-9]*$/;

/** Values that mean "no country" and must not be read as a code ("N/A" would otherwise be Namibia). */
const PLACEHOLDERS = new Set(['n/a', '#n/a', 'n.a.', 'n.a', 'n / a', 'n\\a']);

let table: CountryTable | undefined;

/** The lookup table, built once per process on first use (ICU names in many locales plus the lists above). */
export function countryTable(): CountryTable {
  if (table) return table;
  const byKey = new Map<string, string>();
  const add = (name: string, code: string, fromIcu = false): void => {
    const key = foldCountryName(name);
    if (!key || byKey.has(key)) return;
    // ICU's short-style abbreviations ("É.-U.", "VS", "ABD") would read as codes of other countries ("EU" is not the US).
    if (fromIcu && key.length < 4 && ASCII_ONLY.test(key) && name === name.toUpperCase()) return;
    byKey.set(key, code);
  };
  const pairs = ISO_CODES.split(' ');
  const codes: string[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) codes.push(pairs[i]!);
  // Codes first: a two- or three-letter code always means that code.
  for (let i = 0; i + 1 < pairs.length; i += 2) add(pairs[i]!, pairs[i]!);
  for (let i = 0; i + 1 < pairs.length; i += 2) add(pairs[i + 1]!, pairs[i]!);
  for (const [code, names] of Object.entries(ALIASES)) {
    if (code.length !== 2) continue;
    for (const name of names) add(name, code);
  }
  for (const locale of LOCALES) {
    for (const style of ['long', 'short'] as const) {
      let names: Intl.DisplayNames;
      try {
        names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
      } catch {
        continue;
      }
      for (const code of codes) {
        const name = names.of(code);
        if (!name || name === code) continue;
        for (const variant of variants(name)) add(variant, code, true);
      }
    }
  }
  table = { byKey, codes };
  return table;
}

/** Separators of compound values such as "Germany (DE)", "DE - Germany", "Deutschland / Germany". */
const PARTS = /[()[\]/|;,]|\s[-–—]\s/;

/** The alpha-2 code for a country name or code, or undefined. */
export function lookupCountry(text: string): string | undefined {
  if (PLACEHOLDERS.has(text.trim().toLowerCase())) return undefined;
  const { byKey } = countryTable();
  const direct = byKey.get(foldCountryName(text));
  if (direct) return direct;
  // "Korea, Republic of" style: read "Republic of Korea".
  const comma = text.indexOf(',');
  if (comma > 0) {
    const inverted = byKey.get(foldCountryName(`${text.slice(comma + 1)} ${text.slice(0, comma)}`));
    if (inverted) return inverted;
  }
  // Compound values: every part must name the same country.
  const parts = text.split(PARTS);
  if (parts.length < 2) return undefined;
  let found: string | undefined;
  for (const part of parts) {
    const key = foldCountryName(part);
    if (!key) continue;
    const code = byKey.get(key);
    if (!code || (found && code !== found)) return undefined;
    found = code;
  }
  return found;
}

export interface CountryOptions {
  readonly output: 'alpha2';
}

const CACHE_LIMIT = 50_000;

export const countryNormalizer: NormalizerDefinition<CountryOptions> = {
  name: 'country',
  description:
    'Country names (English and native, in many languages), common variants (USA, UK, Holland, PRC) and alpha-2/alpha-3 codes to ISO 3166-1 alpha-2 upper-case codes; unknown values are flagged and kept.',
  options: z.strictObject({
    output: z.enum(['alpha2']).default('alpha2').describe('The form of the code written: alpha2 (ISO 3166-1 alpha-2, e.g. DE).'),
  }),
  create() {
    countryTable();
    // Country columns repeat a few hundred distinct spellings: fold and look each up once.
    const cache = new Map<string, NormalizeOutput>();
    return (input) => {
      const cached = cache.get(input);
      if (cached) return cached;
      const code = lookupCountry(input);
      const result: NormalizeOutput = code
        ? { value: code }
        : { value: input, flags: [{ code: 'unknown_country', reason: `not a country name or ISO code: ${JSON.stringify(input)}` }] };
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(input, result);
      return result;
    };
  },
};
