// Writes a deterministic, realistic CRM contacts export with known duplicates, plus a truth file.
// Usage: node bench/generate-crm-duplicates.mjs ROWS OUT.csv [--dup-rate 0.3] [--seed 7]
//   OUT.csv        Contact ID,First Name,Last Name,Email,Phone,Mobile,Company,Street,City,Postcode,Country,Created
//   OUT.truth.csv  record_id,entity_id (one row per record, same order as OUT.csv)
// Contacts come from US, GB, DE, FR, ES and CN with country-typical names, phones, addresses, postcodes and companies.
// About dup-rate of the records are noisy copies (nicknames, typos, accents dropped, reformatted phones, other email,
// abbreviated streets, missing fields, ...) of an entity; about 2% of the entities are look-alikes (same name and city,
// different person). The first record of an entity in file order is its clean original. Only compact per-entity
// state is kept (every entity is regenerated from its own seed), rows are streamed with backpressure.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// ---------------------------------------------------------------- arguments
function fail(message) {
  process.stderr.write(`${message}\nUsage: node bench/generate-crm-duplicates.mjs ROWS OUT.csv [--dup-rate 0.3] [--seed 7]\n`);
  process.exit(2);
}
const positional = [];
const flags = { 'dup-rate': '0.3', seed: '7' };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a.startsWith('--')) {
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!(key in flags)) fail(`unknown option ${a}`);
    const value = eq > 0 ? a.slice(eq + 1) : process.argv[++i];
    if (value === undefined) fail(`missing value for --${key}`);
    flags[key] = value;
  } else positional.push(a);
}
if (positional.length !== 2) fail('expected ROWS and OUT.csv');
const ROWS = Number(positional[0].replace(/_/g, ''));
if (!Number.isInteger(ROWS) || ROWS < 1) fail(`ROWS must be a positive integer, got ${positional[0]}`);
const OUT = positional[1];
const TRUTH = OUT.toLowerCase().endsWith('.csv') ? `${OUT.slice(0, -4)}.truth.csv` : `${OUT}.truth.csv`;
const DUP_RATE = Number(flags['dup-rate']);
if (!(DUP_RATE >= 0 && DUP_RATE <= 0.8)) fail('--dup-rate must be between 0 and 0.8 (an entity has at most 4 duplicates)');
const SEED = Number(flags.seed) >>> 0;
if (!Number.isFinite(Number(flags.seed))) fail('--seed must be a number');
if (ROWS - Math.round(ROWS * DUP_RATE) < 1 || Math.round(ROWS * DUP_RATE) > 4 * (ROWS - Math.round(ROWS * DUP_RATE))) fail('too few rows for that --dup-rate');

// ---------------------------------------------------------------- PRNG (mulberry32) and helpers
function hash32(a, b) {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b + 0x7f4a7c15) | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
class Rng {
  constructor(seed) {
    this.s = seed | 0;
  }
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), 1 | t);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }
  // index into a pool made by zpool/wpool (frequency-skewed)
  idx(pool) {
    const u = this.next() * pool.total;
    const cum = pool.cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m] <= u) lo = m + 1;
      else hi = m;
    }
    return lo;
  }
  wp(pool) {
    return pool.list[this.idx(pool)];
  }
  other(n, current) {
    // a different index in 0..n-1 (n >= 2)
    const k = this.int(n - 1);
    return k >= current ? k + 1 : k;
  }
}
// Zipf-like pool: list ordered from most to least common.
function zpool(list, s = 0.75) {
  const cum = new Float64Array(list.length);
  let t = 0;
  for (let i = 0; i < list.length; i++) cum[i] = t += 1 / Math.pow(i + 1, s);
  return { list, cum, total: t };
}
function wpool(pairs) {
  const cum = new Float64Array(pairs.length);
  let t = 0;
  for (let i = 0; i < pairs.length; i++) cum[i] = t += pairs[i][1];
  return { list: pairs.map((p) => p[0]), cum, total: t };
}
const split = (s) => s.split('|');
const pad = (n, w) => String(n).padStart(w, '0');
function grp(s, ...sizes) {
  const out = [];
  let i = 0;
  for (const n of sizes) {
    out.push(s.slice(i, i + n));
    i += n;
  }
  if (i < s.length) out.push(s.slice(i));
  return out.join(' ');
}
const pairs2 = (s, sep = ' ') => s.match(/../g).join(sep);

// ---------------------------------------------------------------- names (ordered roughly by frequency)
const EN_M = split('James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Henry|Adam|Peter|Nathan|Zachary|Oliver|Harry|Liam|Douglas|Walter|Philip|Ian|Graham|Neil|Simon|Stuart|Gareth|Declan|Seán');
const EN_F = split('Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Dorothy|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Shirley|Anna|Brenda|Pamela|Emma|Nicole|Helen|Samantha|Katherine|Christine|Rachel|Catherine|Carolyn|Janet|Ruth|Maria|Heather|Diane|Virginia|Julie|Joyce|Victoria|Olivia|Kelly|Christina|Lauren|Joan|Evelyn|Judith|Megan|Andrea|Hannah|Jacqueline|Martha|Gloria|Teresa|Abigail|Alice|Charlotte|Sophie|Chloe|Amelia|Zoë|Siobhán|Niamh');
const US_LAST = split("Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Torres|Nguyen|Hill|Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|Carter|Roberts|Gomez|Phillips|Evans|Turner|Diaz|Parker|Cruz|Edwards|Collins|Reyes|Stewart|Morris|Morales|Murphy|Cook|Rogers|Gutierrez|Ortiz|Morgan|Cooper|Peterson|Bailey|Reed|Kelly|Howard|Ramos|Kim|Cox|Ward|Richardson|Watson|Brooks|Chavez|Wood|James|Bennett|Gray|Mendoza|Ruiz|Hughes|Price|Alvarez|Castillo|Sanders|Patel|Myers|Long|Ross|Foster|O'Brien|McDonald|Schwartz|Kowalski|Van Buren");
const GB_LAST = split("Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|Patel|Jackson|Wood|Turner|Martin|Cooper|Hill|Ward|Morris|Moore|Clark|Lee|King|Baker|Harrison|Morgan|Allen|James|Scott|Phillips|Watson|Davis|Parker|Price|Bennett|Young|Griffiths|Mitchell|Kelly|Cook|Carter|Richardson|Bailey|Collins|Bell|Shaw|Murphy|Miller|Cox|Richards|Khan|Marshall|Anderson|Simpson|Ellis|Adams|Singh|Begum|Wilkinson|Foster|Chapman|Powell|Webb|Rogers|Gray|Mason|Ali|Hunt|Hussain|Campbell|Matthews|Owen|Palmer|Holmes|Mills|Barnes|Knight|Lloyd|Butler|Russell|Barker|Fisher|Stevens|Jenkins|Murray|Dixon|Harvey|O'Connor|McKenzie|Fitzgerald|Ó Súilleabháin");
const DE_M = split('Peter|Michael|Thomas|Andreas|Wolfgang|Klaus|Jürgen|Stefan|Christian|Uwe|Werner|Frank|Hans|Markus|Bernd|Horst|Dieter|Manfred|Matthias|Alexander|Sven|Ralf|Jörg|Martin|Daniel|Tobias|Sebastian|Jan|Florian|Lukas|Johannes|Maximilian|Felix|Jonas|Leon|Paul|Niklas|Friedrich|Helmut|Günter|Karl|Heinz|Rainer|Dirk|Torsten|Benjamin|Björn|Jens|Kai|Mehmet');
const DE_F = split('Ursula|Sabine|Monika|Petra|Claudia|Andrea|Susanne|Gabriele|Birgit|Stefanie|Katharina|Julia|Anna|Laura|Sarah|Lena|Lea|Sophie|Maria|Elisabeth|Christina|Nicole|Sandra|Martina|Heike|Karin|Renate|Brigitte|Ingrid|Jutta|Franziska|Anja|Barbara|Margarete|Silke|Tanja|Melanie|Jana|Hannah|Marie|Charlotte|Emilia|Jessica|Dörte|Ayşe');
const DE_LAST = split('Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Schmitt|Werner|Schmitz|Krause|Meier|Lehmann|Schmid|Schulze|Maier|Köhler|Herrmann|König|Walter|Mayer|Huber|Kaiser|Fuchs|Peters|Lang|Scholz|Möller|Weiß|Jung|Hahn|Schubert|Vogel|Friedrich|Keller|Günther|Frank|Berger|Winkler|Roth|Beck|Lorenz|Baumann|Franke|Albrecht|Schuster|Simon|Ludwig|Böhm|Winter|Kraus|Martin|Schumacher|Krämer|Vogt|Stein|Jäger|Otto|Sommer|Groß|Seidel|Heinrich|Brandt|Haas|Schreiber|Graf|Dietrich|Ziegler|Kühn|Pohl|Engel|Horn|Busch|Bergmann|Voigt|Sauer|Arnold|Wolff|Pfeiffer|Yılmaz|Özdemir|von Bülow|Nowak');
const FR_M = split('Jean|Pierre|Michel|André|Philippe|Alain|Jacques|Bernard|Nicolas|Christophe|Daniel|Patrick|Frédéric|Laurent|Stéphane|Éric|David|Julien|Thomas|Sébastien|Olivier|François|Guillaume|Alexandre|Antoine|Mathieu|Maxime|Lucas|Hugo|Louis|Gabriel|Arthur|Emmanuel|Benoît|Jérôme|Thierry|Jean-Pierre|Jean-Claude|Jean-François|Jean-Baptiste|Raphaël|Clément|Gaël|Loïc');
const FR_F = split('Marie|Nathalie|Isabelle|Sylvie|Catherine|Françoise|Martine|Christine|Monique|Valérie|Sandrine|Stéphanie|Céline|Sophie|Julie|Aurélie|Camille|Léa|Manon|Chloé|Emma|Inès|Sarah|Laura|Caroline|Anne|Hélène|Véronique|Élisabeth|Dominique|Brigitte|Chantal|Virginie|Émilie|Mathilde|Marie-Claire|Anne-Sophie|Élodie|Juliette|Margaux|Zoé|Maëlle');
const FR_LAST = split("Martin|Bernard|Thomas|Petit|Robert|Richard|Durand|Dubois|Moreau|Laurent|Simon|Michel|Lefebvre|Leroy|Roux|David|Bertrand|Morel|Fournier|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|Vincent|Muller|Lefèvre|Faure|André|Mercier|Blanc|Guérin|Boyer|Garnier|Chevalier|François|Legrand|Gauthier|Garcia|Perrin|Robin|Clément|Morin|Nicolas|Henry|Roussel|Mathieu|Gautier|Masson|Marchand|Duval|Denis|Dumont|Lemaire|Noël|Meyer|Dufour|Meunier|Brun|Blanchard|Giraud|Joly|Rivière|Lucas|Brunet|Gaillard|Barbier|Arnaud|Martinez|Gérard|Roche|Renard|Schmitt|Roy|Leroux|Colin|Vidal|Caron|Picard|Roger|Fabre|Aubert|Lemoine|Renaud|Dumas|Lacroix|Olivier|Bourgeois|Benoît|Leclerc|Guillaume|Lecomte|Hubert|Carpentier|Moulin|Deschamps|Fleury|Poirier|Carré|Ménard|Le Gall|Le Goff|Prévost|Lévêque|D'Angelo|Saint-Clair");
const ES_M = split('Antonio|José|Manuel|Francisco|David|Juan|Javier|Daniel|José Antonio|Francisco Javier|Jesús|Alejandro|Carlos|Miguel|Rafael|Pedro|Ángel|Pablo|Sergio|Fernando|Jorge|Luis|Alberto|Álvaro|Diego|Adrián|Raúl|Enrique|Ramón|Vicente|Iván|Rubén|Óscar|Andrés|Joaquín|Santiago|Eduardo|Víctor|Roberto|Ignacio|Jaime|Mario|Marcos|Guillermo|Hugo|Jordi|Iñaki');
const ES_F = split('María Carmen|María|Carmen|Ana María|Laura|Isabel|María Pilar|María Dolores|Josefa|Lucía|Marta|Cristina|Francisca|Elena|Antonia|Dolores|Sara|Paula|Pilar|Raquel|Rosa María|Concepción|Manuela|Mercedes|Julia|Beatriz|Alba|Silvia|Nuria|Irene|Patricia|Rocío|Andrea|Teresa|Montserrat|Rosario|Sofía|Guadalupe|Inmaculada|Ainhoa|Marina|Claudia|Lorena|Noelia|María José');
const ES_LAST = split('García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil|Ramírez|Serrano|Blanco|Molina|Morales|Suárez|Ortega|Delgado|Castro|Ortiz|Rubio|Marín|Sanz|Núñez|Iglesias|Medina|Garrido|Cortés|Castillo|Santos|Lozano|Guerrero|Cano|Prieto|Méndez|Cruz|Calvo|Gallego|Vidal|León|Márquez|Herrera|Peña|Flores|Cabrera|Campos|Vega|Fuentes|Carrasco|Diez|Caballero|Reyes|Nieto|Aguilar|Pascual|Santana|Herrero|Lorenzo|Montero|Hidalgo|Giménez|Ibáñez|Ferrer|Durán|Benítez|Mora|Vargas|Arias|Carmona|Crespo|Román|Pastor|Soto|Sáez|Velasco|Moya|Soler|Parra|Esteban|Bravo|Gallardo|Rojas|Puig|Echeverría|de la Fuente');
// Chinese: [characters, pinyin]
const CN_SUR = split('王 Wang|李 Li|张 Zhang|刘 Liu|陈 Chen|杨 Yang|黄 Huang|赵 Zhao|吴 Wu|周 Zhou|徐 Xu|孙 Sun|马 Ma|朱 Zhu|胡 Hu|郭 Guo|何 He|高 Gao|林 Lin|罗 Luo|郑 Zheng|梁 Liang|谢 Xie|宋 Song|唐 Tang|许 Xu|韩 Han|冯 Feng|邓 Deng|曹 Cao|彭 Peng|曾 Zeng|肖 Xiao|田 Tian|董 Dong|袁 Yuan|潘 Pan|于 Yu|蒋 Jiang|蔡 Cai|余 Yu|杜 Du|叶 Ye|程 Cheng|苏 Su|魏 Wei|吕 Lü|丁 Ding|任 Ren|沈 Shen|欧阳 Ouyang|司马 Sima').map((x) => x.split(' '));
const CN_M = split('伟 Wei|强 Qiang|磊 Lei|军 Jun|洋 Yang|勇 Yong|杰 Jie|涛 Tao|明 Ming|超 Chao|平 Ping|刚 Gang|华 Hua|建华 Jianhua|建国 Jianguo|浩 Hao|宇 Yu|鹏 Peng|辉 Hui|斌 Bin|波 Bo|志强 Zhiqiang|晓明 Xiaoming|俊 Jun|飞 Fei|鑫 Xin|子轩 Zixuan|浩然 Haoran|宇轩 Yuxuan|天佑 Tianyou|国强 Guoqiang|文博 Wenbo').map((x) => x.split(' '));
const CN_F = split('芳 Fang|娜 Na|秀英 Xiuying|敏 Min|静 Jing|丽 Li|艳 Yan|娟 Juan|秀兰 Xiulan|霞 Xia|桂英 Guiying|玲 Ling|婷 Ting|晨 Chen|欣 Xin|雪 Xue|琳 Lin|海燕 Haiyan|红 Hong|颖 Ying|倩 Qian|佳 Jia|子涵 Zihan|梓萱 Zixuan|雨桐 Yutong|欣怡 Xinyi|晓燕 Xiaoyan|丽娟 Lijuan|美玲 Meiling|思琪 Siqi').map((x) => x.split(' '));

const NICK = {};
for (const line of [
  'Robert:Bob,Rob,Bobby,Robbie', 'William:Bill,Will,Billy,Liam', 'Elizabeth:Liz,Beth,Betty,Lizzie,Eliza', 'Margaret:Peggy,Maggie,Meg,Margie',
  'James:Jim,Jimmy,Jamie', 'John:Jack,Johnny', 'Michael:Mike,Mikey,Mick', 'Richard:Rick,Dick,Rich,Ricky', 'Thomas:Tom,Tommy',
  'Charles:Charlie,Chuck,Chas', 'Christopher:Chris,Kit', 'Daniel:Dan,Danny', 'Matthew:Matt', 'Anthony:Tony', 'Joseph:Joe,Joey',
  'David:Dave,Davey', 'Steven:Steve', 'Stephen:Steve', 'Edward:Ed,Ted,Eddie,Ned', 'Andrew:Andy,Drew', 'Jennifer:Jen,Jenny',
  'Patricia:Pat,Patty,Tricia,Trish', 'Katherine:Kate,Kathy,Katie,Kat', 'Catherine:Cathy,Kate,Cat', 'Susan:Sue,Susie', 'Deborah:Deb,Debbie',
  'Rebecca:Becky,Becca', 'Samantha:Sam,Sammy', 'Alexander:Alex,Al,Xander', 'Benjamin:Ben,Benny', 'Nicholas:Nick,Nicky',
  'Jonathan:Jon,Jonny', 'Timothy:Tim,Timmy', 'Kenneth:Ken,Kenny', 'Joshua:Josh', 'Jessica:Jess,Jessie', 'Victoria:Vicky,Tori',
  'Barbara:Barb,Babs', 'Dorothy:Dot,Dottie', 'Christine:Chris,Chrissy', 'Gregory:Greg', 'Ronald:Ron,Ronnie', 'Donald:Don,Donnie',
  'Stephanie:Steph', 'Kimberly:Kim', 'Zachary:Zach,Zack', 'Abigail:Abby,Gail', 'Samuel:Sam', 'Patrick:Pat,Paddy', 'Raymond:Ray',
  'Jacob:Jake', 'Gerald:Gerry', 'Peter:Pete', 'Frank:Frankie', 'Philip:Phil', 'Douglas:Doug', 'Walter:Walt', 'Pamela:Pam',
  'Cynthia:Cindy', 'Kathleen:Kathy,Kath', 'Amanda:Mandy', 'Melissa:Missy,Mel', 'Sandra:Sandy', 'Nancy:Nan', 'Olivia:Liv',
  'Charlotte:Charlie,Lottie', 'Jacqueline:Jackie', 'Judith:Judy', 'Teresa:Terry,Tess', 'Carolyn:Carrie', 'Christina:Tina',
  'Johannes:Hannes,Hans,Jo', 'Wolfgang:Wolf', 'Andreas:Andi', 'Matthias:Matze,Matti', 'Sebastian:Basti', 'Maximilian:Max',
  'Friedrich:Fritz', 'Margarete:Grete', 'Susanne:Susi', 'Gabriele:Gabi', 'Katharina:Kathi,Katja', 'Elisabeth:Lisa,Elli,Sissi',
  'Tobias:Tobi', 'Florian:Flo', 'Franziska:Franzi', 'Stefanie:Steffi', 'Christian:Chris', 'Alexandra:Alex', 'Jürgen:Jürg',
  'Nicolas:Nico', 'Christophe:Chris', 'Frédéric:Fred', 'Alexandre:Alex', 'Emmanuel:Manu', 'Philippe:Phil', 'Mathieu:Mat',
  'Jean-Pierre:JP', 'Jean-François:JF', 'Jean-Baptiste:JB', 'Isabelle:Isa', 'Dominique:Dom', 'Stéphanie:Steph', 'Guillaume:Guillou',
  'Sébastien:Seb', 'Benoît:Ben', 'Raphaël:Raph', 'Véronique:Véro', 'Frédérique:Fred', 'Élisabeth:Babeth,Élise',
  'Francisco:Paco,Fran,Curro,Pancho', 'José:Pepe', 'Manuel:Manolo,Manu', 'Antonio:Toño,Toni', 'Jesús:Chus,Chuy', 'Ignacio:Nacho',
  'Guadalupe:Lupe', 'Dolores:Lola', 'Concepción:Concha,Conchi', 'Rosario:Charo', 'Enrique:Quique', 'Alejandro:Álex,Alex',
  'Javier:Javi', 'Fernando:Fer,Nando', 'Roberto:Beto', 'Eduardo:Edu', 'María José:Majo', 'Cristina:Cris', 'Josefa:Pepa',
  'Guillermo:Memo,Guille', 'Francisca:Paqui,Paca', 'Rafael:Rafa', 'Ramón:Moncho', 'Francisco Javier:Javi,Fran', 'José Antonio:Josean,Toni',
  'Inmaculada:Inma', 'Montserrat:Montse', 'María Dolores:Lola,Loli', 'María Pilar:Pili', 'Santiago:Santi', 'Joaquín:Quino',
]) {
  const [k, v] = line.split(':');
  NICK[k] = v.split(',');
}

// ---------------------------------------------------------------- countries
const STREET_EN = split('Main|Oak|Maple|Washington|Park|Elm|Cedar|Pine|Lake|Hill|Sunset|Lincoln|Jackson|Franklin|Madison|Church|Market|Mission|Highland|Ridge|Spring|Walnut|Chestnut|Willow|River|Center|2nd|3rd|5th|Broad');
const STREET_GB = split('High|Station|Church|Victoria|Park|London|Green|Mill|Manor|Kings|Queens|Albert|York|Windsor|Springfield|Grange|Chapel|North|Mount|Richmond|Alexandra|Stanley|Westfield|Cromwell');
const STREET_DE = split('Haupt|Bahnhof|Schul|Garten|Dorf|Berg|Kirch|Linden|Goethe|Schiller|Mozart|Beethoven|Rosen|Wald|Wiesen|Mühlen|Birken|Eichen|Sonnen|Feld|Industrie|Friedrich-Ebert-|Konrad-Adenauer-|Karl-Marx-|Willy-Brandt-');
const STREET_FR = split("de la République|Victor Hugo|de Paris|Jean Jaurès|de la Gare|Pasteur|du Général de Gaulle|des Lilas|de l'Église|Voltaire|Gambetta|Nationale|de la Paix|des Écoles|du Moulin|Saint-Martin|de Verdun|Émile Zola|Jules Ferry|de la Liberté|Foch|du Château");
const STREET_ES = split('Mayor|Real|de la Constitución|Gran Vía|de Alcalá|San Juan|Cervantes|del Sol|de España|Nueva|de Goya|Serrano|Colón|del Carmen|de Andalucía|de la Paz|San Francisco|de la Iglesia|Santa María|de los Reyes Católicos|Diagonal|Blasco Ibáñez');
const STREET_CN = split('建国 Jianguo|人民 Renmin|中山 Zhongshan|解放 Jiefang|长安 Chang\'an|南京 Nanjing|和平 Heping|新华 Xinhua|文化 Wenhua|胜利 Shengli|东风 Dongfeng|光明 Guangming|友谊 Youyi|青年 Qingnian|科技 Keji|学院 Xueyuan').map((x) => x.split(' '));

const CFG = {
  US: {
    share: 34,
    country: ['US', 'USA', 'United States', 'United States of America', 'U.S.A.'],
    first: [zpool(EN_M), zpool(EN_F)],
    last: zpool(US_LAST, 0.75),
    // [names, area codes, zip3 prefixes]
    cities: [
      [['New York', 'New York City', 'NYC'], ['212', '646', '917', '718'], ['100', '101', '102', '112']],
      [['Los Angeles', 'LA'], ['213', '310', '323', '424'], ['900', '910']],
      [['Chicago'], ['312', '773', '872'], ['606']],
      [['Houston'], ['713', '832', '281'], ['770']],
      [['Phoenix'], ['602', '480'], ['850']],
      [['Philadelphia', 'Philly'], ['215', '267'], ['191']],
      [['San Antonio'], ['210'], ['782']],
      [['San Diego'], ['619', '858'], ['921']],
      [['Dallas'], ['214', '972', '469'], ['752']],
      [['San Francisco', 'SF'], ['415', '628'], ['941']],
      [['Seattle'], ['206'], ['981']],
      [['Boston'], ['617', '857'], ['021']],
      [['Denver'], ['303', '720'], ['802']],
      [['Atlanta'], ['404', '678', '470'], ['303']],
      [['Miami'], ['305', '786'], ['331']],
      [['Austin'], ['512', '737'], ['787']],
      [['Washington', 'Washington, D.C.', 'Washington DC'], ['202'], ['200']],
      [['Portland'], ['503', '971'], ['972']],
      [['Saint Louis', 'St. Louis', 'St Louis'], ['314'], ['631']],
      [['Minneapolis'], ['612'], ['554']],
      [['Newark'], ['973', '862'], ['071']],
    ],
    email: wpool([['gmail.com', 40], ['yahoo.com', 16], ['outlook.com', 8], ['hotmail.com', 9], ['aol.com', 5], ['icloud.com', 6], ['comcast.net', 4], ['msn.com', 2], ['att.net', 2]]),
    companyA: split('Acme|Summit|Pioneer|Northwind|Redwood|Evergreen|Lakeside|Silverline|Keystone|Brightwater|Atlas|Vertex|Horizon|Pinnacle|Granite|Cascade|Liberty|Frontier|Sterling|Apex|Beacon|Cobalt|Meridian|Orion|Sequoia|Blue Ridge|Golden Gate|Iron Peak|Riverbend|Oakmont'),
    companyB: split('Software|Analytics|Logistics|Consulting|Health|Capital|Systems|Labs|Partners|Group|Media|Foods|Energy|Realty|Dental|Insurance|Solutions|Technologies|Manufacturing|Marketing|Construction|Legal'),
    forms: [[' Inc', ' Inc.', ', Inc.', ' Incorporated', ', Inc'], [' LLC', ', LLC', ' L.L.C.', ' Llc'], [' Corp.', ' Corporation', ' Corp', ', Corp.'], [' Co.', ' Company', ' & Co.']],
    formWeights: [45, 35, 14, 6],
    tld: '.com',
    dates: [[1, 40], [0, 20], [8, 10], [5, 15], [6, 10], [4, 5]],
  },
  GB: {
    share: 15,
    country: ['GB', 'UK', 'United Kingdom', 'Great Britain', 'England'],
    first: [zpool(EN_M), zpool(EN_F)],
    last: zpool(GB_LAST, 0.75),
    // [names, area codes (without 0), outward codes]
    cities: [
      [['London'], ['20'], split('E1|E14|EC1A|EC2M|N1|N7|NW1|NW3|SE1|SE10|SW1A|SW11|SW19|W1|W2|W1D|WC1E|WC2H')],
      [['Manchester'], ['161'], split('M1|M2|M4|M13|M14|M20|M21')],
      [['Birmingham'], ['121'], split('B1|B2|B5|B15|B29')],
      [['Glasgow'], ['141'], split('G1|G2|G3|G12|G41')],
      [['Leeds'], ['113'], split('LS1|LS2|LS6|LS11')],
      [['Liverpool'], ['151'], split('L1|L2|L3|L8|L17')],
      [['Bristol'], ['117'], split('BS1|BS2|BS6|BS8')],
      [['Edinburgh'], ['131'], split('EH1|EH2|EH3|EH8|EH10')],
      [['Sheffield'], ['114'], split('S1|S2|S10|S11')],
      [['Cardiff', 'Caerdydd'], ['29'], split('CF10|CF11|CF14|CF24')],
      [['Newcastle upon Tyne', 'Newcastle'], ['191'], split('NE1|NE2|NE6')],
      [['Nottingham'], ['115'], split('NG1|NG2|NG7')],
      [['Oxford'], ['1865'], split('OX1|OX2|OX4')],
      [['Cambridge'], ['1223'], split('CB1|CB2|CB4')],
      [['Brighton', 'Brighton and Hove', 'Brighton & Hove'], ['1273'], split('BN1|BN2|BN3')],
    ],
    email: wpool([['gmail.com', 35], ['hotmail.co.uk', 14], ['yahoo.co.uk', 10], ['btinternet.com', 8], ['outlook.com', 8], ['googlemail.com', 5], ['sky.com', 5], ['live.co.uk', 4], ['icloud.com', 4], ['virginmedia.com', 3]]),
    companyA: split('Acme|Summit|Pioneer|Northwind|Redwood|Evergreen|Lakeside|Silverline|Keystone|Brightwater|Atlas|Vertex|Horizon|Pinnacle|Granite|Thames|Pennine|Albion|Cotswold|Highland|Windsor|Mersey|Clyde|Severn'),
    companyB: split('Software|Analytics|Logistics|Consulting|Healthcare|Capital|Systems|Partners|Group|Media|Foods|Energy|Estates|Dental|Insurance|Solutions|Technologies|Engineering|Recruitment|Lettings|Accountancy'),
    forms: [[' Ltd', ' Ltd.', ' Limited', ' LTD'], [' plc', ' PLC', ' Plc', ' Public Limited Company'], [' LLP', ' L.L.P.']],
    formWeights: [80, 10, 10],
    tld: '.co.uk',
    dates: [[2, 45], [0, 20], [4, 15], [5, 10], [6, 10]],
  },
  DE: {
    share: 16,
    country: ['DE', 'Germany', 'Deutschland', 'GER', 'D'],
    first: [zpool(DE_M), zpool(DE_F)],
    last: zpool(DE_LAST, 0.75),
    // [names, area codes (without 0), [postcode low, high]]
    cities: [
      [['Berlin'], ['30'], [10115, 14199]],
      [['Hamburg'], ['40'], [20095, 22769]],
      [['München', 'Munich', 'Muenchen'], ['89'], [80331, 81929]],
      [['Köln', 'Cologne', 'Koeln'], ['221'], [50667, 51149]],
      [['Frankfurt am Main', 'Frankfurt', 'Frankfurt a. M.', 'Frankfurt/Main'], ['69'], [60306, 65936]],
      [['Stuttgart'], ['711'], [70173, 70619]],
      [['Düsseldorf', 'Duesseldorf'], ['211'], [40210, 40629]],
      [['Leipzig'], ['341'], [4103, 4357]],
      [['Dortmund'], ['231'], [44135, 44388]],
      [['Essen'], ['201'], [45127, 45359]],
      [['Bremen'], ['421'], [28195, 28779]],
      [['Dresden'], ['351'], [1067, 1328]],
      [['Hannover', 'Hanover'], ['511'], [30159, 30669]],
      [['Nürnberg', 'Nuremberg', 'Nuernberg'], ['911'], [90402, 90491]],
      [['Freiburg im Breisgau', 'Freiburg'], ['761'], [79098, 79117]],
      [['Münster', 'Muenster'], ['251'], [48143, 48167]],
    ],
    mobile: split('151|152|157|160|162|163|170|171|172|173|174|175|176|177|178|179'),
    email: wpool([['gmail.com', 22], ['web.de', 22], ['gmx.de', 20], ['t-online.de', 10], ['gmx.net', 8], ['googlemail.com', 5], ['outlook.de', 4], ['yahoo.de', 4], ['freenet.de', 3], ['posteo.de', 2]]),
    companyA: split('Nordlicht|Rheintal|Alpen|Hansa|Elbe|Schwarzwald|Isar|Spree|Weser|Bavaria|Sonnen|Stern|Adler|Falken|Kristall|Eiche|Ostsee|Nordsee|Harz|Rhein-Main'),
    companyB: split('Software|Logistik|Energie|Consulting|Handel|Bau|Medien|Maschinenbau|Immobilien|Versicherungen|Technik|Systeme|Druck|Elektro|Metallbau|Personal|Reisen|Gastronomie|Steuerberatung|Sanitär'),
    forms: [[' GmbH', ' Gmbh', ' GMBH', ' G.m.b.H.', ' Gesellschaft mit beschränkter Haftung'], [' AG', ' Aktiengesellschaft', ' A.G.'], [' GmbH & Co. KG', ' GmbH & Co KG', ' GmbH u. Co. KG'], [' e.K.', ' e. K.', ' eK'], [' UG (haftungsbeschränkt)', ' UG', ' UG (haftungsbeschraenkt)']],
    formWeights: [60, 10, 15, 8, 7],
    tld: '.de',
    dates: [[3, 50], [0, 20], [5, 15], [6, 10], [4, 5]],
  },
  FR: {
    share: 12,
    country: ['FR', 'France', 'FRA', 'République française'],
    first: [zpool(FR_M), zpool(FR_F)],
    last: zpool(FR_LAST, 0.7),
    cities: [
      [['Paris'], ['1'], [75001, 75020]],
      [['Marseille'], ['4'], [13001, 13016]],
      [['Lyon'], ['4'], [69001, 69009]],
      [['Toulouse'], ['5'], split('31000|31100|31200|31300|31400|31500')],
      [['Nice'], ['4'], split('06000|06100|06200|06300')],
      [['Nantes'], ['2'], split('44000|44100|44200|44300')],
      [['Strasbourg'], ['3'], split('67000|67100|67200')],
      [['Montpellier'], ['4'], split('34000|34070|34080|34090')],
      [['Bordeaux'], ['5'], split('33000|33100|33200|33300|33800')],
      [['Lille'], ['3'], split('59000|59160|59260|59800')],
      [['Rennes'], ['2'], split('35000|35200|35700')],
      [['Saint-Étienne', 'St-Étienne', 'Saint-Etienne', 'St Etienne'], ['4'], split('42000|42100')],
      [['Nîmes', 'Nimes'], ['4'], split('30000|30900')],
      [['Orléans', 'Orleans'], ['2'], split('45000|45100')],
      [['Aix-en-Provence', 'Aix en Provence'], ['4'], split('13090|13100')],
    ],
    mobile: ['6', '7'],
    email: wpool([['gmail.com', 30], ['orange.fr', 18], ['free.fr', 12], ['hotmail.fr', 10], ['sfr.fr', 8], ['laposte.net', 7], ['wanadoo.fr', 6], ['yahoo.fr', 6], ['outlook.fr', 3]]),
    companyA: split('Lumière|Atlantique|Provence|Alpes|Bretagne|Soleil|Horizon|Étoile|Riviera|Loire|Azur|Méditerranée|Normandie|Occitane|Vendôme|Champagne|Garonne|Rhône'),
    companyB: split('Conseil|Informatique|Logistique|Énergie|Immobilier|Distribution|Services|Ingénierie|Médias|Transports|Bâtiment|Assurances|Voyages|Nettoyage'),
    forms: [[' SARL', ' S.A.R.L.', ' Sarl', 'SARL '], [' S.A.', ' SA', ' Société Anonyme', 'SA '], [' SAS', ' S.A.S.', ' Sas', 'SAS '], [' EURL', ' E.U.R.L.', 'EURL '], [' SNC', ' S.N.C.']],
    formWeights: [40, 15, 35, 7, 3],
    tld: '.fr',
    dates: [[2, 50], [0, 20], [5, 15], [6, 10], [4, 5]],
  },
  ES: {
    share: 10,
    country: ['ES', 'Spain', 'España', 'Espana', 'ESP'],
    first: [zpool(ES_M), zpool(ES_F)],
    last: zpool(ES_LAST, 0.75),
    cities: [
      [['Madrid'], ['91'], [28001, 28055]],
      [['Barcelona'], ['93'], [8001, 8042]],
      [['Valencia', 'València'], ['96'], [46001, 46026]],
      [['Sevilla', 'Seville'], ['95'], [41001, 41020]],
      [['Zaragoza', 'Saragossa'], ['976'], [50001, 50021]],
      [['Málaga', 'Malaga'], ['952'], [29001, 29018]],
      [['Murcia'], ['968'], [30001, 30012]],
      [['Palma', 'Palma de Mallorca'], ['971'], [7001, 7015]],
      [['Bilbao', 'Bilbo'], ['94'], [48001, 48015]],
      [['Alicante', 'Alacant'], ['965'], [3001, 3016]],
      [['Córdoba', 'Cordoba'], ['957'], [14001, 14014]],
      [['Valladolid'], ['983'], [47001, 47014]],
      [['A Coruña', 'La Coruña', 'Coruña'], ['981'], [15001, 15011]],
    ],
    email: wpool([['gmail.com', 40], ['hotmail.com', 16], ['hotmail.es', 12], ['yahoo.es', 10], ['outlook.es', 6], ['telefonica.net', 6], ['movistar.es', 4], ['icloud.com', 3]]),
    companyA: split('Ibérica|Mediterráneo|Castilla|Atlántico|Sol|Levante|Cantábrico|Andalucía|Sierra|Hispania|Meseta|Galaica|Tajo|Ebro|Guadalquivir'),
    companyB: split('Consultores|Logística|Energía|Inmobiliaria|Distribuciones|Servicios|Ingeniería|Tecnología|Construcciones|Alimentación|Seguros|Transportes'),
    forms: [[' S.L.', ' SL', ' S.L', ', S.L.', ' Sociedad Limitada'], [' S.A.', ' SA', ', S.A.', ' Sociedad Anónima'], [' S.L.U.', ' SLU', ', S.L.U.'], [' S.Coop.', ' S. Coop.', ' Sociedad Cooperativa']],
    formWeights: [60, 20, 15, 5],
    tld: '.es',
    dates: [[2, 50], [0, 20], [5, 15], [6, 10], [4, 5]],
  },
  CN: {
    share: 13,
    country: ['CN', 'China', '中国', 'PRC', "People's Republic of China"],
    // [[chars, chars+市, pinyin], area codes, postcode prefix, districts [chars, pinyin]]
    cities: [
      [['北京', '北京市', 'Beijing'], ['10'], '100', [['朝阳区', 'Chaoyang'], ['海淀区', 'Haidian'], ['东城区', 'Dongcheng']]],
      [['上海', '上海市', 'Shanghai'], ['21'], '200', [['浦东新区', 'Pudong'], ['徐汇区', 'Xuhui'], ['静安区', "Jing'an"]]],
      [['广州', '广州市', 'Guangzhou'], ['20'], '510', [['天河区', 'Tianhe'], ['越秀区', 'Yuexiu']]],
      [['深圳', '深圳市', 'Shenzhen'], ['755'], '518', [['南山区', 'Nanshan'], ['福田区', 'Futian']]],
      [['成都', '成都市', 'Chengdu'], ['28'], '610', [['武侯区', 'Wuhou'], ['锦江区', 'Jinjiang']]],
      [['杭州', '杭州市', 'Hangzhou'], ['571'], '310', [['西湖区', 'Xihu'], ['上城区', 'Shangcheng']]],
      [['重庆', '重庆市', 'Chongqing'], ['23'], '400', [['渝中区', 'Yuzhong'], ['江北区', 'Jiangbei']]],
      [['武汉', '武汉市', 'Wuhan'], ['27'], '430', [['江汉区', 'Jianghan'], ['武昌区', 'Wuchang']]],
      [['南京', '南京市', 'Nanjing'], ['25'], '210', [['鼓楼区', 'Gulou'], ['玄武区', 'Xuanwu']]],
      [['天津', '天津市', 'Tianjin'], ['22'], '300', [['和平区', 'Heping'], ['南开区', 'Nankai']]],
      [['西安', '西安市', "Xi'an"], ['29'], '710', [['雁塔区', 'Yanta'], ['碑林区', 'Beilin']]],
      [['苏州', '苏州市', 'Suzhou'], ['512'], '215', [['姑苏区', 'Gusu'], ['吴中区', 'Wuzhong']]],
    ],
    mobile: split('138|139|137|136|135|134|150|151|152|158|159|186|187|188|189|185|133|153|180|181|177|199|130|131|132|155|156'),
    email: wpool([['qq.com', 38], ['163.com', 22], ['126.com', 10], ['gmail.com', 9], ['sina.com', 7], ['foxmail.com', 5], ['hotmail.com', 4], ['outlook.com', 3], ['139.com', 2]]),
    companyA: split('华信 Huaxin|东方 Dongfang|长城 Changcheng|天和 Tianhe|金龙 Jinlong|恒通 Hengtong|宏达 Hongda|新世纪 Xinshiji|中科 Zhongke|盛世 Shengshi|瑞丰 Ruifeng|鑫源 Xinyuan|博远 Boyuan|明辉 Minghui|永安 Yongan|光华 Guanghua').map((x) => x.split(' ')),
    companyB: [['科技', 'Technology', 'Tech'], ['贸易', 'Trading', 'Trade'], ['电子', 'Electronics', 'Electronic'], ['物流', 'Logistics', 'Logistic'], ['实业', 'Industrial', 'Industry'], ['网络', 'Network', 'Networks'], ['投资', 'Investment', 'Invest'], ['建设', 'Construction', 'Constr.'], ['医药', 'Pharmaceutical', 'Pharma'], ['信息技术', 'Information Technology', 'IT']],
    forms: [['有限公司', '有限责任公司'], ['股份有限公司']],
    formsEn: [' Co., Ltd.', ' Co. Ltd', ' Co.,Ltd.', ' Company Limited', ' Ltd.', ' Co., Ltd'],
    formWeights: [80, 20],
    tld: '.com.cn',
    dates: [[7, 35], [0, 30], [5, 20], [6, 10], [9, 5]],
  },
};
for (const c of Object.keys(CFG)) {
  const C = CFG[c];
  C.cityPool = zpool(C.cities, 1.0);
  C.countryPool = zpool(C.country, 1.3);
  C.formPool = wpool(C.forms.map((f, i) => [i, C.formWeights[i]]));
  C.datePool = wpool(C.dates);
}
const COUNTRY_POOL = wpool(Object.keys(CFG).map((c) => [c, CFG[c].share]));
const CN_SUR_POOL = zpool(CN_SUR, 0.85);
const CN_GIV = [zpool(CN_M, 0.8), zpool(CN_F, 0.8)];
const CN_STYLE = wpool([[0, 40], [1, 10], [2, 40], [3, 10]]); // chars split, chars in Last, pinyin, pinyin swapped

// ---------------------------------------------------------------- phones
// number = { a: area/prefix without trunk 0, s: subscriber digits, m: mobile }
const tr = (n) => (n.m && n.c === 'CN' ? '' : '0');
const PHONE = {
  US: {
    cc: '1',
    nat: [(n) => `(${n.a}) ${n.s.slice(0, 3)}-${n.s.slice(3)}`, (n) => `${n.a}-${n.s.slice(0, 3)}-${n.s.slice(3)}`, (n) => `${n.a}.${n.s.slice(0, 3)}.${n.s.slice(3)}`, (n) => `${n.a}${n.s}`, (n) => `1-${n.a}-${n.s.slice(0, 3)}-${n.s.slice(3)}`, (n) => `${n.a} ${n.s.slice(0, 3)} ${n.s.slice(3)}`],
    intl: [(n) => `+1 ${n.a} ${n.s.slice(0, 3)} ${n.s.slice(3)}`, (n) => `+1 (${n.a}) ${n.s.slice(0, 3)}-${n.s.slice(3)}`, (n) => `+1-${n.a}-${n.s.slice(0, 3)}-${n.s.slice(3)}`, (n) => `+1${n.a}${n.s}`, (n) => `001 ${n.a} ${n.s.slice(0, 3)} ${n.s.slice(3)}`],
  },
  GB: {
    cc: '44',
    nat: [(n) => `0${n.a} ${gbSub(n)}`, (n) => `0${n.a}${n.s}`, (n) => `(0${n.a}) ${gbSub(n)}`],
    intl: [(n) => `+44 ${n.a} ${gbSub(n)}`, (n) => `+44 (0)${n.a} ${gbSub(n)}`, (n) => `0044 ${n.a} ${gbSub(n)}`, (n) => `+44${n.a}${n.s}`],
  },
  DE: {
    cc: '49',
    nat: [(n) => `0${n.a} ${n.s}`, (n) => `0${n.a}/${n.s}`, (n) => `(0${n.a}) ${n.s}`, (n) => `0${n.a}-${n.s}`, (n) => `0${n.a} / ${n.s}`, (n) => `0${n.a}${n.s}`],
    intl: [(n) => `+49 ${n.a} ${n.s}`, (n) => `+49 (0)${n.a} ${n.s}`, (n) => `0049 ${n.a} ${n.s}`, (n) => `+49${n.a}${n.s}`, (n) => `+49-${n.a}-${n.s}`],
  },
  FR: {
    cc: '33',
    nat: [(n) => pairs2(`0${n.a}${n.s}`), (n) => pairs2(`0${n.a}${n.s}`, '.'), (n) => `0${n.a}${n.s}`, (n) => pairs2(`0${n.a}${n.s}`, '-')],
    intl: [(n) => `+33 ${n.a} ${pairs2(n.s)}`, (n) => `+33 (0)${n.a} ${pairs2(n.s)}`, (n) => `0033 ${n.a} ${pairs2(n.s)}`, (n) => `+33${n.a}${n.s}`],
  },
  ES: {
    cc: '34',
    nat: [(n) => grp(n.a + n.s, 3, 3, 3), (n) => (n.m ? grp(n.a + n.s, 3, 2, 2, 2) : grp(n.a + n.s, 2, 3, 2, 2)), (n) => n.a + n.s],
    intl: [(n) => `+34 ${grp(n.a + n.s, 3, 3, 3)}`, (n) => `0034 ${n.a}${n.s}`, (n) => `+34${n.a}${n.s}`, (n) => `(+34) ${grp(n.a + n.s, 3, 2, 2, 2)}`],
  },
  CN: {
    cc: '86',
    nat: [(n) => `${tr(n)}${n.a} ${grp(n.s, 4, 4)}`, (n) => `${tr(n)}${n.a}-${n.s}`, (n) => (n.m ? `${n.a}${n.s}` : `(0${n.a}) ${n.s}`), (n) => `${tr(n)}${n.a}${n.s}`],
    intl: [(n) => `+86 ${n.a} ${grp(n.s, 4, 4)}`, (n) => `+86-${n.a}-${n.s}`, (n) => `0086 ${n.a}${n.s}`, (n) => `+86${n.a}${n.s}`],
  },
};
function gbSub(n) {
  if (n.a.length === 2) return grp(n.s, 4, 4);
  if (n.a.length === 3) return grp(n.s, 3, 4);
  return n.s;
}
function newNumber(c, r, city, mobile) {
  let a;
  let s;
  switch (c) {
    case 'US':
      a = r.pick(city[1]);
      s = 2 + r.int(8) + r.digits(6);
      break;
    case 'GB':
      if (mobile) {
        a = `7${300 + r.int(700)}`;
        s = r.digits(6);
      } else {
        a = r.pick(city[1]);
        s = (a === '20' ? r.pick(['3', '7', '8']) : 2 + r.int(8)) + r.digits(9 - a.length);
      }
      break;
    case 'DE':
      a = mobile ? r.pick(CFG.DE.mobile) : r.pick(city[1]);
      s = 1 + r.int(9) + r.digits(mobile ? 6 + r.int(2) : a.length === 2 ? 6 + r.int(2) : 5 + r.int(2));
      break;
    case 'FR':
      a = mobile ? r.pick(CFG.FR.mobile) : r.pick(city[1]);
      s = r.digits(8);
      break;
    case 'ES':
      a = mobile ? `6${r.digits(2)}` : r.pick(city[1]);
      s = 1 + r.int(9) + r.digits(8 - a.length);
      break;
    default:
      a = mobile ? r.pick(CFG.CN.mobile) : r.pick(city[1]);
      s = mobile ? r.digits(8) : 2 + r.int(7) + r.digits(a.length === 2 ? 7 : 7);
  }
  const P = PHONE[c];
  // mostly national, sometimes international
  const st = r.chance(0.8) ? (r.chance(0.7) ? 0 : r.int(P.nat.length)) : P.nat.length + r.int(P.intl.length);
  return { c, a, s, m: mobile, st };
}
function fmtPhone(n) {
  const P = PHONE[n.c];
  return n.st < P.nat.length ? P.nat[n.st](n) : P.intl[n.st - P.nat.length](n);
}

// ---------------------------------------------------------------- text noise
const KB = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEAR = {};
for (let row = 0; row < 3; row++) {
  for (let i = 0; i < KB[row].length; i++) {
    const n = [];
    if (i > 0) n.push(KB[row][i - 1]);
    if (i < KB[row].length - 1) n.push(KB[row][i + 1]);
    if (row > 0 && KB[row - 1][i]) n.push(KB[row - 1][i]);
    if (row < 2 && KB[row + 1][i]) n.push(KB[row + 1][i]);
    NEAR[KB[row][i]] = n.join('');
  }
}
const CJK = /[\u3400-\u9fff]/;
function typo(s, r) {
  if (!s || CJK.test(s)) return s;
  const ch = Array.from(s);
  if (ch.length < 3) return s;
  const p = 1 + r.int(ch.length - 2);
  switch (r.int(4)) {
    case 0: {
      const lower = ch[p].toLowerCase();
      const near = NEAR[lower];
      if (!near) return s;
      const rep = near[r.int(near.length)];
      ch[p] = ch[p] === lower ? rep : rep.toUpperCase();
      break;
    }
    case 1:
      ch.splice(p, 1);
      break;
    case 2:
      ch.splice(p, 0, ch[p]);
      break;
    default: {
      if (ch[p + 1] === undefined) return s;
      const t = ch[p];
      ch[p] = ch[p + 1];
      ch[p + 1] = t;
    }
  }
  return ch.join('');
}
const GERMAN = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
const NON_ASCII = /[^\x00-\x7f]/;
function deaccent(s, german) {
  if (!NON_ASCII.test(s) || CJK.test(s)) return s;
  if (german) s = s.replace(/[äöüÄÖÜß]/g, (m) => GERMAN[m]);
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ı/g, 'i').replace(/ø/g, 'o');
}
function slug(s, german) {
  return deaccent(s.toLowerCase(), german).replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------- streets, postcodes, companies, emails, dates
function newStreet(c, r, city) {
  const unit = r.chance(0.12);
  switch (c) {
    case 'US':
      return { c, n: r.pick(STREET_EN), t: r.int(8), no: String(1 + r.int(r.chance(0.5) ? 200 : 9000)), u: unit ? String(1 + r.int(30)) + r.pick(['', 'A', 'B', 'C']) : '', ab: r.int(3) };
    case 'GB':
      return { c, n: r.pick(STREET_GB), t: r.int(9), no: String(1 + r.int(r.chance(0.7) ? 80 : 400)), u: unit ? String(1 + r.int(20)) : '', ab: r.chance(0.75) ? 0 : 1 };
    case 'DE':
      return { c, n: r.pick(STREET_DE), t: r.chance(0.7) ? 0 : 1 + r.int(4), no: String(1 + r.int(r.chance(0.7) ? 60 : 250)) + (r.chance(0.08) ? r.pick(['a', 'b', 'c']) : ''), u: '', ab: r.chance(0.65) ? 0 : 1 + r.int(3) };
    case 'FR':
      return { c, n: r.pick(STREET_FR), t: r.chance(0.6) ? 0 : 1 + r.int(6), no: String(1 + r.int(r.chance(0.7) ? 60 : 200)) + (r.chance(0.05) ? ' bis' : ''), u: '', ab: r.chance(0.7) ? 0 : 1 + r.int(2) };
    case 'ES':
      return { c, n: r.pick(STREET_ES), t: r.chance(0.6) ? 0 : 1 + r.int(5), no: String(1 + r.int(r.chance(0.7) ? 60 : 300)), u: r.chance(0.6) ? `${1 + r.int(9)}º ${r.pick(['A', 'B', 'C', 'D', '1ª', '2ª', 'izq.', 'dcha.'])}` : '', ab: r.chance(0.6) ? 0 : 1 + r.int(2) };
    default:
      return { c, n: r.int(STREET_CN.length), d: r.int(city[3].length), t: r.int(3), no: String(1 + r.int(r.chance(0.7) ? 200 : 999)), u: unit ? `${1 + r.int(30)}${pad(1 + r.int(20), 2)}` : '', ab: r.int(2), ci: 0 };
  }
}
const US_T = [['Street', 'St.', 'St'], ['Avenue', 'Ave.', 'Ave'], ['Road', 'Rd.', 'Rd'], ['Boulevard', 'Blvd.', 'Blvd'], ['Drive', 'Dr.', 'Dr'], ['Lane', 'Ln.', 'Ln'], ['Court', 'Ct.', 'Ct'], ['Place', 'Pl.', 'Pl']];
const GB_T = [['Road', 'Rd'], ['Street', 'St'], ['Lane', 'Ln'], ['Avenue', 'Ave'], ['Close', 'Cl'], ['Gardens', 'Gdns'], ['Crescent', 'Cres'], ['Drive', 'Dr'], ['Terrace', 'Ter']];
const DE_T = [['straße', 'str.', 'strasse', 'Str.'], ['weg', 'weg', 'weg', 'weg'], ['allee', 'allee', 'allee', 'Allee'], ['platz', 'pl.', 'platz', 'Platz'], ['ring', 'ring', 'ring', 'Ring']];
const FR_T = [['rue', 'r.', 'Rue'], ['avenue', 'av.', 'Av.'], ['boulevard', 'bd', 'Bd'], ['place', 'pl.', 'Place'], ['chemin', 'ch.', 'Chemin'], ['allée', 'all.', 'Allée'], ['impasse', 'imp.', 'Impasse']];
const ES_T = [['Calle', 'C/', 'c/'], ['Avenida', 'Avda.', 'Av.'], ['Plaza', 'Pza.', 'Pl.'], ['Paseo', 'Pº', 'P.º'], ['Camino', 'Cmno.', 'Cno.'], ['Ronda', 'Rda.', 'Rda']];
function fmtStreet(st, script, city) {
  switch (st.c) {
    case 'US': {
      const s = `${st.no} ${st.n} ${US_T[st.t][st.ab]}`;
      return st.u ? (st.ab === 0 ? `${s}, Apt ${st.u}` : st.ab === 1 ? `${s} Apt. ${st.u}` : `${s} #${st.u}`) : s;
    }
    case 'GB': {
      const s = `${st.no} ${st.n} ${GB_T[st.t][st.ab]}`;
      return st.u ? (st.ab === 0 ? `Flat ${st.u}, ${s}` : `Flat ${st.u}\n${s}`) : s;
    }
    case 'DE': {
      let name;
      const t = DE_T[st.t][st.ab];
      if (st.n.endsWith('-')) name = st.n + t.charAt(0).toUpperCase() + t.slice(1);
      else if (st.ab === 3 && st.t !== 1 && st.t !== 4) name = `${st.n} ${t}`; // "Haupt Str."
      else name = st.n + (st.ab === 3 ? DE_T[st.t][0] : t);
      return `${name} ${st.no}`;
    }
    case 'FR':
      return `${st.no}${st.ab === 2 ? ',' : ''} ${FR_T[st.t][st.ab]} ${st.n}`;
    case 'ES': {
      const t = ES_T[st.t][st.ab];
      return st.ab === 0 ? `${t} ${st.n}, ${st.no}${st.u ? `, ${st.u}` : ''}` : `${t} ${st.n} ${st.no}${st.u ? ` ${st.u.replace(' ', '')}` : ''}`;
    }
    default: {
      const road = STREET_CN[st.n];
      const dist = city[3][st.d];
      const roadType = [['路', 'Road', 'Rd'], ['街', 'Street', 'St'], ['大道', 'Avenue', 'Ave']][st.t];
      if (script) return `${dist[0]}${road[0]}${roadType[0]}${st.no}号${st.u ? `${st.u}室` : ''}`;
      const base = st.ab === 0 ? `No. ${st.no} ${road[1]} ${roadType[1]}` : `${st.no} ${road[1]} ${roadType[2]}`;
      return `${st.u ? `Room ${st.u}, ` : ''}${base}, ${dist[1]} District`;
    }
  }
}
const STREET_VARIANTS = { US: 3, GB: 2, DE: 4, FR: 3, ES: 3, CN: 2 };
const GB_IN = 'ABDEFGHJLNPQRSTUWXYZ';
function newPostcode(c, r, city) {
  switch (c) {
    case 'US':
      return city[2][r.int(city[2].length)] + r.digits(2) + (r.chance(0.08) ? `-${r.digits(4)}` : '');
    case 'GB':
      return `${r.pick(city[2])} ${1 + r.int(9)}${GB_IN[r.int(20)]}${GB_IN[r.int(20)]}`;
    case 'CN':
      return city[2] + r.int(3) + r.digits(1) + (r.chance(0.6) ? '0' : r.digits(1));
    default: {
      const spec = city[2];
      if (typeof spec[0] === 'string') return r.pick(spec);
      return pad(spec[0] + r.int(spec[1] - spec[0] + 1), 5);
    }
  }
}
function newCompany(c, r) {
  const C = CFG[c];
  if (c === 'CN') {
    const form = r.idx(C.formPool);
    return { c, a: r.int(C.companyA.length), b: r.int(C.companyB.length), f: form, v: r.int(C.forms[form].length), ev: r.chance(0.7) ? 0 : r.int(C.formsEn.length), bv: r.chance(0.8) ? 1 : 2, city: r.chance(0.6), up: false, nf: false };
  }
  const form = r.idx(C.formPool);
  // some companies are named after a family (DE/FR/ES/GB): "Bergmann Bau GmbH"
  const person = c !== 'US' && r.chance(0.2) ? C.last.list[r.idx(C.last)] : null;
  return { c, a: person ?? C.companyA[r.int(C.companyA.length)], b: r.int(C.companyB.length), f: form, v: r.chance(0.7) ? 0 : r.int(C.forms[form].length), up: false, nf: false, p: !!person };
}
function companyBase(co) {
  const C = CFG[co.c];
  if (co.c === 'ES' || (co.c === 'FR' && co.p)) return `${C.companyB[co.b]} ${co.a}`;
  return `${co.a} ${C.companyB[co.b]}`;
}
function fmtCompany(co, script, city) {
  const C = CFG[co.c];
  if (co.c === 'CN') {
    const A = C.companyA[co.a];
    const B = C.companyB[co.b];
    if (script) return `${co.city ? city[0][0] : ''}${A[0]}${B[0]}${co.nf ? '' : C.forms[co.f][co.v % C.forms[co.f].length]}`;
    const base = `${co.city ? `${city[0][2]} ` : ''}${A[1]} ${B[co.bv]}`;
    return (co.up ? base.toUpperCase() : base) + (co.nf ? '' : C.formsEn[co.ev]);
  }
  let base = companyBase(co);
  if (co.up) base = base.toUpperCase();
  if (co.nf) return base;
  const form = C.forms[co.f][co.v];
  return form.endsWith(' ') ? form + base : base + form;
}
function companyDomain(co) {
  const C = CFG[co.c];
  if (co.c === 'CN') return `${slug(C.companyA[co.a][1])}${slug(C.companyB[co.b][2])}${C.tld}`;
  return `${slug(co.a, co.c === 'DE')}${slug(C.companyB[co.b], co.c === 'DE')}${C.tld}`;
}
// A mailbox belongs to one person: two namesakes never share an address (ignoring case and dots, as the
// providers that route them do), or the truth would call one mailbox two people. Entities are regenerated
// from their seed for every record, so the owner is remembered, not just the address.
const MAILBOX_OWNER = new Map();
const mailboxKey = (email) => email.toLowerCase().replace(/\.(?=[^@]*@)/g, '');
function newEmail(r, c, first, last, co, avoid, owner) {
  const C = CFG[c];
  const german = c === 'DE';
  let f = slug(first.split(/[ -]/)[0], german);
  const fFull = slug(first, german);
  let l = slug(last, german);
  if (!l) l = 'x';
  if (!f) f = l;
  let domain;
  const work = co && r.chance(0.22);
  if (work) domain = companyDomain(co);
  else domain = r.wp(C.email);
  let local;
  if (domain === 'qq.com' && r.chance(0.75)) local = String(1 + r.int(9)) + r.digits(5 + r.int(5));
  else if (work) {
    const k = r.int(10);
    local = k < 5 ? `${f}.${l}` : k < 7 ? `${f[0]}.${l}` : k < 9 ? `${f[0]}${l}` : f;
  } else {
    const k = r.int(100);
    const yy = r.chance(0.5) ? String(60 + r.int(40)) : String(1960 + r.int(45));
    if (k < 28) local = `${fFull}.${l}`;
    else if (k < 40) local = `${fFull}${l}`;
    else if (k < 48) local = `${f[0]}.${l}`;
    else if (k < 56) local = `${f[0]}${l}`;
    else if (k < 62) local = `${fFull}_${l}`;
    else if (k < 72) local = `${fFull}.${l}${r.digits(1 + r.int(2))}`;
    else if (k < 80) local = `${fFull}${yy}`;
    else if (k < 85) local = `${l}.${fFull}`;
    else if (k < 89) local = `${l}${f[0]}`;
    else if (k < 93) local = `${fFull}${l}${yy}`;
    else local = `${r.pick(['the', 'mr', 'real', 'its', 'hello', 'contact'])}${l}${r.digits(2)}`;
  }
  let email = `${local}@${domain}`;
  if (avoid && email === avoid) email = `${local}${r.digits(3)}@${domain}`;
  for (;;) {
    const held = MAILBOX_OWNER.get(mailboxKey(email));
    if (held === undefined || held === owner) break;
    email = `${local}${r.digits(2 + r.int(3))}@${domain}`;
  }
  MAILBOX_OWNER.set(mailboxKey(email), owner);
  return email;
}
const MON = split('Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec');
const DAY0 = Date.UTC(2015, 0, 1);
const MAX_DAY = Math.floor((Date.UTC(2025, 5, 30) - DAY0) / 86400000);
function fmtDate(day, sec, f) {
  const d = new Date(DAY0 + day * 86400000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const dd = d.getUTCDate();
  const time = () => `${pad(Math.floor(sec / 3600), 2)}:${pad(Math.floor(sec / 60) % 60, 2)}:${pad(sec % 60, 2)}`;
  switch (f) {
    case 0: return `${y}-${pad(m, 2)}-${pad(dd, 2)}`;
    case 1: return `${pad(m, 2)}/${pad(dd, 2)}/${y}`;
    case 2: return `${pad(dd, 2)}/${pad(m, 2)}/${y}`;
    case 3: return `${pad(dd, 2)}.${pad(m, 2)}.${y}`;
    case 4: return `${dd} ${MON[m - 1]} ${y}`;
    case 5: return `${y}-${pad(m, 2)}-${pad(dd, 2)} ${time()}`;
    case 6: return `${y}-${pad(m, 2)}-${pad(dd, 2)}T${time()}Z`;
    case 7: return `${y}/${pad(m, 2)}/${pad(dd, 2)}`;
    case 8: return `${MON[m - 1]} ${dd}, ${y}`;
    default: return `${y}年${m}月${dd}日`;
  }
}

// ---------------------------------------------------------------- entities
// empty-in-original bits
const F_FIRST = 1, F_EMAIL = 2, F_PHONE = 4, F_MOBILE = 8, F_COMPANY = 16, F_STREET = 32, F_CITY = 64, F_POST = 128, F_COUNTRY = 256, F_CREATED = 512;
const EMPTY_P = [[F_FIRST, 0.02], [F_EMAIL, 0.08], [F_PHONE, 0.1], [F_MOBILE, 0.14], [F_COMPANY, 0.12], [F_STREET, 0.09], [F_CITY, 0.05], [F_POST, 0.08], [F_COUNTRY, 0.07], [F_CREATED, 0.03]];

function cnNames(ent) {
  const sur = CN_SUR[ent.sur];
  const giv = CN_GIV[ent.g].list[ent.giv];
  let gp = giv[1];
  if (ent.gsplit && giv[0].length === 2) {
    // "Xiuying" -> "Xiu Ying" / "Xiu-Ying" / "XiuYing"
    const m = gp.match(/^(.[^aeiouü]*[aeiouü]+(?:ng|n(?![aeiou]))?)(.+)$/);
    if (m) gp = m[1] + [' ', '-', ''][ent.gsplit - 1] + (ent.gsplit === 3 || ent.gsplit === 1 ? m[2][0].toUpperCase() + m[2].slice(1) : m[2]);
  }
  switch (ent.style) {
    case 0: return [giv[0], sur[0]];
    case 1: return ['', sur[0] + giv[0]];
    case 2: return [gp, sur[1]];
    default: return [sur[1], gp];
  }
}

function genEntity(e) {
  const r = new Rng(hash32(SEED, e));
  const tw = twinOf[e];
  const base = tw >= 0 ? genEntity(tw) : null;
  const c = base ? base.c : r.wp(COUNTRY_POOL);
  const C = CFG[c];
  const ent = { c, e };
  ent.g = base ? base.g : r.int(2);
  if (c === 'CN') {
    ent.sur = base ? base.sur : r.idx(CN_SUR_POOL);
    ent.giv = base ? base.giv : r.idx(CN_GIV[ent.g]);
    ent.style = base ? base.style : r.wp(CN_STYLE);
    ent.gsplit = 0;
    ent.script = ent.style < 2 ? r.chance(0.75) : r.chance(0.12);
    const [f, l] = cnNames(ent);
    const pin = [CN_GIV[ent.g].list[ent.giv][1], CN_SUR[ent.sur][1]];
    ent.first = f;
    ent.last = l;
    ent.pin = pin;
    ent.rank = ent.sur;
  } else {
    ent.firstI = base ? base.firstI : r.idx(C.first[ent.g]);
    ent.first = C.first[ent.g].list[ent.firstI];
    ent.rank = base ? base.rank : r.idx(C.last);
    ent.last = C.last.list[ent.rank];
    if (c === 'ES') {
      ent.last2 = base ? base.last2 : C.last.list[r.idx(C.last)];
      ent.show2 = base ? base.show2 : r.chance(0.6);
    }
    ent.script = false;
  }
  ent.ci = base ? base.ci : r.idx(C.cityPool);
  const city = C.cities[ent.ci];
  ent.cv = c === 'CN' ? (ent.script ? r.int(2) : 2) : r.chance(0.9) ? 0 : r.int(city[0].length);
  if (base) ent.cv = base.cv;
  ent.pc = newPostcode(c, r, city);
  ent.st = newStreet(c, r, city);
  ent.ph = newNumber(c, r, city, false);
  ent.mo = newNumber(c, r, city, true);
  ent.co = newCompany(c, r);
  ent.coScript = c === 'CN' && (ent.script ? r.chance(0.7) : r.chance(0.1));
  const [ef, el] = c === 'CN' ? ent.pin : [ent.first, c === 'ES' && ent.show2 && r.chance(0.3) ? `${ent.last}${ent.last2}` : ent.last];
  ent.email = newEmail(r, c, ef, el, ent.co, base ? base.email : null, e);
  if (base && ent.email === base.email) ent.email = `x${ent.email}`;
  ent.cs = r.idx(C.countryPool);
  ent.day = r.int(MAX_DAY - 400);
  ent.sec = r.int(86400);
  ent.df = r.wp(C.datePool);
  let empty = 0;
  for (const [bit, p] of EMPTY_P) if (r.chance(p)) empty |= bit;
  ent.empty = empty;
  ent.up = r.chance(0.015) ? 1 : r.chance(0.015) ? 2 : 0; // original typed in caps / lower case
  return ent;
}

// ---------------------------------------------------------------- rendering
function caseName(s, mode) {
  return mode === 1 ? s.toUpperCase() : mode === 2 ? s.toLowerCase() : s;
}
function render(ent, d) {
  // ent: entity (or noisy copy); returns 11 field strings (without id)
  const C = CFG[ent.c];
  const city = C.cities[ent.ci];
  let first;
  let last;
  if (ent.c === 'CN') [first, last] = cnNames(ent);
  else {
    first = ent.first;
    last = ent.c === 'ES' && ent.show2 ? `${ent.last} ${ent.last2}` : ent.last;
  }
  const empty = ent.empty;
  return [
    empty & F_FIRST ? '' : caseName(first, ent.up),
    caseName(last, ent.up),
    empty & F_EMAIL ? '' : ent.email,
    empty & F_PHONE ? '' : fmtPhone(ent.ph),
    empty & F_MOBILE ? '' : fmtPhone(ent.mo),
    empty & F_COMPANY ? '' : fmtCompany(ent.co, ent.coScript, city),
    empty & F_STREET ? '' : fmtStreet(ent.st, ent.script, city),
    empty & F_CITY ? '' : city[0][ent.cv],
    empty & F_POST ? '' : ent.pc,
    empty & F_COUNTRY ? '' : C.country[ent.cs],
    empty & F_CREATED ? '' : fmtDate(ent.day, ent.sec, ent.df),
  ];
}

const TAGS = split('crm|news|shop|work|promo|2020|newsletter|orders');
const EMAIL_TYPOS = [['gmail.com', 'gmial.com'], ['gmail.com', 'gmail.con'], ['hotmail.com', 'hotmial.com'], ['yahoo.com', 'yaho.com'], ['web.de', 'wed.de'], ['gmx.de', 'gmx.net'], ['orange.fr', 'ornage.fr'], ['qq.com', 'qq.con'], ['163.com', '136.com']];
function dupOf(ent, r) {
  const d = { ...ent };
  const C = CFG[d.c];
  const city = C.cities[d.ci];
  // fields empty in the original are filled in about half the duplicates; others go missing independently
  let empty = 0;
  for (const [bit, p] of EMPTY_P) {
    if (ent.empty & bit) {
      if (r.chance(0.5)) empty |= bit;
    } else if (r.chance(bit === F_FIRST ? 0.02 : bit === F_MOBILE ? 0.2 : bit === F_COMPANY ? 0.12 : bit === F_EMAIL ? 0.1 : bit === F_PHONE ? 0.1 : bit === F_POST ? 0.1 : p)) empty |= bit;
  }
  d.empty = empty;
  d.up = 0;
  // names
  if (d.c === 'CN') {
    if (r.chance(0.3)) d.style = r.other(4, d.style);
    if (d.style >= 2 && r.chance(0.15)) d.gsplit = 1 + r.int(3);
    if (r.chance(0.2)) d.script = !d.script;
  } else {
    const nick = NICK[d.first];
    if (nick && r.chance(0.22)) d.first = r.pick(nick);
    if (d.c === 'ES' && r.chance(0.25)) d.show2 = !d.show2;
  }
  // contact data
  if (r.chance(0.1)) {
    d.cv = d.c === 'CN' ? (d.script ? r.int(2) : 2) : r.int(city[0].length);
  } else if (d.c === 'CN') d.cv = d.script ? d.cv % 2 : 2;
  if (r.chance(0.12)) d.pc = newPostcode(d.c, r, city);
  if (r.chance(0.3)) d.st = { ...d.st, ab: r.int(STREET_VARIANTS[d.c]) };
  if (r.chance(0.03)) d.st = newStreet(d.c, r, city); // moved
  d.ph = phoneNoise(d.ph, r, city);
  d.mo = phoneNoise(d.mo, r, city);
  if (r.chance(0.04)) [d.ph, d.mo] = [d.mo, d.ph];
  // company
  const co = { ...d.co };
  const forms = CFG[co.c].forms[co.f];
  if (r.chance(0.3)) co.v = r.int(forms.length);
  if (co.c === 'CN' && r.chance(0.3)) co.ev = r.int(CFG.CN.formsEn.length);
  if (r.chance(0.06)) co.up = true;
  if (r.chance(0.1)) co.nf = true;
  if (co.c === 'CN') {
    if (r.chance(0.2)) d.coScript = !d.coScript;
    if (r.chance(0.2)) co.city = !co.city;
  }
  d.co = co;
  // email
  if (r.chance(0.08)) {
    const [ef, el] = d.c === 'CN' ? d.pin : [d.first, d.last];
    d.email = newEmail(r, d.c, ef, el, d.co, null, d.e);
  } else {
    let [local, domain] = d.email.split('@');
    if (r.chance(0.08)) domain = r.wp(C.email);
    if ((domain === 'gmail.com' || domain === 'googlemail.com') && r.chance(0.25)) {
      if (local.includes('.') && r.chance(0.6)) local = local.replace(/\./g, '');
      else if (local.length > 3) {
        const p = 1 + r.int(local.length - 2);
        local = `${local.slice(0, p)}.${local.slice(p)}`.replace(/\.\./g, '.');
      }
      if (r.chance(0.3)) domain = domain === 'gmail.com' ? 'googlemail.com' : 'gmail.com';
    }
    if (r.chance(0.05)) local = `${local}+${r.pick(TAGS)}`;
    if (r.chance(0.02)) {
      const t = EMAIL_TYPOS.find((x) => x[0] === domain);
      if (t) domain = t[1];
    }
    let email = `${local}@${domain}`;
    if (r.chance(0.05)) email = email.replace(/(^|[._@])([a-z])/g, (m, p, ch) => p + ch.toUpperCase());
    if (r.chance(0.01)) email = ` ${email}`;
    d.email = email;
  }
  if (r.chance(0.25)) d.cs = r.int(C.country.length);
  d.day = ent.day + 1 + r.int(Math.min(r.chance(0.3) ? 30 : 900, MAX_DAY - ent.day));
  d.sec = r.int(86400);
  if (r.chance(0.4)) d.df = r.chance(0.5) ? r.wp(C.datePool) : r.int(9);

  const f = render(d);
  // string-level noise
  const german = d.c === 'DE';
  if (r.chance(0.35)) {
    f[0] = deaccent(f[0], german && r.chance(0.6));
    f[1] = deaccent(f[1], german && r.chance(0.6));
  }
  if (r.chance(0.12)) {
    const i = r.int(2);
    f[i] = typo(f[i], r);
  }
  if (f[0] && !CJK.test(f[0]) && r.chance(0.05)) f[0] = r.chance(0.7) ? `${Array.from(f[0])[0]}.` : Array.from(f[0])[0];
  if (r.chance(0.08)) {
    const mode = 1 + r.int(2);
    f[0] = caseName(f[0], mode);
    f[1] = caseName(f[1], mode);
  }
  if (r.chance(0.05)) [f[0], f[1]] = [f[1], f[0]];
  if (f[0] && d.first !== ent.first && r.chance(0.08)) f[0] = r.chance(0.5) ? `${ent.first} "${d.first}"` : `${d.first} (${ent.first})`;
  if (r.chance(0.02)) f[1] = `${f[1]} `;
  if (r.chance(0.06)) f[7] = typo(f[7], r);
  if (r.chance(0.03)) f[6] = typo(f[6], r);
  if (r.chance(0.03)) f[5] = typo(f[5], r);
  if (r.chance(0.04)) f[7] = f[7].toUpperCase();
  if (f[8]) {
    if (f[8][0] === '0' && d.c !== 'GB' && d.c !== 'CN' && r.chance(0.3)) f[8] = f[8].replace(/^0+/, ''); // spreadsheet ate the zero
    else if (d.c === 'GB' && r.chance(0.15)) f[8] = r.chance(0.5) ? f[8].replace(' ', '') : f[8].toLowerCase();
  }
  return f;
}
function phoneNoise(n, r, city) {
  const P = PHONE[n.c];
  const styles = P.nat.length + P.intl.length;
  if (r.chance(0.08)) return newNumber(n.c, r, city, n.m); // a different number
  if (r.chance(0.4)) return { ...n, st: r.chance(0.5) ? P.nat.length + r.int(P.intl.length) : r.int(styles) };
  return n;
}

// ---------------------------------------------------------------- plan
const master = new Rng(hash32(SEED, 0x5eed));
const D = Math.round(ROWS * DUP_RATE);
const E = ROWS - D;
const dupCount = new Uint8Array(E);
{
  const order = new Uint32Array(E);
  for (let i = 0; i < E; i++) order[i] = i;
  shuffle(order, master);
  let left = D;
  for (let i = 0; i < E && left > 0; i++) {
    const u = master.next();
    const k = Math.min(left, u < 0.58 ? 1 : u < 0.83 ? 2 : u < 0.94 ? 3 : 4);
    dupCount[order[i]] = k;
    left -= k;
  }
  for (let i = 0; left > 0; i = (i + 1) % E) {
    if (dupCount[order[i]] < 4) {
      dupCount[order[i]]++;
      left--;
    }
  }
}
const twinOf = new Int32Array(E).fill(-1);
{
  // ~2% look-alikes: same name and city as another (preferably common-named) entity, otherwise a different person
  for (let e = 1; e < E; e++) {
    if (!master.chance(0.02)) continue;
    for (let tries = 0; tries < 4; tries++) {
      let t = master.int(e);
      if (twinOf[t] >= 0) t = twinOf[t];
      const target = genEntity(t);
      if (target.rank < 12 || tries === 3) {
        twinOf[e] = t;
        break;
      }
    }
  }
}
function shuffle(a, r) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
// record slots in file order -> entity; ids shuffled
const slots = new Uint32Array(ROWS);
{
  let k = 0;
  for (let e = 0; e < E; e++) for (let j = 0; j <= dupCount[e]; j++) slots[k++] = e;
  shuffle(slots, master);
}
const ids = new Uint32Array(ROWS);
for (let i = 0; i < ROWS; i++) ids[i] = i + 1;
shuffle(ids, master);
const idWidth = Math.max(6, String(ROWS).length);
const entWidth = Math.max(6, String(E).length);

// ---------------------------------------------------------------- write
const NEEDS_QUOTE = /[",\r\n]|^\s|\s$/;
const esc = (s) => (NEEDS_QUOTE.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const HEADER = 'Contact ID,First Name,Last Name,Email,Phone,Mobile,Company,Street,City,Postcode,Country,Created\n';

async function main() {
  const out = createWriteStream(OUT, { highWaterMark: 1 << 20 });
  const truth = createWriteStream(TRUTH, { highWaterMark: 1 << 20 });
  const failed = new Promise((_, reject) => {
    out.on('error', reject);
    truth.on('error', reject);
  });
  const write = async (stream, chunk) => {
    if (!stream.write(chunk)) await Promise.race([new Promise((res) => stream.once('drain', res)), failed]);
  };
  await write(out, HEADER);
  await write(truth, 'record_id,entity_id\n');
  const seen = new Uint8Array(E);
  let buf = '';
  let tbuf = '';
  for (let i = 0; i < ROWS; i++) {
    const e = slots[i];
    const ent = genEntity(e);
    let fields;
    if (!seen[e]) {
      seen[e] = 1;
      fields = render(ent);
    } else {
      fields = dupOf(ent, new Rng(hash32(SEED ^ 0x0d0b1e, i)));
    }
    const id = `C-${pad(ids[i], idWidth)}`;
    let line = id;
    for (let k = 0; k < fields.length; k++) line += `,${esc(fields[k])}`;
    buf += `${line}\n`;
    tbuf += `${id},E-${pad(e + 1, entWidth)}\n`;
    if ((i & 2047) === 2047) {
      await write(out, buf);
      await write(truth, tbuf);
      buf = '';
      tbuf = '';
    }
  }
  await write(out, buf);
  await write(truth, tbuf);
  await Promise.all([new Promise((res) => out.end(res)), new Promise((res) => truth.end(res))]);
  process.stdout.write(`${JSON.stringify({ rows: ROWS, entities: E, duplicates: D, file: OUT, truth: TRUTH })}\n`);
}
main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
