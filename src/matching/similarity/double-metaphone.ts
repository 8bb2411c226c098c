/**
 * Double Metaphone (Lawrence Philips, 2000): a primary and an alternate phonetic code of at most 4 characters
 * for a word or name, so that Smith/Schmidt and Thomas/Tomas agree. Letters outside A-Z, Ç and Ñ are skipped;
 * fold other accents first.
 */
export function doubleMetaphone(text: string): [primary: string, alternate: string] {
  const length = text.length;
  // Spaces past the end let look-ahead rules ("IER ", "JOSE ") see the word boundary.
  const v = `${text.toUpperCase()}     `;
  const last = length - 1;
  let primary = '';
  let alternate = '';
  let i = 0;

  const at = (pos: number, a: string, b?: string, c?: string, d?: string, e?: string, f?: string): boolean =>
    pos >= 0 &&
    (v.startsWith(a, pos) ||
      (b !== undefined && v.startsWith(b, pos)) ||
      (c !== undefined && v.startsWith(c, pos)) ||
      (d !== undefined && v.startsWith(d, pos)) ||
      (e !== undefined && v.startsWith(e, pos)) ||
      (f !== undefined && v.startsWith(f, pos)));
  const charIn = (pos: number, set: string): boolean => pos >= 0 && pos < v.length && set.includes(v.charAt(pos));
  const isVowel = (pos: number): boolean => charIn(pos, 'AEIOUY');
  const add = (main: string, alt = main): void => {
    primary += main;
    alternate += alt;
  };
  const slavoGermanic = v.includes('W') || v.includes('K') || v.includes('CZ');
  const germanic = at(0, 'VAN ', 'VON ') || at(0, 'SCH');

  if (at(0, 'GN', 'KN', 'PN', 'WR', 'PS')) i = 1;
  if (v.charAt(0) === 'X') {
    add('S'); // Xavier, Zhivago-like initial X sounds S
    i = 1;
  }

  while ((primary.length < 4 || alternate.length < 4) && i < length) {
    const ch = v.charAt(i);
    const next = v.charAt(i + 1);
    switch (ch) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
      case 'Y':
        if (i === 0) add('A');
        i++;
        break;
      case 'B':
        add('P');
        i += next === 'B' ? 2 : 1;
        break;
      case 'Ç':
        add('S');
        i++;
        break;
      case 'C':
        i = consonantC(i);
        break;
      case 'D':
        if (at(i, 'DG')) {
          if (charIn(i + 2, 'IEY')) {
            add('J'); // edge
            i += 3;
          } else {
            add('TK'); // Edgar
            i += 2;
          }
        } else {
          add('T');
          i += at(i, 'DT', 'DD') ? 2 : 1;
        }
        break;
      case 'F':
        add('F');
        i += next === 'F' ? 2 : 1;
        break;
      case 'G':
        i = consonantG(i);
        break;
      case 'H':
        // Kept only first or between vowels (Hugh, Ahab); silent in Sarah, John.
        if ((i === 0 || isVowel(i - 1)) && isVowel(i + 1)) {
          add('H');
          i += 2;
        } else i++;
        break;
      case 'J':
        i = consonantJ(i);
        break;
      case 'K':
        add('K');
        i += next === 'K' ? 2 : 1;
        break;
      case 'L':
        if (next === 'L') {
          // Spanish -llo, -lla, -alle: Cabrillo, Gallegos.
          if ((i === length - 3 && at(i - 1, 'ILLO', 'ILLA', 'ALLE')) || ((at(last - 1, 'AS', 'OS') || charIn(last, 'AO')) && at(i - 1, 'ALLE'))) {
            add('L', '');
            i += 2;
            break;
          }
          i += 2;
        } else i++;
        add('L');
        break;
      case 'M':
        add('M');
        i += (at(i - 1, 'UMB') && (i + 1 === last || at(i + 2, 'ER'))) || next === 'M' ? 2 : 1; // dumb, thumbs
        break;
      case 'N':
        add('N');
        i += next === 'N' ? 2 : 1;
        break;
      case 'Ñ':
        add('N');
        i++;
        break;
      case 'P':
        if (next === 'H') {
          add('F');
          i += 2;
        } else {
          add('P');
          i += next === 'P' || next === 'B' ? 2 : 1; // Campbell, raspberry
        }
        break;
      case 'Q':
        add('K');
        i += next === 'Q' ? 2 : 1;
        break;
      case 'R':
        // French final -ier: Rogier, but not Hochmeier.
        if (i === last && !slavoGermanic && at(i - 2, 'IE') && !at(i - 4, 'ME', 'MA')) add('', 'R');
        else add('R');
        i += next === 'R' ? 2 : 1;
        break;
      case 'S':
        i = consonantS(i);
        break;
      case 'T':
        if (at(i, 'TION', 'TIA', 'TCH')) {
          add('X');
          i += 3;
        } else if (at(i, 'TH', 'TTH')) {
          // Thomas, Thames and Germanic names say T.
          if (at(i + 2, 'OM', 'AM') || germanic) add('T');
          else add('0', 'T');
          i += 2;
        } else {
          add('T');
          i += next === 'T' || next === 'D' ? 2 : 1;
        }
        break;
      case 'V':
        add('F');
        i += next === 'V' ? 2 : 1;
        break;
      case 'W':
        i = consonantW(i);
        break;
      case 'X':
        // French final -x is silent: Breaux.
        if (!(i === last && (at(i - 3, 'IAU', 'EAU') || at(i - 2, 'AU', 'OU')))) add('KS');
        i += next === 'C' || next === 'X' ? 2 : 1;
        break;
      case 'Z':
        if (next === 'H') {
          add('J'); // pinyin Zhao
          i += 2;
          break;
        }
        if (at(i + 1, 'ZO', 'ZI', 'ZA') || (slavoGermanic && i > 0 && v.charAt(i - 1) !== 'T')) add('S', 'TS');
        else add('S');
        i += next === 'Z' ? 2 : 1;
        break;
      default:
        i++;
    }
  }
  return [primary.slice(0, 4), alternate.slice(0, 4)];

  function consonantC(i: number): number {
    // Germanic -ach- (Bacharach, Bacher, Macher) says K.
    if (i > 1 && !isVowel(i - 2) && at(i - 1, 'ACH') && v.charAt(i + 2) !== 'I' && (v.charAt(i + 2) !== 'E' || at(i - 2, 'BACHER', 'MACHER'))) {
      add('K');
      return i + 2;
    }
    if (i === 0 && at(i, 'CAESAR')) {
      add('S');
      return i + 2;
    }
    if (at(i, 'CHIA')) {
      add('K'); // Chianti
      return i + 2;
    }
    if (at(i, 'CH')) {
      if (i > 0 && at(i, 'CHAE')) {
        add('K', 'X'); // Michael
        return i + 2;
      }
      // Greek roots: chemistry, chorus, but not chore.
      if (i === 0 && (at(i + 1, 'HARAC', 'HARIS') || at(i + 1, 'HOR', 'HYM', 'HIA', 'HEM')) && !at(0, 'CHORE')) {
        add('K');
        return i + 2;
      }
      if (
        germanic ||
        at(i - 2, 'ORCHES', 'ARCHIT', 'ORCHID') ||
        charIn(i + 2, 'TS') ||
        ((i === 0 || charIn(i - 1, 'AOUE')) && charIn(i + 2, 'LRNMBHFVW '))
      ) {
        add('K');
      } else if (i > 0) {
        if (at(0, 'MC')) add('K');
        else add('X', 'K');
      } else add('X');
      return i + 2;
    }
    if (at(i, 'CZ') && !at(i - 2, 'WICZ')) {
      add('S', 'X'); // Czerny
      return i + 2;
    }
    if (at(i + 1, 'CIA')) {
      add('X'); // focaccia
      return i + 3;
    }
    // Double C, but not McClellan.
    if (at(i, 'CC') && !(i === 1 && v.charAt(0) === 'M')) {
      if (charIn(i + 2, 'IEH') && !at(i + 2, 'HU')) {
        // accident, succeed say KS; Bacci, Bertucci say X.
        if ((i === 1 && v.charAt(0) === 'A') || at(i - 1, 'UCCEE', 'UCCES')) add('KS');
        else add('X');
        return i + 3;
      }
      add('K');
      return i + 2;
    }
    if (at(i, 'CK', 'CG', 'CQ')) {
      add('K');
      return i + 2;
    }
    if (at(i, 'CI', 'CE', 'CY')) {
      if (at(i, 'CIO', 'CIE', 'CIA')) add('S', 'X');
      else add('S');
      return i + 2;
    }
    add('K');
    if (at(i + 1, ' C', ' Q', ' G')) return i + 3; // Mac Caffrey, Mac Gregor
    if (charIn(i + 1, 'CKQ') && !at(i + 1, 'CE', 'CI')) return i + 2;
    return i + 1;
  }

  function consonantG(i: number): number {
    const next = v.charAt(i + 1);
    if (next === 'H') {
      if (i > 0 && !isVowel(i - 1)) {
        add('K');
        return i + 2;
      }
      if (i === 0) {
        add(v.charAt(i + 2) === 'I' ? 'J' : 'K'); // Ghislaine, ghoul
        return i + 2;
      }
      // Parker's rule: silent after B, H, D (Hugh, bough, Broughton).
      if ((i > 1 && charIn(i - 2, 'BHD')) || (i > 2 && charIn(i - 3, 'BHD')) || (i > 3 && charIn(i - 4, 'BH'))) return i + 2;
      if (i > 2 && v.charAt(i - 1) === 'U' && charIn(i - 3, 'CGLRT')) add('F'); // laugh, McLaughlin, tough
      else if (i > 0 && v.charAt(i - 1) !== 'I') add('K');
      return i + 2;
    }
    if (next === 'N') {
      if (i === 1 && isVowel(0) && !slavoGermanic) add('KN', 'N');
      else if (!at(i + 2, 'EY') && !slavoGermanic) add('N', 'KN');
      else add('KN'); // Cagney
      return i + 2;
    }
    if (at(i + 1, 'LI') && !slavoGermanic) {
      add('KL', 'L'); // Tagliaro
      return i + 2;
    }
    // Initial ges-, gep-, gel-, gie-, ger- ...
    if (
      i === 0 &&
      (next === 'Y' || at(i + 1, 'ES', 'EP', 'EB', 'EL', 'EY', 'IB') || at(i + 1, 'IL', 'IN', 'IE', 'EI', 'ER'))
    ) {
      add('K', 'J');
      return i + 2;
    }
    // -ger-, -gy-, but not danger, ranger, manger.
    if ((at(i + 1, 'ER') || next === 'Y') && !at(0, 'DANGER', 'RANGER', 'MANGER') && !charIn(i - 1, 'EI') && !at(i - 1, 'RGY', 'OGY')) {
      add('K', 'J');
      return i + 2;
    }
    // Italian: Biaggi.
    if (charIn(i + 1, 'EIY') || at(i - 1, 'AGGI', 'OGGI')) {
      if (germanic || at(i + 1, 'ET')) add('K');
      else if (at(i + 1, 'IER ')) add('J');
      else add('J', 'K');
      return i + 2;
    }
    add('K');
    return next === 'G' ? i + 2 : i + 1;
  }

  function consonantJ(i: number): number {
    // Spanish: Jose, San Jacinto.
    if (at(i, 'JOSE') || at(0, 'SAN ')) {
      if ((i === 0 && v.charAt(i + 4) === ' ') || at(0, 'SAN ')) add('H');
      else add('J', 'H');
      return i + 1;
    }
    if (i === 0) add('J', 'A'); // Yankelovich / Jankelowicz
    else if (isVowel(i - 1) && !slavoGermanic && charIn(i + 1, 'AO')) add('J', 'H'); // bajador
    else if (i === last) add('J', '');
    else if (!charIn(i + 1, 'LTKSNMBZ') && !charIn(i - 1, 'SKL')) add('J');
    return v.charAt(i + 1) === 'J' ? i + 2 : i + 1;
  }

  function consonantS(i: number): number {
    if (at(i - 1, 'ISL', 'YSL')) return i + 1; // island, Carlisle
    if (i === 0 && at(i, 'SUGAR')) {
      add('X', 'S');
      return i + 1;
    }
    if (at(i, 'SH')) {
      if (at(i + 1, 'HEIM', 'HOEK', 'HOLM', 'HOLZ')) add('S'); // Germanic
      else add('X');
      return i + 2;
    }
    // Italian and Armenian: -sio-, -sia-, -sian.
    if (at(i, 'SIO', 'SIA', 'SIAN')) {
      if (!slavoGermanic) add('S', 'X');
      else add('S');
      return i + 3;
    }
    // Smith ~ Schmidt, Snider ~ Schneider; Slavic -sz-.
    if ((i === 0 && charIn(i + 1, 'MNLW')) || v.charAt(i + 1) === 'Z') {
      add('S', 'X');
      return v.charAt(i + 1) === 'Z' ? i + 2 : i + 1;
    }
    if (at(i, 'SC')) {
      if (v.charAt(i + 2) === 'H') {
        // Dutch: school, schooner; Schermerhorn, Schenker.
        if (at(i + 3, 'OO', 'ER', 'EN', 'UY', 'ED', 'EM')) {
          if (at(i + 3, 'ER', 'EN')) add('X', 'SK');
          else add('SK');
          return i + 3;
        }
        if (i === 0 && !isVowel(3) && v.charAt(3) !== 'W') add('X', 'S');
        else add('X');
        return i + 3;
      }
      if (charIn(i + 2, 'IEY')) add('S');
      else add('SK');
      return i + 3;
    }
    // French final -ais, -ois: Resnais, Artois.
    if (i === last && at(i - 2, 'AI', 'OI')) add('', 'S');
    else add('S');
    return charIn(i + 1, 'SZ') ? i + 2 : i + 1;
  }

  function consonantW(i: number): number {
    if (at(i, 'WR')) {
      add('R');
      return i + 2;
    }
    if (i === 0 && (isVowel(i + 1) || at(i, 'WH'))) {
      if (isVowel(i + 1)) add('A', 'F'); // Wasserman ~ Vasserman
      else add('A');
    }
    // Arnow ~ Arnoff; Polish -ewski.
    if ((i === last && isVowel(i - 1)) || at(i - 1, 'EWSKI', 'EWSKY', 'OWSKI', 'OWSKY') || at(0, 'SCH')) {
      add('', 'F');
      return i + 1;
    }
    if (at(i, 'WICZ', 'WITZ')) {
      add('TS', 'FX'); // Filipowicz
      return i + 4;
    }
    return i + 1;
  }
}

/** Whether two Double Metaphone code pairs share a non-empty code (primary or alternate, either way round). */
export function metaphonesAgree(a: readonly [string, string], b: readonly [string, string]): boolean {
  const [pa, aa] = a;
  const [pb, ab] = b;
  return (pa !== '' && (pa === pb || pa === ab)) || (aa !== '' && (aa === pb || aa === ab));
}
