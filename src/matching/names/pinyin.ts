/**
 * Toneless pinyin of the characters common in Chinese names: the ~100 most common surnames (simplified and
 * traditional) and the characters most used in given names, with each polyphone read as in names
 * (曾 zeng, 单 shan, 覃 qin, 区 ou, 仇 qiu, 解 xie, 朴 piao). One line per syllable.
 */
const TABLE = `
a 阿
ai 艾爱愛
an 安
ang 昂
ao 敖奥傲
ba 巴
bai 白柏百佰
ban 班
bang 邦
bao 包宝寶保鲍鮑葆
bei 贝貝北蓓
ben 本
bi 毕畢碧璧弼
bian 边邊卞
biao 彪
bin 彬斌滨濱宾賓
bing 冰兵炳秉昺
bo 波博勃伯渤泊薄
bu 步卜
cai 蔡才彩采财財
can 灿燦璨
cang 苍蒼仓倉
cao 曹
cen 岑
chai 柴
chan 婵嬋
chang 常昌畅暢长長嫦
chao 超朝潮巢晁
chen 陈陳晨辰臣琛宸忱谌諶
cheng 程成诚誠城承澄铖呈丞橙骋騁
chi 池驰馳迟遲赤
chong 崇充冲沖
chu 楚初储儲褚
chuan 川传傳
chuang 创創
chun 春纯純淳椿醇
ci 慈词詞
cong 聪聰丛叢从從琮
cui 崔翠萃粹
cun 村存
da 达達大
dai 戴代黛岱
dan 丹旦聃诞誕
dang 党黨
dao 道稻岛島
de 德
deng 邓鄧登灯燈
di 狄迪笛娣帝棣
dian 典殿甸
diao 刁
ding 丁定鼎
dong 董东東冬栋棟
dou 窦竇
du 杜都度渡笃篤
duan 段端
dun 敦顿頓
duo 多朵铎鐸
e 娥鄂峨
en 恩
er 尔爾儿兒二
fa 发發法
fan 范範凡帆樊繁梵璠
fang 方芳房放舫昉
fei 飞飛菲斐费費非霏妃
fen 芬奋奮汾
feng 冯馮风風峰锋鋒丰豐凤鳳枫楓封奉逢
fu 付傅符福富甫伏扶芙孚复復夫府辅輔馥
gan 甘干淦赣贛
gang 刚剛钢鋼港岗崗
gao 高郜皋杲
ge 葛戈歌格阁閣盖蓋
gen 根
geng 耿庚
gong 龚龔宫宮公功弓恭贡貢巩鞏
gou 苟
gu 顾顧古谷辜固
guan 关關管冠观觀官贯貫
guang 光广廣
gui 桂贵貴归歸瑰圭
guo 郭国國果
hai 海
han 韩韓汉漢涵寒翰晗含瀚菡
hang 杭航
hao 郝浩好豪昊皓颢顥灏灝
he 何贺賀和河荷禾合鹤鶴赫
heng 衡恒亨珩
hong 洪红紅宏鸿鴻弘虹泓
hou 侯后厚
hu 胡湖虎护護瑚琥
hua 华華花化桦樺
huai 怀懷淮
huan 欢歡焕煥环環桓寰
huang 黄黃皇煌凰璜
hui 惠慧辉輝会會晖暉徽蕙卉回汇彗
huo 霍火
ji 纪紀季吉姬冀嵇计計继繼基济濟佶骥驥集霁霽
jia 贾賈佳家嘉加甲稼珈
jian 建健剑劍坚堅简簡鉴鑒俭儉
jiang 江蒋蔣姜将將疆
jiao 焦娇嬌姣皎
jie 杰傑洁潔婕捷节節介界
jin 金晋晉锦錦进進靳津瑾谨謹今劲勁
jing 静靜景京晶敬经經荆荊婧璟菁竞競井境精
jiong 炯
jiu 九久玖
ju 鞠菊居巨举舉聚琚
juan 娟鹃鵑卷
jue 珏觉覺爵
jun 军軍君俊峻骏駿钧鈞珺郡竣
kai 凯凱开開楷恺愷锴鍇
kan 阚闞侃
kang 康
ke 柯科可克珂轲軻
kong 孔
kou 寇
kuai 蒯
kuan 宽寬
kuang 邝鄺匡旷曠
kui 奎魁葵夔
kun 坤昆琨鲲鯤
lai 赖賴来來莱萊
lan 兰蘭蓝藍岚嵐澜瀾
lang 郎朗琅
lao 劳勞
le 乐樂
lei 雷蕾磊垒壘
leng 冷
li 李黎丽麗力立莉利理礼禮厉厲栗历歷俐璃荔梨里郦酈
lian 连連莲蓮廉练練炼煉联聯涟漣
liang 梁良亮凉涼粱靓靚
liao 廖辽遼寥
lie 烈
lin 林琳霖麟临臨淋邻鄰凛凜蔺藺璘
ling 玲凌灵靈令龄齡铃鈴翎岭嶺伶菱
liu 刘劉柳六流留琉浏瀏
long 龙龍隆珑瓏
lou 楼樓娄婁
lu 卢盧陆陸鲁魯路鹿露禄祿璐芦蘆
lü 吕呂绿綠律旅侣侶
luan 栾欒鸾鸞
lun 伦倫论論
luo 罗羅骆駱洛落珞
ma 马馬麻玛瑪
mai 麦麥迈邁
man 满滿曼蔓嫚
mao 毛茅茂懋
mei 梅美媚玫眉
men 门門
meng 孟蒙梦夢萌盟
mi 米宓密蜜弥彌
mian 绵綿
miao 苗妙淼缪繆
min 敏民闵閔珉旻
ming 明鸣鳴铭銘名茗
mo 莫墨默茉
mou 牟
mu 穆木慕牧沐睦
na 娜纳納那
nai 乃奈
nan 南楠男
ni 倪妮尼霓
nian 年念
ning 宁寧凝
niu 牛钮鈕
nong 农農
nuo 诺諾
ou 欧歐鸥鷗区區
pan 潘盼攀磐
pang 庞龐
pei 裴培佩沛珮
peng 彭鹏鵬朋蓬澎芃
pi 皮
piao 朴
pin 品
ping 平萍屏坪评評苹蘋
pu 蒲浦普璞
qi 齐齊祁戚琪琦奇其淇骐騏麒启啓起岐祺七
qian 钱錢倩茜千谦謙乾
qiang 强強蔷薔
qiao 乔喬巧桥橋俏翘翹樵
qin 秦琴勤钦欽沁芹覃
qing 青庆慶清晴卿擎
qiong 琼瓊
qiu 邱丘秋球仇裘
qu 曲屈瞿渠
quan 全权權泉铨銓荃
que 阙闕雀
qun 群
ran 冉然苒
rao 饶饒
ren 任仁人
rong 荣榮容蓉融戎嵘嶸
rou 柔
ru 汝如儒茹
ruan 阮
rui 瑞睿锐銳蕊芮
run 润潤
ruo 若
sa 萨薩
sai 赛賽
san 三
sang 桑
sen 森
sha 沙莎
shan 山珊善杉姗單单
shang 尚商
shao 邵少绍紹韶
she 佘
shen 沈申深慎神绅紳燊
sheng 盛生胜勝圣聖晟声聲升笙
shi 石史施师師时時诗詩世仕士实實
shou 寿壽守
shu 舒书書淑曙树樹殊蜀叔
shuai 帅帥
shuang 双雙爽霜
shui 水
shun 顺順舜
shuo 硕碩朔
si 司思斯丝絲嗣
song 宋松嵩颂頌
su 苏蘇素肃肅粟
sui 隋穗遂
sun 孙孫
suo 索
tai 太台泰
tan 谭譚谈談坦檀潭
tang 唐汤湯堂棠
tao 陶涛濤桃韬韜
teng 滕腾騰
tian 田天甜恬
tie 铁鐵
ting 婷庭廷亭霆挺汀
tong 童同彤桐佟通瞳
tu 涂屠图圖
tuo 拓
wan 万萬宛婉琬晚湾灣皖
wang 王汪望旺
wei 魏韦韋伟偉卫衛薇威维維巍蔚微玮瑋炜煒为為
wen 文温溫闻聞雯稳穩汶
weng 翁
wo 沃
wu 吴吳武伍吾五午悟无無邬鄔巫舞
xi 席奚西希喜曦熙溪夕习習锡錫晰禧玺璽汐
xia 夏霞侠俠
xian 冼贤賢仙娴嫻先显顯宪憲
xiang 向项項祥翔香湘相襄
xiao 肖萧蕭小晓曉笑孝霄潇瀟筱
xie 谢謝解协協燮
xin 辛新欣心馨鑫信昕忻歆芯莘
xing 邢星兴興幸杏行
xiong 熊雄
xiu 秀修岫
xu 徐许許胥旭须須绪緒续續栩煦
xuan 宣轩軒玄萱璇暄炫
xue 薛雪学學
xun 荀寻尋勋勳迅
ya 雅亚亞娅婭
yan 严嚴颜顏闫閆阎閻燕艳艷岩彦彥言妍晏研琰焱雁延炎嫣
yang 杨楊阳陽洋扬揚羊
yao 姚耀尧堯瑶瑤遥遙
ye 叶葉业業野烨燁晔曄
yi 易伊仪儀依怡一义義亿億艺藝毅逸弈奕宜颐頤益翼乙懿
yin 尹殷银銀音印寅茵
ying 英应應莹瑩颖穎映鹰鷹盈樱櫻迎滢瀅
yong 勇永雍咏詠泳
you 尤游友佑优優幽由
yu 于余俞虞鱼魚禹喻宇玉雨瑜羽钰鈺语語郁育昱予愉裕渝煜毓豫妤於
yuan 袁元原源远遠苑媛园園圆圓缘緣渊淵
yue 岳越月悦悅跃躍粤粵
yun 云雲芸运運韵韻允昀筠蕴蘊
zai 载載
zan 赞贊
zang 臧
ze 泽澤
zeng 曾增
zha 查
zhai 翟
zhan 詹展战戰湛
zhang 张張章彰漳樟璋
zhao 赵趙照昭钊釗兆
zhe 哲浙喆
zhen 甄真珍振贞貞震臻镇鎮桢楨
zheng 郑鄭正政峥崢征铮錚
zhi 志智芝之知直致植治枝至
zhong 钟鍾鐘仲中忠众眾
zhou 周洲舟州宙
zhu 朱祝竹珠诸諸柱
zhuang 庄莊壮壯
zhuo 卓琢灼
zi 子紫梓资資孜姿
zong 宗
zou 邹鄒
zu 祖
zun 尊
zuo 左佐
`;

/** Character -> toneless syllable; the first line listing a character wins. */
const SYLLABLE = new Map<string, string>();
for (const line of TABLE.trim().split('\n')) {
  const [syllable, characters] = line.split(' ') as [string, string];
  for (const character of characters) if (!SYLLABLE.has(character)) SYLLABLE.set(character, syllable);
}

/** Number of characters known (for tests and docs). */
export const pinyinCharacterCount = SYLLABLE.size;

// Spaces and the middle dot of transliterated names (玛丽·居里) separate words without a syllable.
const SKIPPED = /[\s·・•]/u;

/** Toneless pinyin of Chinese text, one syllable per character ("王伟" -> "wang wei"); undefined when a character is not known. */
export function toPinyin(text: string): string | undefined {
  let out = '';
  for (const character of text) {
    if (SKIPPED.test(character)) continue;
    const syllable = SYLLABLE.get(character);
    if (syllable === undefined) return undefined;
    out = out === '' ? syllable : `${out} ${syllable}`;
  }
  return out === '' ? undefined : out;
}

const HAN = /\p{Script=Han}/u;

/** Whether a text contains a Chinese character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}
