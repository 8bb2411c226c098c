/**
 * Given-name equivalence groups: each line is one name with its nicknames and short forms, folded (lower case,
 * no accents). A name may sit in several groups (chris: Christopher, Christian, Christine); two names are
 * nicknames of each other only when one group holds both, so Bob ~ Robert but never Bob ~ William.
 */
const GROUPS = `
robert rob robbie robby bob bobby bobbie bert rab
william will willie willy bill billy billie liam wills
richard rich richie ricky rick rico dick dickie
james jim jimmy jimmie jamie jem
john jack johnny johnnie jon jonny
jonathan jon jonny jonty nathan
joseph joe joey jo jos
thomas tom tommy thom
charles charlie chuck chas chaz chip
michael mike mikey mick mickey micky
christopher chris kit topher kris
christian chris kris christie
daniel dan danny dani
david dave davey davy
matthew matt matty
anthony antony tony ant
andrew andy drew
edward ed eddie eddy ned ted teddy
edwin ed eddie
edmund ed eddie ned
theodore theo ted teddy
alexander alex alec alek al sandy xander lex sasha
alexandra alex alexa lexi sandra sandy sasha allie
albert al bert bertie albie
alfred alf alfie al fred freddie
frederick frederic fredrick fred freddie freddy rick
benjamin ben benny benji
samuel sam sammy
nicholas nicolas nick nicky nico
patrick pat paddy
patricia pat patty patsy tricia trish trisha
stephen steven steve stevie
gregory greg
timothy tim timmy
kenneth ken kenny
donald don donny
ronald ron ronnie
lawrence laurence larry laurie lawrie
gerald gerry jerry
jerome jerry
jeremy jerry jez
harold harry hal
henry harry hank hal
raymond ray
leonard leo len lenny
gerard gerry
francis frank frankie fran
franklin frank frankie
peter pete
philip phillip phil pip
douglas doug dougie
joshua josh
zachary zach zack zac
nathaniel nathan nat nate
nathan nate nat
jacob jake
isaac ike
abraham abe bram
eugene gene
vincent vince vinny
walter walt wally
raphael rafael rafe
louis lewis lou
arthur art artie
augustus gus gussie
augustine austin gus
angus gus
oliver ollie olly
maximilian max maxi
maxwell max
reginald reg reggie
bartholomew bart
montgomery monty
terence terrence terry
stanley stan
wesley wes
sylvester sly
clifford cliff
bradley brad
bernard bernie barney
dominic dominick dom
jeffrey geoffrey jeff geoff
mitchell mitch
norman norm
randolph randy
randall randy
russell russ rusty
solomon sol
tobias toby
valentine val
victor vic
herbert herb bert
hugh hughie
elijah eli
elliott elliot eli
ezekiel zeke
leroy roy
percival percy
dennis denis denny
derek derrick
marcus mark marc
martin marty
gilbert gil
alan allan allen al
leslie les
lester les
ernest ernie
desmond des
sidney sydney sid
oswald ozzie oz
harvey harv
neville nev
benedict ben benny
emmanuel immanuel manny
cornelius neil
archibald archie
roderick rod roddy
rodney rod
fitzgerald fitz
jefferson jeff
cameron cam
ignatius iggy
jedediah jed
elizabeth elisabeth liz lizzie lizzy beth betty bet bess bessie betsy eliza elisa elise ellie libby lisa liza
margaret maggie meg peggy peg madge marge margie greta rita daisy margo margot
catherine katherine kathryn katharine kate katie katy kathy cathy kat kay kit kitty
mary molly polly mae mamie mimi
jennifer jen jenny jenn
rebecca becky becca
susan susannah suzanne sue susie suzy
deborah debra deb debbie debby
barbara barb babs barbie
dorothy dot dottie dolly dora
jessica jess jessie
kimberly kim kimmy
victoria vicky vicki tori vic
christine christina chris chrissy tina kristina kristine kris
stephanie steph steffi
samantha sam sammy
abigail abby abbie gail
amanda mandy manda
pamela pam
cynthia cindy
sandra sandy
judith judy jude
virginia ginny ginger
teresa theresa terry tess tessa
helen helena ellen nell nellie ellie lena
eleanor elinor ellie nell nora
josephine jo josie
joanna joan joanne jo
frances fran fanny frankie
caroline carol carrie carolyn
charlotte lottie charlie
gwendolyn gwen wendy
madeline madeleine maddie
natalie natalia nat talia
penelope penny
priscilla cilla
rosemary rose rosie
rosalind roz
ann anne anna annie nan nancy
antoinette toni
winifred winnie
wilhelmina mina billie willa
henrietta etta hattie
harriet hattie hatty
gertrude gertie trudy
cassandra cassie
jacqueline jackie jacky
beatrice bea trixie
constance connie
clara clare claire
florence flo flossie
agnes aggie
angela angie
melissa missy mel lissa
melanie mel
valerie val
evelyn evie
lillian lily lil
martha mattie patty
matilda tilda tilly maud
isabel isabella isabelle bella izzy belle
jane janet janie jan
sarah sara sally sadie
nicole nicky nikki
gabrielle gabriella gabby gabi
louise louisa lou lulu
amelia millie amy
emily em emmy millie
emma em emmy
mildred millie
philippa pippa pip
kathleen kathy kath
veronica ronnie
cecilia cecily cissy
lucinda cindy lucy
lucille lucy
ruth ruthie
olivia liv livvy
sophia sophie
danielle dani
michelle shelly
roberta bobbie
marjorie marge margie
esther essie hester
johannes johann hannes hans jo johan
wilhelm willi willy
friedrich fritz fred friedel
heinrich heinz heini hinz
ludwig lutz
alexander sascha
matthias mathias matze
sebastian basti
tobias tobi
christoph chris stoffel
andreas andi anderl
michael micha michi
bernhard bernd benno
joachim jochen achim
jakob jacob kobi
josef joseph sepp seppl
georg jorg jurgen schorsch
konrad conrad kurt
nikolaus niklas klaus claus nils
gottfried gotz
ulrich ulli uli
rudolf rudi rolf
dietrich dieter
gerhard gerd
reinhard reini
siegfried siggi
manfred manni
leopold poldi
franz franzl franziskus
stefan stephan steffen
norbert nobbi
hubert hubsi
johanna hanna hanne jo
elisabeth lisa liesel lies ilse lisbeth else
margarete margarethe grete gretel gretchen meta
katharina katrin kathrin katja kati kathi
susanne susi sanne
christina christine kristin tina stine
franziska franzi
barbara babette babsi barbel
magdalena magda lena lene leni
gabriele gabi gaby
wilhelmine mina minna
friederike rike frieda
dorothea dora thea
theresa therese resi
ursula uschi ulla
cornelia conny nele
gertrud trude gerti
charlotte lotte lotti
veronika vroni
rosemarie rosi
angelika geli angie
hildegard hilde
francisco paco pancho curro fran frasco kiko
jose pepe pepito chepe
manuel manolo manu
ignacio nacho
jesus chucho chuy
guillermo memo guille
alejandro alex ale jandro
alfonso poncho fonso
antonio toni tono
enrique quique kike
ramon moncho
roberto beto
alberto beto
rafael rafa
fernando nando fer
eduardo lalo edu
gonzalo chalo
joaquin quino
santiago santi chago
salvador chava salva
luis lucho
ricardo richi
gustavo tavo
gregorio goyo
vicente chente
rodrigo rodri
federico fede quico
juan juanito juancho
pedro perico
dolores lola
concepcion concha conchita
guadalupe lupe lupita
mercedes merche
maria mari maruja
josefa pepa pepita
francisca paca paquita pancha
rosario charo
isabel chabela isa
cristina cris
soledad sole
montserrat montse
consuelo chelo
encarnacion encarna
teresa tere
alejandra ale
margarita marga
beatriz bea
pilar pili
carmen mamen carmencita
jean jeannot
nicolas colas
alexandre alex
christophe chris
sebastien seb
frederic fred
maximilien max
philippe phil
emmanuel manu
jacques jacquot jacky
pierre pierrot
louis loulou
benoit ben
dominique dom domi
theophile theo
antoine toine
marguerite margot
elisabeth babette lisette
isabelle isa
francoise fanchon
jeanne jeannette jeannine
genevieve ginette
marie marion manon
nathalie nat
anne annette
giuseppe peppe beppe pino peppino bepi
giovanni gianni nanni vanni
francesco franco cesco checco
alessandro sandro ale
antonio tonino nino
salvatore toto turi
vincenzo enzo
massimiliano massimo max
domenico mimmo
gaetano tano
luigi gino
raffaele lele
filippo pippo
lorenzo enzo renzo
emanuele manu lele
gabriele lele gabri
daniele lele
bartolomeo bartolo
umberto berto
roberto berto
giuseppina pina peppina
giovanna gianna vanna
francesca franca cesca
alessandra sandra ale
margherita rita ghita
antonella nella
elisabetta betta elisa
caterina rina
concetta tina
johannes jan hans jo joop johan hannes
willem wim pim
hendrik henk hein
cornelis kees cor
gerardus gerard gert gerrit
adrianus adriaan arie adri
jacobus jaap koos sjaak
antonius anton toon teun
petrus pieter piet peter
nicolaas klaas niek
theodorus theo dorus
franciscus frans
josephus sjef jos
wilhelmus wim willem
marinus rinus
martinus maarten tinus
bernardus ben bernard
leonardus leo leendert
lambertus bert
gijsbertus gijs bert
christiaan chris
hubertus huub
everardus evert
ludovicus lodewijk louis
fredericus frits
johanna hanneke jo
wilhelmina mien willemijn wilma
cornelia corrie cor
maria mies mia marieke
elisabeth els elsje lies liesbeth
catharina tineke
geertruida truus
petronella nel
jacoba coby
alexander aleksandr sasha sacha shura
mikhail misha michael
dmitri dmitry dima
nikolai kolya
ivan vanya
vladimir volodya vova
sergei sergey seryozha
pavel pasha
yekaterina ekaterina katya
natalia natasha
maria masha
anna anya
tatiana tanya
olga olya
elena yelena lena
svetlana sveta
yevgeny evgeny zhenya
`;

/** Folded name -> the ids of the groups it belongs to. */
const GROUPS_OF = new Map<string, number[]>();
GROUPS.trim()
  .split('\n')
  .forEach((line, id) => {
    for (const name of line.split(' ')) {
      const ids = GROUPS_OF.get(name);
      if (!ids) GROUPS_OF.set(name, [id]);
      else if (!ids.includes(id)) ids.push(id);
    }
  });

/** Number of shipped groups (for tests and docs). */
export const nicknameGroupCount = GROUPS.trim().split('\n').length;

/** Whether two folded given names (see foldName) are forms of one name: bob ~ robert, hannes ~ johannes. */
export function areNicknames(a: string, b: string): boolean {
  const groupsA = GROUPS_OF.get(a);
  if (!groupsA) return false;
  const groupsB = GROUPS_OF.get(b);
  if (!groupsB) return false;
  for (const id of groupsA) if (groupsB.includes(id)) return true;
  return false;
}
