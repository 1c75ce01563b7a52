// The patterns of text de-identification, in the order they are tried (deidpatterns.h): the
// categories of the HIPAA Safe Harbor list and the i2b2 2014 task; each block says which forms it
// takes.
#include "core/text/deidpatterns.h"

#include "core/text/deidwords.h"

#include <string>

namespace sagitta::core::text::deidpatterns {

using namespace deidwords;

// Building blocks. N: one capitalised name word (O'Connor, DeLuca, Al-Farsi, McKay);
// NAME: up to three of them, an initial allowed ("R. Patel", "Mary Beth Ortiz").
#define N_ L"(?:(?!(?:Dr|Mr|Mrs|Ms|Miss|Pt|Pts|Prof|St|Drs|Fr|Rev|Sr|Jr|Mt|Ft)\\b)[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?)"
#define NAME_ L"(?:(?:[A-Z]\\. ?)?" N_ L"(?: (?:[A-Z]\\. )?" N_ L"){0,2})"
#define CJK_ L"[\u4e00-\u9fff]"
// NH: a name word, also one whose part after a hyphen is in lower case (Ji-hoon, Hyun-woo); PART: the
// particles before a family name (de la Vega, van der Merwe, Ní Bhriain and Ó Súilleabháin folded).
#define NH_ L"(?:[A-Z][a-z]+-(?!(?:op|up|in|on|off|out|ups|ins|day|term|care|based|free|like|wise|fold|year|week|month|line|time|site|" \
    L"type|risk|dose|ray|rays|scan|hand|side|half|lift|back|cut|way|pay|wide|born|made|onset|grade|term|stage|load|level|" \
    L"dated|run|aged|ended)\\b)[a-z]{2,5}(?![a-z-])|" N_ L")"
#define PART_ L"(?:(?:van der|van den|van de|von der|de la|de los|de las|dela|de|del|della|da|di|dos|das|du|van|von|ten|ter|bin|ibn|bint|al|el|Ni|Nic|Mac|Ui|O) )"

// Common Chinese family names (the hundred-odd most frequent, and compound ones).
#define ZHSUR_ L"(?:赖|阎|岑|庾|欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|司徒|夏侯|[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池麻苑迟邝官封匡鞠惠荆乐冀郁胥南储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由眭蔚]" L")"

const std::vector<Pattern> &patterns()
{
    static const std::vector<Pattern> p = [] {
        std::vector<Pattern> v;
        bool chinese = false;
        auto add = [&](const std::wstring &re, const char *cat, int group = 0, bool ci = false) {
            v.push_back({CodeRegex(re, ci), cat, group, chinese});
        };
        // --- contacts
        add(L"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "EMAIL");
        add(L"\\b(?:https?://|www\\.)[!-(*-\\\\^-~]+[!-(*+\\-/0-9<-\\\\^-~]", "URL", 0, true); // printable ASCII but ) ] , . ; :
        add(L"\\b[a-z0-9-]+\\.(?:com|org|net|edu|gov|io|cn)(?:/[!-(*-~]*)?\\b", "URL", 0, true);
        add(L"(?:^|[^\\d.])((?:\\d{1,3}\\.){3}\\d{1,3})(?!\\d|\\.\\d)", "IP", 1);
        add(L"(?:^|[^\\d])((?:\\+?1[ .-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[ ./-])\\d{3}[ .-]\\d{4}(?: ?(?:x|ext\\.?) ?\\d{1,5})?)(?!\\d)",
            "PHONE", 1, true);
        add(L"(?:^|[^\\d])((?:\\+?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4})(?!\\d)", "PHONE", 1);
        add(L"(?:^|[^\\d])(0\\d{2,3} \\d{3,4} ?\\d{4})(?!\\d)", "PHONE", 1);
        add(L"(?:^|[^\\d])((?:\\+?86[ -]?)?(?:\\(0\\d{2,3}\\)|0\\d{2,3}-)\\s?\\d{3,4}[ -]?\\d{4}(?:[-转]\\d{1,5})?)(?!\\d)", "PHONE", 1);
        add(L"(?:^|[^\\d])(\\d{3}-\\d{2}-\\d{4})(?!\\d)", "ID", 1); // SSN
        // Any number of seven digits or more right after a phone word (Mobile 07700 900123, reached at 555 0195).
        add(L"\\b(?:phone|tel|telephone|cell|mobile|fax|pager|beeper|reached at|call back(?: number)?|callback)\\.?(?: (?:number|no\\.?|#))?"
            L"\\s*[:#]?\\s*(?:is |at )?(?=(?:[ ().-]*\\d){7})(\\+?\\(?\\d{2,5}\\)?(?:[ .-]\\d{3,8}){1,3}|\\d{7,12})(?![\\d/]|\\.\\d)", "PHONE", 1, true);
        // A pager or extension number alone after its word (beeper 61123, paged at 33281, ext. 4471).
        add(L"\\b(?:[Bb]eeper|[Pp]aged?(?: at)?|[Pp]gr|[Ee]xt(?:ension)?\\.?)\\s*[#:]?\\s*(\\d{4,6})\\b(?![.,]\\d)", "PHONE", 1);
        // International numbers written with spaces: +44 20 7946 0958, +86 571 8765 4321.
        add(L"(?:^|[^\\d\\w])(\\+\\d{1,3}(?:[ .-]\\(?\\d{1,5}\\)?){2,4})(?![\\d])", "PHONE", 1);
        // --- dates
        static const std::wstring mon =
            L"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
        static const std::wstring wday = L"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,? )?";
        add(L"\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\b", "DATE");
        add(L"\\b\\d{1,2}([-/.])\\d{1,2}\\1(?:\\d{4}|\\d{2})\\b", "DATE");
        add(L"\\b\\d{1,2}-" + mon + L"-\\d{2,4}\\b", "DATE");
        add(L"\\b(?:0?[1-9]|1[0-2])/(?:19|20)\\d{2}\\b", "DATE");
        add(L"\\b(?:19|20)\\d{2}[-\u2013](?:19|20)\\d{2}\\b", "DATE");
        add(L"\\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\\.?,? (?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01])\\b(?!/)", "DATE");
        add(L"\\b(?:on|since|until|by|from|before|after|of) (the \\d{1,2}(?:st|nd|rd|th))\\b(?! ?[a-z])", "DATE", 1);
        add(L"(?:^|\\n|\\. |[(;:,] ?|\\b(?:on|since|from|until|till|through|thru|dated?|by|to|of|last|next|before|after|starting|"
            L"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|the|began|begun|onset|[a-z]+ed)[a-z]*\\.?,? )((?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01]))(?![/\\d])", "DATE", 1, true);
        add(L"\\b" + wday + mon + L"\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?\\b", "DATE");
        add(L"\\b" + wday + L"(?:the )?\\d{1,2}(?:st|nd|rd|th)?(?: of)? " + mon + L"\\.?(?:,? \\d{4})?\\b", "DATE");
        add(L"\\b(?:early |mid-?|late )?" + mon + L"\\.?,? (?:of )?(?:19|20)\\d{2}\\b", "DATE");
        add(L"\\b" + mon + L"\\.?[-/ ]\\d{1,2}(?:st|nd|rd|th)?\\b(?![:.]\\d)", "DATE");
        add(L"\\b(?:on|since|from|until|till|through|thru|dated?|by|to|of|starting|before|after|last|DOB:?|DOS:?) (\\d{1,2}/\\d{1,2})\\b(?!/)",
            "DATE", 1, true);
        add(L"(?:^|[^\\w\\-/.#])((?:19|20)\\d{2})(?![\\w\\-/%]|\\.\\d|\\s*(?:mg|ml|mL|cc|g|kg|units?|U|IU|kcal|cells|mcg|ug|mm|cm|m|/))", "DATE", 1);
        add(L"(?:\\d{4}年|\\d{2}年(?=\\d{1,2}月))(?:\\d{1,2}月(?:\\d{1,2}[日号])?)?(?:初|中|底|末)?", "DATE");
        add(L"[零〇一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)?", "DATE");
        add(L"[零〇一二三四五六七八九]{4}", "DATE");
        add(L"\\d{1,2}月\\d{1,2}[日号]", "DATE");
        add(L"(?:^|[^\\d.])(\\d{1,2}月)(?:份|初|中旬|下旬|上旬|底)", "DATE", 1);
        add(L"\\b\\d{1,2}-?" + mon + L"-?(?:19|20)\\d{2}\\b", "DATE");
        // Year first with the month's name (2023Mar03, 1948-Jul-02), and a part of a month (mid-October).
        add(L"\\b(?:19|20)\\d{2}-?" + mon + L"-?\\d{1,2}\\b", "DATE");
        add(L"\\b(?:[Mm]id|[Ee]arly|[Ll]ate)-(?:January|February|March|April|May|June|July|August|September|October|November|December)\\b", "DATE");
        add(L"\\b(?:(?:spring|summer|fall|autumn|winter|early|mid|late|end of|beginning of) (?:of )?)(?:19|20)\\d{2}\\b", "DATE", 0, true);
        add(L"\\b(?:Christmas(?: Eve| Day)?|Thanksgiving(?: Day)?|Easter(?: Sunday)?|New Year's(?: Day| Eve)?|Halloween|Independence Day|"
            L"Fourth of July|July 4th|Memorial Day|Labor Day|Labour Day|Veterans Day|Valentine's Day|Mother's Day|Father's Day|"
            L"Martin Luther King Day|MLK Day|Presidents' Day|Hanukkah|Ramadan|Eid|Diwali|Passover|Yom Kippur|Rosh Hashanah|"
            L"Lunar New Year|Chinese New Year)\\b", "DATE");
        add(L"(?:春节|元旦|国庆节?|中秋节?|端午节?|清明节?|除夕|元宵节?|劳动节|五一|十一|重阳节?|七夕|大年初[一二三四五六七八九十])(?:期间|前|后|假期)?", "DATE");
        add(L"\\b(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])\\b(?![-\\d])", "DATE");
        add(L"\\b" + mon + L"[-' ]+'?\\d{2}\\b(?![:\\d])", "DATE");
        // --- ages over 89
        add(L"\\b((?:9\\d|1[0-4]\\d))(?=[- ]?(?:years?|yrs?|yo\\b|y/o|y\\.o\\.|-y|M\\b|F\\b|F,|M,|month|岁))", "AGE", 1, true);
        add(L"\\b(?:age|aged|age:|Age)\\s*((?:9\\d|1[0-4]\\d))\\b", "AGE", 1, true);
        add(L"\\b(ninety(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one hundred(?: and \\w+)?)(?=[- ]years?|[- ]year-old)",
            "AGE", 1, true);
        add(L"((?:9\\d|1[0-4]\\d))(?:周)?岁", "AGE", 1);
        add(L"\\b(?:her|his|their|the) (?:early |mid-?|late )?((?:9|10)0)'?s\\b", "AGE", 1, true);
        add(L"年龄[:：]\\s*((?:9\\d|1[0-4]\\d))", "AGE", 1);
        add(L"(九十[一二三四五六七八九]?|一百[零一二三四五六七八九十]*|百)(?:余)?岁", "AGE", 1);
        // --- IDs after labels
        add(L"\\b(?:MRN|MR#|MR no|Medical record(?: number| no| #)?|Record(?: number| no| #)|Acct|Account|Encounter|FIN|CSN|Visit|"
            L"Accession|Acc|Specimen|Case|Claim|Policy|Member|Subscriber|Group|Medicaid|Medicare|Insurance|Plan|HICN|MBI|License|Licence|"
            L"Lic|DEA|NPI|Serial|SN|S/N|Device|Lot|Passport|Plate|Rx|Employee|Student|Study|Subject|Badge|Pager|Tracking|Order|"
            L"Requisition|Reference|Ref|Confirmation|Ticket|Voucher|Pt ID|Patient ID|ID|IDs|Username|User|Login|Handle|Chart|Unit no|"
            L"(?:SSN|Social Security(?: number| no\\.?)?)(?: last (?:4|four)(?: digits)?)?|Barcode|Bar code|Film|Exam|Report|Sample|Kit|Container|Box|Card|Certificate|Permit|Registration|Reg|VIN|IMEI|MAC|Invoice|Receipt|"
            L"Bill|Billing|Protocol|IRB|Model|Catalog|Cat|Part|Batch|Slide|Block|Authorization|Auth|Referral|Script|Prescription|Unit|"
            L"Donor|Recipient|UNOS|Registry|Enrollment|Trial|Locker|Tag|Wristband|Bracelet|Label|Profile|Portal|Account holder)"
            L"(?: (?:ID|number|no\\.?|num|#|card|code))?\\s*[:#]?\\s*(?:is |was |number |no\\.? |# ?)?"
            L"(?!G\\d{1,2}P\\d{1,4}\\b|[cpy]?T[0-4xX][a-d]?N[0-3xX][a-c]?(?:M[01xX])?\\b|[CTLS]\\d{1,2}(?:-[CTLS]?\\d{1,2})?\\b)"
            L"((?=[A-Za-z0-9_./-]*\\d[A-Za-z0-9_./-]*\\d)[A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9])", "ID", 1, true);
        add(L"\\b(?:Member|Policy|Group|Medicaid|Medicare|Insurance|Plan|Subscriber|Account|Acct|ID)(?: (?:ID|number|no\\.?|#))?\\s*[:#]?\\s*"
            L"(\\d{3,}(?: \\d{1,6}){1,3})\\b", "ID", 1, true);
        // Numbers written in groups after a record or card label, a few capitals allowed in front
        // (MRN 0048 2913, SSN 123 45 6789, Medicaid MA 4412 9981, Hospital number H 229 104).
        add(L"\\b(?:MRN|MR|[Mm]edical record|[Hh]ospital|[Hh]ealth card|[Hh]ealth plan|NHS|SSN|SS|[Ss]ocial [Ss]ecurity|[Mm]ember|[Pp]olicy|"
            L"[Mm]edicaid|[Mm]edicare|MassHealth|[Ii]nsurance|[Ss]ubscriber|[Aa]ccount|[Aa]cct|[Cc]hart|[Cc]ard|[Bb]eneficiary|[Rr]ecord)"
            L"(?: (?:ID|[Nn]umber|[Nn]o\\.?|#|[Cc]ard))?\\s*[:#]?\\s*(?=(?:[A-Z ]*\\d){6})((?:[A-Z]{1,4} ?)?\\d[A-Z\\d]*(?:[ -]\\d{2,6}){1,3})\\b",
            "ID", 1);
        add(L"(?<![A-Za-z])(?:住院号|门诊号|病案号|病历号|ID号|急诊号|身份证号码?|身份证|医保卡号|医保号|社保卡号|新农合证号|新农合号|收费单号|收据号|"
            L"执业证书编码|执业证号|序列号|设备号|影像号|检查号|病理号|标本号|条码号|条形码|体检号|工号|学号|护照号|微信号|QQ号|受试者编号|编号|登记号|"
            L"卡号|证号|流水号|单号|订单号|账号|帐号|批号|型号/序列号|警号|案件号|理赔号|报案号|保单号|SN|ID)[:：]?\\s*((?=[A-Za-z0-9_./-]*\\d)[A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9])",
            "ID", 1);
        add(L"(?:^|[^\\d])(\\d{17}[\\dXx])(?![\\d])", "IDCARD", 1);
        add(L"(?:^|[^\\d.])(\\d{7,})(?![\\d]|\\.\\d)", "ID", 1);
        // A number of four digits or more after a word that says it is one ("number 4412", "# A-5512").
        add(L"\\b(?:number|no\\.?|num|#|ID|code|identifier)\\s*[:#]?\\s*((?=[A-Za-z0-9-]*\\d{4})[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])", "ID", 1, true);
        add(L"\\bUDI\\s*[:#]?\\s*((?:\\(\\d{2}\\)[A-Za-z0-9]+)+)", "ID", 1);
        // A number after a device maker and its model words ("Medtronic Azure XT 5076-52").
        add(L"\\b(?:Medtronic|Boston Scientific|Abbott|St\\. Jude|Biotronik|Zoll|Philips|ResMed|Dexcom|Tandem|Insulet|Stryker|Zimmer|"
            L"Cochlear|Phonak|Oticon|Edwards|LivaNova|Baxter|Fresenius|Abiomed|Nevro|Inspire)(?: [A-Z][A-Za-z0-9]*){0,3},? "
            L"(?:(?:model|serial|SN|S/N|no\\.?|#) ?)?(\\d{2,}(?:-\\d+)+[A-Z]?|\\d{4,}[A-Z]?)\\b", "ID", 1, true);
        add(L"\\b(?<![-A-Za-z])(?!CA-?1[59]-?[39]\\b|CA-?125\\b)(?=[A-Z0-9-]*\\d)(?=[A-Z0-9-]*[A-Z])([A-Z]{1,4}-?\\d{2,}(?:-\\d+)+|[A-Z]{1,4}-?\\d{4,}|\\d{2,}-[A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\\b", "ID", 1);
        add(L"(?:^|[^\\d])((?:加)?\\d{1,3})床", "ID", 1);
        add(L"(?:#|\\bNo\\.) ?((?=[A-Z0-9-]*\\d{3})[A-Z0-9][A-Z0-9-]*[A-Z0-9])\\b", "ID", 1);
        add(L"\\b(?:[A-Z]{2,5}\\d{4,}[A-Z]?|[A-Z]\\d{6,})\\b", "ID");
        add(L"\\b[a-z]+[._][a-z0-9._]*\\d{2,}\\b(?!@)", "ID");
        add(L"\\b\\d{1,2}[- ]?(?:West|East|North|South|NW|NE|SW|SE)\\b(?:,? (?:[Rr]oom |[Bb]ed |[Bb]ay )?\\d{1,3}[A-Z]?\\b)?", "ADDRESS");
        add(L"床号[:：]?\\s?((?:加)?\\d{1,3})", "ID", 1);
        add(L"\\b(?:Bed|bed|Rm|Room|room|Bay|bay|Chair|chair|Stretcher|stretcher|Isolette|isolette|Incubator|incubator|Crib|crib|Cot|cot|Bassinet|bassinet|Warmer|warmer|Cubicle|cubicle)\\.? ?#?:?\\s*(\\d{1,4}[A-Za-z]?)\\b", "ID", 1);
        // --- streets and places
        add(L"\\b(?:" N_ L" ){1,2}(?:Street|Avenue|Ave|Road|Boulevard|Blvd|Lane|Parkway|Plaza|Turnpike|Pike|St|Rd|Ln|Ct|Pkwy|Hwy)\\b\\.?", "ADDRESS");
        add(L"\\b\\d{1,6}[A-Z]? (?:[NSEW]{1,2}\\.? )?(?:(?:" N_ L"|\\d{1,3}(?:st|nd|rd|th)) ){1,3}(?:Plaza|Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|"
            L"Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Square|Sq|Row|Close|Crescent|Alley|Run|Path|Loop|Point|Walk|Bend|"
            L"Cove|Glen|Grove|Hill|Pass|Ridge|View|Crossing|Green|Mews|Gate|Esplanade|Promenade|Causeway|Expressway|Freeway|Pike|Turnpike)\\b\\.?(?: (?:NE|NW|SE|SW|N|S|E|W)\\b)?"
            L"(?:,? (?:Apt|Unit|Suite|Ste|Floor|Fl|#)\\.? ?#?[A-Za-z0-9-]+)?",
            "ADDRESS");
        add(L"\\b(?:P\\.? ?O\\.? Box|PO Box) \\d+", "ADDRESS", 0, true);
        add(L"\\b(?:Apt|Unit|Suite|Ste|[Aa]partment|Flat)\\.? ?#?\\d+[A-Za-z]?\\b", "ADDRESS");
        static const std::wstring states =
            L"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|"
            L"ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|NSW|VIC|QLD|WA|SA|TAS|ACT|NT)";
        static const std::wstring stateNames =
            L"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|"
            L"Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
            L"New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|"
            L"Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|British Columbia|Alberta|Manitoba|Nova Scotia|"
            L"New South Wales|Victoria|Queensland|Tasmania)";
        add(L"(?:^|[^A-Za-z])((?:" N_ L" ){0,2}" N_ L",? " + states + L"\\.?,? (?:\\d{5}(?:-\\d{4})?|[A-Z]\\d[A-Z] ?\\d[A-Z]\\d|\\d{4}))\\b",
            "ADDRESS", 1);
        add(L"\\b((?:" N_ L" ){0,2}" N_ L"),? " + stateNames + L"\\b", "ADDRESS");
        add(L"\\b" + stateNames + L"\\b", "ADDRESS");
        add(L"(?:^|[^A-Za-z])((?:" N_ L" ){0,2}" N_ L", (?!MD|PA|DO|NP|RN|MS|PT|OT|CT|SC|NC|LA|DE|CO|OK|NE|AL|HI|ID|IN)" + states + L")\\b",
            "ADDRESS", 1);
        add(L"\\b(?:Boston|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|Jacksonville|Fort Worth|Columbus|"
            L"Charlotte|San Francisco|Indianapolis|Seattle|Denver|Nashville|El Paso|Detroit|Oklahoma City|Portland|Las Vegas|Memphis|Louisville|"
            L"Baltimore|Milwaukee|Lowell|Quincy|Brockton|Framingham|Newton|Waltham|Salem|Lynn|Fall River|New Bedford|Plymouth|Nashua|Manchester|"
            L"Portland|Bangor|Stamford|Bridgeport|Yonkers|Trenton|Camden|Hoboken|Jersey City|Paterson|Scranton|Allentown|Harrisburg|Erie|"
            L"Akron|Toledo|Dayton|Lexington|Knoxville|Chattanooga|Greenville|Columbia|Augusta|Macon|Tallahassee|Gainesville|Sarasota|"
            L"Fort Lauderdale|St\\. Petersburg|Mobile|Montgomery|Jackson|Little Rock|Shreveport|Baton Rouge|Lafayette|Galveston|"
            L"Corpus Christi|Laredo|Lubbock|Amarillo|Plano|Irving|Garland|Scottsdale|Tempe|Chandler|Glendale|Reno|Santa Fe|Provo|Ogden|"
            L"Fort Collins|Boulder|Cheyenne|Billings|Fargo|Sioux Falls|Lincoln|Topeka|Wichita|Springfield|Peoria|Evanston|Naperville|"
            L"Gary|Fort Wayne|South Bend|Grand Rapids|Lansing|Flint|Dearborn|Green Bay|Rochester|Saint Paul|St\\. Paul|Bloomington|"
            L"Iowa City|Davenport|Eugene|Salem|Olympia|Everett|Yakima|Redmond|Santa Barbara|Santa Monica|Santa Clara|Santa Rosa|"
            L"San Bernardino|Riverside|Irvine|Stockton|Modesto|Oxnard|Burbank|Torrance|Hayward|Fremont|Sunnyvale|Mountain View|"
            L"Hilo|Fairbanks|Winnipeg|Halifax|Edmonton|Quebec City|Hamilton|Belfast|Cardiff|Leeds|Liverpool|Bristol|Perth|Adelaide|"
            L"Canberra|Wellington|Christchurch|Johannesburg|Cape Town|Kampala|Kinshasa|Mogadishu|Khartoum|Tunis|Algiers|Casablanca|"
            L"Lahore|Islamabad|Dhaka|Kathmandu|Colombo|Chennai|Bangalore|Bengaluru|Hyderabad|Kolkata|Pune|Taipei|Busan|Kyoto|"
            L"Singapore|Kuala Lumpur|Phnom Penh|Yangon|Port-au-Prince|Santo Domingo|San Juan|Tegucigalpa|San Salvador|Managua|"
            L"Guatemala City|Quito|Caracas|Santiago|Montevideo|Medellin|Cali|Monterrey|Tijuana|Puebla|Oaxaca|Milwaukee|Albuquerque|Tucson|Fresno|Mesa|Sacramento|Atlanta|Kansas City|Colorado Springs|Omaha|Raleigh|Miami|Long Beach|"
            L"Virginia Beach|Oakland|Minneapolis|Tulsa|Tampa|Arlington|New Orleans|Wichita|Cleveland|Bakersfield|Aurora|Anaheim|Honolulu|"
            L"Pittsburgh|Cincinnati|St\\. Louis|Saint Louis|Orlando|Buffalo|Rochester|Newark|Brooklyn|Bronx|Queens|Manhattan|Harlem|Cambridge|"
            L"Somerville|Worcester|Springfield|Providence|Hartford|New Haven|Burlington|Albany|Syracuse|Richmond|Norfolk|Durham|Charleston|"
            L"Savannah|Birmingham|Salt Lake City|Boise|Spokane|Tacoma|Beaverton|Kirkland|Bellevue|Palo Alto|Berkeley|Pasadena|Los Angeles|"
            L"New York City|Ann Arbor|Madison|Des Moines|Cedar Rapids|Duluth|Anchorage|Juneau|Toronto|Montreal|Vancouver|Calgary|Ottawa|"
            L"London|Paris|Berlin|Madrid|Rome|Dublin|Edinburgh|Glasgow|Manchester|Sydney|Melbourne|Brisbane|Auckland|Tokyo|Osaka|Seoul|"
            L"Beijing|Shanghai|Hong Kong|Mumbai|Delhi|New Delhi|Karachi|Lagos|Dakar|Nairobi|Cairo|Accra|Addis Ababa|Mexico City|Guadalajara|"
            L"Havana|Kingston|Bogota|Lima|Sao Paulo|Rio de Janeiro|Buenos Aires|Manila|Hanoi|Ho Chi Minh City|Bangkok|Jakarta|Kabul|Tehran|"
            L"Baghdad|Damascus|Beirut|Amman|Riyadh|Dubai|Istanbul|Moscow|Kyiv|Kiev|Warsaw|Lisbon|Athens|Stockholm|Oslo|Amsterdam)\\b",
            "ADDRESS");
        add(L"\\b(?:lives|living|resides|residing|moved|relocated|born|raised|visiting|traveled|travelled|vacation|trip|home|located|based|"
            L"transferred|returned|flew|drove|originally|native) (?:alone |with \\w+ )?(?:in|to|from|at|near|of) (?:the )?((?:" N_ L" ){0,2}" N_ L")",
            "ADDRESS", 1);
        add(L"\\b(?:USA|U\\.S\\.A?\\.|United States|United Kingdom|UK|Canada|Mexico|Guatemala|Honduras|El Salvador|Nicaragua|Cuba|Haiti|"
            L"Dominican Republic|Puerto Rico|Jamaica|Colombia|Venezuela|Brazil|Peru|Ecuador|Chile|Argentina|Bolivia|Ireland|Scotland|England|"
            L"Wales|France|Germany|Italy|Spain|Portugal|Poland|Russia|Ukraine|Greece|Turkey|Sweden|Norway|Denmark|Finland|Netherlands|Belgium|"
            L"Switzerland|Austria|Israel|Iran|Iraq|Syria|Lebanon|Jordan|Egypt|Morocco|Nigeria|Ghana|Kenya|Ethiopia|Somalia|Senegal|Liberia|"
            L"South Africa|Congo|Uganda|Tanzania|Sudan|India|Pakistan|Bangladesh|Nepal|Sri Lanka|China|Japan|Korea|Vietnam|Thailand|"
            L"Philippines|Indonesia|Malaysia|Singapore|Cambodia|Laos|Myanmar|Taiwan|Australia|New Zealand|Afghanistan|Saudi Arabia|Yemen)\\b",
            "ADDRESS");
        // organisations by their last word
        add(L"(?:(?:St\\.|Saint|Mount|Mt\\.) )?(?:" N_ L"(?:'s)?|[A-Z]{2,6})(?:[ -](?:" N_ L"(?:'s)?|[A-Z]{2,6}|St\\.|of|the|and|&|for)){0,5}[ -]"
            L"(?:Hospital|Medical Center|Medical Centre|Health Center|Health Centre|Community Health|Health System|Healthcare|Health Care|"
            L"Health Department|Clinic|Clinics|Pharmacy|Laboratories|Laboratory|Labs|Institute|University|College|School|Academy|Church|Infirmary|Hospice|"
            L"Rehabilitation Center|Rehab|Nursing Home|Nursing Facility|Care Center|Senior Living|Assisted Living|Home Health|Practice|"
            L"Associates|Partners|Group|Dialysis|Urgent Care|Physicians|Foundation|Corporation|Corp|Inc|LLC|Company|Co\\.|Services|"
            L"Department of [A-Z][a-z]+|Center|Centre|Bank|Shelter|Ministries|Agency|Union|Market|Factory|Mills|Motors|Airlines|Logistics|"
            L"Construction|Elementary|High School|Middle School|Daycare|Health Plan|Health|Genetics|Diagnostics|LLP|Police Department|Fire Department|Hotel|Motel|Inn|Health Plan|Regional Medical|Oncology|Cardiology|Neurology|Gastroenterology|Pulmonology|Nephrology|Rheumatology|Radiology|Imaging|Ophthalmology|Counseling|Dental|Dentistry|Surgery Center|Surgical Center|Sleep Lab|Cardiovascular|Family Medicine|Internal Medicine|Airport|Mall|Prison|Jail|Correctional Facility|Correctional Center|Correctional Institution|Shipyard|Stadium|Museum|Library|Cemetery|Pediatrics|Urology|Orthopedics|Dermatology)\\b(?:(?: of| at| in) (?:the )?" N_ L"(?: " N_ L")?)?",
            "HOSPITAL");
        add(L"(?<![-\\w])(?:CVS|Walgreens|Walmart|Costco|Target|Kroger|Amazon|Google|Microsoft|Boeing|FedEx|UPS|Quest Diagnostics|LabCorp|DaVita|"
            L"Fresenius|Kaiser Permanente|Kaiser|Aetna|Cigna|Humana|Blue Cross(?: Blue Shield)?|BCBS|UnitedHealthcare|UPMC|YMCA|Amedisys|"
            L"MGH|BWH|BIDMC|UMass|UConn|CUNY|SUNY|UCSF|UCLA|UCSD|NYU Langone|NYU|OHSU|UPenn|MUSC|UAB|UNC|VUMC|UTSW|Mount Sinai|Mt\\. Sinai|Mayo Clinic|Cleveland Clinic|Johns Hopkins|Mass General|MGH|Brigham|Dana-Farber|Sloan Kettering|MD Anderson|Starbucks|"
            L"Home Depot|Tesla|Uber|Lyft|Verizon|AT&T|Comcast)\\b", "HOSPITAL");
        add(L"\\b(?:(?:" N_ L" ){1,2}VA|VA(?: " N_ L"){1,2})\\b(?! ?\\d)", "HOSPITAL");
        // A saint's name as a hospital (St. Luke's in Bethlehem; not St. John's wort), and whatever names a
        // hospital after a label saying it is one (OSH: Holy Family; Outside hospital: Heywood).
        add(L"\\b(?:St\\.?|Saint) " N_ L"'s\\b(?! [Ww]ort)", "HOSPITAL");
        add(L"\\b(?:OSH|Outside hospital|Outside Hospital|Referring hospital|Referring facility|Transferring facility|Facility|Sending facility)"
            L"\\s*:\\s*((?:" N_ L" ){0,3}" N_ L")", "HOSPITAL", 1);
        // --- English names from context
        // A name in capitals, family name first, after a label (PATIENT: SMITH, JOHN A.; Attending: GARCIA, MARIA).
        add(L"\\b(?:PATIENT|Patient|NAME|Name|ATTENDING|Attending|RESIDENT|Resident|PCP|SURGEON|Surgeon|PHYSICIAN|Physician|PROVIDER|Provider|"
            L"NURSE|Nurse|RN|MD|SIGNED|Signed|Signed by|AUTHOR|Author|DICTATED BY|Dictated by|REFERRING|Referring|CC|cc|FROM|From|TO|To)"
            L"(?: (?:NAME|Name|PHYSICIAN|Physician|MD|BY|by))?:[ \\t]*((?:MC|MAC|O')?[A-Z]{2,}(?:[-'][A-Z]{2,})?(?: [A-Z]{2,})?, [A-Z]{2,}(?:[-'][A-Z]{2,})?(?: [A-Z]\\.?)?)(?![A-Za-z])",
            "NAME", 1);
        // Family names with a particle after a title (Dr. van der Berg, Mrs. de la Cruz), and a family name in
        // brackets after a role (reviewed with attending (Tran)).
        add(L"\\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\\.? ((?:van|von|de|del|della|da|di|du|dos|das|der|den|ter|ten|bin|ibn|al|el|le|la)"
            L"(?: (?:der|den|la|los|las|le|van))? " N_ L")", "NAME", 1);
        add(L"\\b(?:attending|resident|intern|fellow|PCP|surgeon|nurse|RN|NP|PA|Dr\\.?|charge|[Rr]egistration|tech|clerk|secretary|pharmacy|"
            L"pharmacist|interpreter|scribe|RT|PT|OT|SW|CM|chaplain|dietitian|coordinator|lab|security|transport|operator|dispatcher|"
            L"supervisor|manager) \\((" N_ L")\\)", "NAME", 1);
        static const std::wstring titles = L"(?:Dr|Drs|Mr|Mrs|Ms|Miss|Mx|Prof|Officer|Ofc|Pt|Nurse|Sister|Sr|Father|Fr|Rev|Pastor|Rabbi|Imam|"
                                           L"Det|Sgt|Judge|Attorney|Coach|Deputy|Captain|Capt|Chaplain|Sheriff|Trooper|Agent|Mayor|Dean|pt|patient|Patient|RN|NP|PA|PA-C|"
                                           L"LPN|CNA|SW|CM|PT|OT|SLP|RT|CRNA|[Rr]esident|[Ii]ntern|[Ff]ellow|[Aa]ttending|[Nn]urse|[Tt]ech|"
                                           L"[Tt]herapist|[Pp]harmacist|[Aa]ide|[Ii]nterpreter|[Cc]haplain|[Mm]idwife|[Ss]urgeon|[Dd]ietitian|"
                                           L"[Ss]ocial worker|[Cc]ase manager|[Cc]oordinator|[Ss]tudent|(?:him|her|them)self as|[Nn]amed|[Cc]alled|"
                                           L"[Aa]nesthesiologist|[Rr]adiologist|[Pp]athologist|[Cc]ardiologist|[Oo]ncologist|[Nn]eurologist|"
                                           L"[Hh]ospitalist|[Ii]ntensivist|[Pp]sychiatrist|[Pp]sychologist|[Cc]ounselor|[Pp]aramedic|[Oo]fficer|[Pp]articipant|"
                                           L"[Ss]ubject|[Cc]lient|[Dd]onor|[Rr]ecipient|[Mm]ember|[Vv]eteran|[Ii]nmate|[Ss]tudent)";
        add(L"\\b" + titles + L"\\.? +(" NAME_ L")", "NAME", 1);
        add(L"\\b((?:[A-Z]\\. ?)?" NH_ L"(?: (?:[A-Z]\\. )?" PART_ L"?" N_ L"){0,2}(?: [A-Z]\\.)?),? (?:M\\.?D\\.?|NNP|CNP|AGNP|AGACNP|WHNP|CPNP|PNP|CRNP|"
            L"MBChB|MBBCh|FRCPI|FRCS|FRCSC|MRCP|FRACP|BCPS|CCRN|RNFA|LMSW|CADC|BCBA|D\\.?O\\.?|RN|R\\.N\\.|NP|N\\.P\\.|PA-C|PA|LPN|"
            L"PharmD|Pharm\\.D\\.|PhD|Ph\\.D\\.|MS|MSW|LCSW|LICSW|RDMS|RDCS|RVT|RT|RRT|CRNA|CNM|CNA|CMA|DPM|DDS|DMD|OD|PsyD|MBBS|FRCPC?|"
            L"FACS|FACP|APRN|ANP|FNP|DNP|ACNP|PT|DPT|OT|OTR|SLP|CCC-SLP|RD|RDN|LDN|CDE|CDCES|IBCLC|MPH|MBA|Esq|EMT|EMT-P|Paramedic|"
            L"CRC|CCRP|CGC|MA|BSN|ARNP|PMHNP|LMFT|LPC|LMHC|CHW|CPhT|RPh|MLS|MT|HTL|CT|PGY-?\\d|MS\\d|MS-\\d|intern|resident|fellow)\\b",
            "NAME_CRED", 1);
        static const std::wstring labels =
            L"(?:[Pp]atient(?: [Nn]ame)?|[Nn]ame|Pt(?: [Nn]ame)?|[Aa]ttending(?: [Pp]hysician)?|[Rr]esident|PCP|[Pp]rimary [Cc]are|[Ss]urgeon|"
            L"[Aa]ssistant|[Aa]nesthesi(?:a|ologist)|[Pp]hysician|[Pp]rovider|[Rr]eferring(?: [Pp]hysician| [Pp]rovider| MD)?|[Dd]ictated [Bb]y|"
            L"(?:[Ee]lectronically )?[Ss]igned(?: [Bb]y)?|[Cc]o-?signed(?: [Bb]y)?|cc|CC|[Cc]opy to|[Aa]uthor|[Ii]nterpreter|[Nn]urse|RN|"
            L"[Cc]ontact|[Ee]mergency [Cc]ontact|NOK|[Nn]ext of [Kk]in|[Gg]uardian|[Ff]ellow|[Cc]onsultant|[Rr]eviewed [Bb]y|[Ss]een [Bb]y|"
            L"[Ss]een [Ww]ith|[Dd]iscussed [Ww]ith|[Oo]rdering(?: [Pp]rovider| [Pp]hysician)?|[Oo]rdered [Bb]y|[Rr]equested [Bb]y|"
            L"[Rr]eported [Bb]y|[Rr]ead [Bb]y|[Rr]eported [Tt]o|[Pp]harmacist|[Tt]herapist|[Ww]itness(?:ed by)?|[Cc]ase [Mm]anager|"
            L"[Ss]ocial [Ww]orker|[Cc]haplain|[Cc]aregiver|HCP|[Hh]ealth [Cc]are [Pp]roxy|[Pp]roxy|POA|[Ss]ponsor|[Ee]mployer [Cc]ontact|"
            L"[Tt]echnologist|[Ss]onographer|[Tt]ech|[Ss]cribe|[Ee]ndoscopist|[Pp]athologist|[Rr]adiologist|[Cc]ardiologist|[Oo]perator|"
            L"[Pp]erformed [Bb]y|[Vv]erified [Bb]y|[Cc]ollected [Bb]y|[Tt]ranscribed [Bb]y|[Pp]repared [Bb]y|[Cc]alled|[Pp]aged|"
            L"[Hh]anded off to|[Ss]ign-?out to|[Ff]rom|[Tt]o|[Aa]ttn|ATTN|[Mm]other|[Ff]ather|[Ss]pouse|[Ll]ab [Cc]ontact|MD|DO|NP|PA)";
        add(L"(?:^|\\n|[;,(] ?|\\. |  |\\t)" + labels + L"\\s*[:\\-]\\s*(" NAME_ L"(?:, " NH_ L"(?: [A-Z]\\.)?)?)", "NAME", 1);
        add(L"\\b(?:[Ss]igned(?: electronically)? by|[Dd]ictated by|[Ss]een (?:by|with)|[Dd]iscussed with|[Rr]eviewed with|[Ee]xamined by|"
            L"[Cc]overing for|[Pp]er|[Ff]or|[Ww]ith|[Cc]alled|[Pp]aged|[Tt]old|[Ii]nformed|[Aa]ccompanied by|[Bb]rought in by|[Rr]eferred by|"
            L"[Cc]ared for by|[Ss]upervised by|[Ii]nterpreted by|[Ss]ign-?out to|[Hh]andoff to|[Ss]poke with|[Ss]poke to|[Mm]et with) "
            L"(" N_ L" " N_ L"(?: " N_ L")?)(?=,? (?:MD|DO|RN|NP|PA|at|on|in|who|and|\\(|,|\\.|;))", "NAME", 1);
        static const std::wstring rel =
            L"(?:[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Ss]pouse|[Pp]artner|[Mm]other|[Ff]ather|[Ss]ister|[Bb]rother|[Nn]iece|[Nn]ephew|"
            L"[Gg]randdaughter|[Gg]randson|[Gg]randmother|[Gg]randfather|[Gg]randma|[Gg]randpa|[Aa]unt|[Uu]ncle|[Cc]ousin|[Ff]riend|"
            L"[Nn]eighbou?r|[Rr]oommate|[Bb]oyfriend|[Gg]irlfriend|[Ff]ianc[eé]e?|[Cc]aregiver|[Gg]uardian|[Ss]tep(?:daughter|son|mother|father)|"
            L"[Dd]aughter-in-law|[Ss]on-in-law|[Mm]om|[Dd]ad|[Ss]ibling|[Cc]hild|[Ll]andlord|[Ee]mployer|[Bb]oss|[Cc]oworker|[Cc]o-worker|"
            L"[Pp]astor|[Ss]ponsor|[Cc]ase worker|[Cc]aseworker|[Hh]ome aide|[Aa]ide|[Tt]eacher|[Cc]oach|[Ll]awyer|[Aa]ttorney|HCP|[Pp]roxy|"
            L"[Ii]nterpreter|[Tt]ranslator|[Nn]urse|[Pp]harmacist|[Tt]herapist|[Tt]ech|[Tt]echnologist|[Ss]ocial worker|[Cc]ase manager|"
            L"[Pp]aramedic|[Oo]fficer|[Dd]etective|[Vv]olunteer|[Cc]haplain|[Dd]oula|[Mm]idwife|[Ss]urrogate|[Ww]itness|[Dd]river|[Ss]cribe|"
            L"[Pp]atient|[Cc]ontact)";
        add(L"\\b" + rel + L"(?:s|'s)?,? (?:\\(|named |is |was )?(" NAME_ L")", "NAME", 1);
        add(L"\\b" + rel + L"(?:s|'s)?,? " NAME_ L",? and (" NAME_ L")", "NAME", 1);
        add(L"\\b(?:[Pp]arents|[Cc]hildren|[Ss]iblings|[Kk]ids|[Gg]randchildren|[Dd]aughters|[Ss]ons|[Ss]isters|[Bb]rothers),? (" NAME_ L")(?: and (" NAME_ L"))?", "NAME", 1);
        add(L"\\b(?:[Pp]arents|[Cc]hildren|[Ss]iblings|[Kk]ids|[Gg]randchildren|[Dd]aughters|[Ss]ons|[Ss]isters|[Bb]rothers),? " NAME_ L" and (" NAME_ L")", "NAME", 1);
        add(L"(?:^|\\n)[^\\n:]{0,40}: (" N_ L" " N_ L"(?: " N_ L")?)(?=, (?:[a-z]|\\d|G\\d)| \\(| and | was | is | has )", "NAME", 1);
        add(L"(?:^|\\n|\\. |: )(" N_ L" " N_ L"(?: " N_ L")?) (?=was|is|has|had|reports|reported|denies|denied|presents|presented|completed|returned|"
            L"arrived|states|stated|tolerated|lives|lived|remains|refused|asked|agrees|agreed|declined|underwent|received|came|continues|"
            L"notes|noted|called|feels|felt|says|said|wants|wishes|understands|verbalized|appears|works|worked|missed|requests|requested)",
            "NAME", 1);
        add(L"\\b(" NAME_ L") \\((?:[a-z -]*)?(?:daughter|son|wife|husband|spouse|partner|mother|father|sister|brother|niece|nephew|"
            L"grand\\w+|aunt|uncle|cousin|friend|neighbou?r|roommate|boyfriend|girlfriend|fianc\\w*|caregiver|guardian|step\\w+|mom|dad|HCP|"
            L"proxy|POA|health care proxy|interpreter|RN|nurse|pharmacist|PT|OT|SLP|SW|CM|chaplain|lawyer|attorney|landlord|employer|"
            L"coworker|sponsor|case manager|social work\\w*|tech\\w*|\\w+ologist|patient|pt|emergency contact|contact|NOK|cell|home|mobile|"
            L"lab|radiology|registration|security|transport|dietary|pharmacy|billing|scheduling|front desk|clerk|unit clerk|charge|"
            L"dispatch|EMS|medic|police|DSS|CPS|APS|vendor|agency)",
            "NAME", 1, false);
        add(L"(?:^|\\n)\\s*(?:--+|—|/s/|~|-)\\s*(" NAME_ L")", "NAME", 1);
        add(L"(?:^|\\n|\\. )(" N_ L" " N_ L"(?: " N_ L")?)(?=,? (?:is an?|was an?|\\d{1,3} ?(?:y|yo|M|F|year)|age \\d|a \\d|an \\d|\\d{2}[MF]\\b))",
            "NAME", 1);
        add(L"\\b(" N_ L" " N_ L"),? (?:\\d{1,3} ?(?:[MF]|yo|y/o|year)|\\d{1,3}-year|age \\d|DOB|MRN|SSN|born)", "NAME", 1);
        add(L"\\b(" N_ L")'s (?:mother|father|daughter|son|wife|husband|sister|brother|family|mom|dad|parents|spouse|partner|caregiver)\\b",
            "NAME", 1);
        // Common English given names (a list written for Sagitta from general knowledge, not from a
        // package) followed by a capitalised word: a full name wherever it stands.
        add(L"\\b(?:" + givenNames() + L")(?: [A-Z]\\.)? " N_ L"(?:-" N_ L")?\\b", "NAME");
        // --- More general layers (issue 12, third pass).
        // Name lexicon (resources/text/names_en.tsv, US Census family names and SSA given names):
        // a capitalised word before a listed family name, "Family, Given", and a listed name standing
        // alone inside a sentence (after a small word, not at its start), eponym uses excepted.
        static const std::wstring surnames = L"(?:" + lexiconNames('S') + L")";
        static const std::wstring given = L"(?:" + lexiconNames('G') + L"|" + givenNames() + L")";
        add(L"\\b(" N_ L"(?:-[A-Za-z][a-z]+)? (?:[A-Z]\\. )?" + surnames + L")\\b(?!-)", "NAME_SURNAME", 1);
        add(L"\\b(?:[A-Z][a-z]+-[a-z]+|[A-Z][a-z]+-[A-Z][a-z]+) (" N_ L")\\b(?= (?:is|was|has|had|and|\\(|,))", "NAME");
        add(L"\\b(" + surnames + L", " + given + L")\\b", "NAME", 1);
        // (A lookbehind, so that the search starts only at capitals.)
        add(L"(?<=[a-z,;)] )(" + surnames + L"|" + given + L")\\b(?![-'’]|\\.[A-Z]| [A-Z][a-z])", "NAME", 1);
        // A given name opening a message before a comma or a dash ("Rob, Ms. Ortiz in bed 4 ...", "Hi Gloria -").
        add(L"(?:^|\\n)[ \\t]*(?:(?:Hi|Hello|Dear|Hey|Thanks|Thank you),? )?(" + given + L")(?=,| ?[\u2014\u2013]| - )", "NAME", 1);
        // Dates: a weekday before a numeric date; "the end of March, 2021"; ordinal words; seasons
        // with a year; a month and day of a calendar anywhere except clinical ratios (5/5 strength,
        // 4/10 pain, 20/40 vision).
        add(L"\\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,? \\d{1,2}/\\d{1,2}(?:/\\d{2,4})?\\b", "DATE");
        add(L"\\b(?:the )?(?:very )?(?:end|beginning|start|middle|first week|second week|third week|last week|week|first half|second half|"
            L"spring|summer|fall|autumn|winter|holidays) of " + mon + L"\\.?(?:,? (?:of )?(?:19|20)\\d{2})?\\b", "DATE", 0, true);
        add(L"\\b(?:(?:early|mid|late|the) )?(?:spring|summer|fall|autumn|winter),? (?:of )?(?:19|20)\\d{2}\\b", "DATE", 0, true);
        static const std::wstring ordinal = L"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                                            L"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
                                            L"twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty-first)";
        add(L"\\b(?:the )?" + ordinal + L" of " + mon + L"(?:,? (?:19|20)\\d{2})?\\b", "DATE", 0, true);
        add(L"\\b" + mon + L" (?:the )?" + ordinal + L"(?:,? (?:19|20)\\d{2})?\\b", "DATE");
        add(L"(?:^|[^\\w/.:-])((?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01]))(?![\\w/%]|\\.\\d|:\\d| ?(?:pain|strength|power|murmur|"
            L"throughout|in (?:all|both|bilateral|upper|lower)|bilat|b/l|UE|LE|OD|OS|OU|mmHg|views?|sets?|reps?|points?|doses?|tabs?|of|"
            L"positive|negative|systolic|diastolic|grade|bilaterally|score)\\b)",
            "DATE", 1);
        add(L"\\b(?:age of|aged?|turned|turns|turning) (9\\d|1[0-4]\\d)\\b(?! ?(?:%|mg|kg|min|lbs?|bpm|mmHg))", "AGE", 1, true);
        add(L"(?:^|[^\\d.])(9\\d|1[0-4]\\d) ?(?:/|-)? ?(?:[MF]|male|female|man|woman|yr|yrs|y)\\b(?!/\\d)", "AGE", 1, true);
        add(L", (9\\d|1[0-4]\\d),? (?=(?:male|female|man|woman|widow|retired|lives|who|with|presents|presented|is|was|admitted|[MF]\\b))",
            "AGE", 1, true);
        // Numbers that look like identifiers wherever they stand: digit groups joined by dashes (at
        // least six digits), capitals mixed with three or more digits, user names with digits.
        add(L"(?:^|[^\\w.-])(?!(?:[01]\\d|2[0-3])[0-5]\\d-(?:[01]\\d|2[0-3])[0-5]\\d\\b)((?=(?:\\d-?){6})\\d{2,}(?:-\\d{2,}){1,4})(?![\\w.-]|\\s?(?:mg|mL|ml|g|kg|cc|units?|cells|mcg|mm|cm|IU|U\\b|%|/))",
            "ID", 1);
        add(L"\\b(?!G\\d{1,2}P\\d{1,4}\\b|[cpy]?T[0-4xX][a-d]?N[0-3xX][a-c]?(?:M[01xX])?\\b|[CTLS]\\d{1,2}[CTLS]\\d{1,2}\\b|CA-?125|CA-?199|HbA1c|[A-Z]\\d{2,4}[A-Z]\\b|\\d+(?:U|IU|MU|KU|MG|ML)\\b)(?=[A-Z0-9]*\\d\\d)(?=[A-Z0-9]*\\d[A-Z0-9]*\\d[A-Z0-9]*\\d)"
            L"(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\\d[A-Z])[A-Z0-9]{5,}\\b", "ID");
        add(L"\\b[a-z]{3,}\\d{2,}\\b(?!@)", "ID");
        // Places: postcodes of the UK and Canada, a ZIP after a state, more countries, a city before a
        // country, proper nouns after verbs of living, working and moving, named wards with a number.
        add(L"\\b[A-Z]{1,2}\\d[A-Z\\d]? \\d[A-Z]{2}\\b", "ADDRESS");
        add(L"\\b[A-Z]\\d[A-Z] \\d[A-Z]\\d\\b", "ADDRESS");
        add(L"\\b(?:" + states + L"|" + stateNames + L")\\.?,? (\\d{5}(?:-\\d{4})?)\\b", "ADDRESS", 1);
        static const std::wstring countries2 =
            L"(?:South Korea|North Korea|Czech Republic|Czechia|Hungary|Romania|Bulgaria|Serbia|Croatia|Bosnia|Albania|Kosovo|Moldova|"
            L"Belarus|Lithuania|Latvia|Estonia|Slovakia|Slovenia|Iceland|Cyprus|Malta|Luxembourg|Cameroon|Zimbabwe|Zambia|Rwanda|Burundi|"
            L"Eritrea|Sierra Leone|Mali|Ivory Coast|Cote d'Ivoire|Guinea|Togo|Benin|Niger|Chad|Angola|Mozambique|Malawi|Botswana|Namibia|"
            L"Madagascar|Libya|Tunisia|Algeria|Costa Rica|Panama|Trinidad(?: and Tobago)?|Barbados|Bahamas|Uruguay|Paraguay|Belize|"
            L"Mongolia|Uzbekistan|Kazakhstan|Kyrgyzstan|Tajikistan|Turkmenistan|Armenia|Azerbaijan|Qatar|Oman|Kuwait|Bahrain|UAE|"
            L"United Arab Emirates|Bhutan|Fiji|Samoa|Tonga|Cape Verde|Guam|Burma|Tibet|Macau|Macao|Micronesia|Marshall Islands|"
            L"Papua New Guinea|East Timor|Brunei|Maldives|Mauritius|Seychelles|Gambia|Scotland|Northern Ireland|Hong Kong)";
        add(L"\\b" + countries2 + L"\\b", "ADDRESS");
        add(L"\\b((?:" N_ L" ){0,2}" N_ L"), (?:" + countries2 + L"|[A-Z][a-z]+)(?= \\d{4,6}\\b)", "ADDRESS", 1);
        // Numbered roads (1800 Route 28, County Road 12, Highway 6, I-95) and operating rooms and pods
        // by number or letter (OR 7, Pod B; not an odds ratio, OR 1.5).
        add(L"\\b(?:\\d{1,5} )?(?:Route|Rte\\.?|Highway|Hwy\\.?|County Road|State Road|State Route|Interstate|I-) ?\\d{1,4}\\b", "ADDRESS");
        add(L"\\b(?:OR|Pod) ?#?(\\d{1,2}|[A-H])\\b(?![.,]\\d| ?%)", "ADDRESS", 1);
        // A ward by its building and floor after a verb of moving a patient (transferred to Bigelow 11,
        // moved to Phillips House 21, boarded on White 9).
        add(L"\\b(?:[Tt]ransferred|[Mm]oved|[Aa]dmitted|[Ss]ent|[Bb]rought|[Rr]eturned|[Bb]oarded|[Bb]oarding|[Tt]ransfer|[Aa]dmit|[Bb]ed) "
            L"(?:back )?(?:to|on) (?:the )?(?!(?:Medicine|Surgery|Cardiology|Oncology|Neurology|Psychiatry|Pediatrics|Team|Service|Floor|Room|Bed|Pod|Bay|Unit|Ward|Step)\\b)(" N_ L"(?: (?:House|Building|Pavilion|Tower|Wing))? \\d{1,2}[A-Z]?)\\b(?![.:/-]\\d| ?(?:mg|mcg|units?|mL|ml|L|%|hours?|days?|weeks?))",
            "ADDRESS", 1);
        // Lakes, capes and mountains by name (Lake Tahoe, Cape Cod, Mount Hood); a town after a place word
        // before a state whose abbreviation is also a clinical one (in Boulder, CO. from Salem, OR).
        add(L"\\b(?:Lake|Cape|Mount|Mt\\.|Fort|Ft\\.|Port) " N_ L"(?: " N_ L")?\\b", "ADDRESS");
        add(L"\\b(?:in|from|to|near|outside|of|at) ((?:" N_ L" ){0,2}" N_ L", (?:CO|OR|IN|PA|MD|DE|OK|LA|ME|HI|AL|NE|SC|NC|MS|ID))\\b(?=[.,;)]|\\s*$|\\s*\\n)",
            "ADDRESS", 1);
        // A town before its country (Cork, Ireland; Lagos, Nigeria).
        add(L"\\b(?!(?:From|In|To|At|Near|Born|Visiting|Lives|Moved|Family|Home|Patient|Pt)\\b)((?:" N_ L" ){0,2}" N_ L"), " + countries2 + L"\\b", "ADDRESS", 1);
        add(L"\\b(?:[Gg]rew up|[Ee]migrated|[Ii]mmigrated|[Rr]elocated|[Ss]tays|[Ss]taying|[Vv]isited|[Vv]isiting|[Tt]ravel(?:l)?ed|[Tt]rip|[Hh]iking|[Cc]amping|[Ff]ishing|"
            L"[Vv]acationed|[Vv]acationing|[Ss]pent|[Ss]tationed|[Dd]eployed|[Ll]ived|[Ll]ives|[Ll]iving|[Rr]esides|[Mm]oving|[Mm]oved|[Cc]ame|[Cc]omes|[Hh]ails|[Ff]amily|[Hh]ome|"
            L"[Hh]ouse|[Cc]abin|[Ff]arm|[Aa]partment|[Cc]ondo|[Ff]riends|[Rr]elatives) (?:[a-z]+ ){0,3}(?:in|to|from|near|around|outside|at) (?:the )?"
            L"((?:" N_ L" ){0,2}" N_ L")(?![- ](?:Hospital|Clinic|Medical|Health|Center|disease|syndrome))",
            "ADDRESS", 1);
        add(L"\\b(?:works?|worked|working|employed|employee|job|volunteers?|volunteered|enrolled|attends?|attended|studies|studied|"
            L"teaches|taught|retired|manager|cashier|nurse|teacher|driver|engineer|student|clerk|professor|mechanic|janitor|"
            L"technician|contractor|accountant|custodian|cook|chef|waiter|waitress|guard|officer) (?:as an? [a-z -]{2,30} )?"
            L"(?:at|for|from|with|of) (?:the )?((?:" N_ L"|[A-Z]{2,6})(?:(?: |-)(?:" N_ L"|[A-Z]{2,6}|of|&|and)){0,4})",
            "HOSPITAL", 1);
        add(L"\\b(?:transferred|transfer|transported|admitted|referred|followed|treated|presented|discharged|sent|brought|evaluated|"
            L"records|imaging|outside|seen|delivered|born|care) (?:[a-z]+ ){0,2}(?:from|to|at|by) (?:the )?"
            L"((?:" N_ L"|[A-Z]{2,6})(?:(?: |-)(?:" N_ L"|[A-Z]{2,6}|of|&|and)){1,4})",
            "HOSPITAL", 1);
        add(L"\\b(?:transferred|moved|admitted|returned|sent|brought|back|taken|located|bed|room|went|arrived|upstairs|downstairs) "
            L"(?:to|on|from|at) (?:the )?(" N_ L" \\d{1,2}[A-Z]?|\\d{1,2}[A-KM-Z]{1,2})\\b(?! ?(?:mg|mL|ml|g|kg|units?|%|days?|weeks?|hours?))",
            "ADDRESS", 1);
        add(L"\\b(?:" N_ L" ){1,2}(?:Drive|Court|Terrace|Circle|Trail|Highway|Crescent|Alley|Square|Heights|Estates|Apartments|"
            L"Towers|Village|Commons|Manor|Meadows|Ridge|Hollow|Landing|Crossing)\\b",
            "ADDRESS");
        // More ages over 89: "92yoF", "still driving at 93", "in his nineties".
        add(L"\\b(9\\d|1[0-4]\\d)(?=y/?o[MF]\\b|y[MF]\\b|yo[a-z]?\\b)", "AGE", 1);
        add(L"\\b(?<![A-Z]{2} )(?:at|is|now|of) (9\\d|1[0-4]\\d)(?=[,.;)]|$| years| yrs| yo\\b| and (?:lives|still|independent))", "AGE", 1, true);
        add(L"\\b(?:her|his|their|the|early|mid|late) (nineties)\\b", "AGE", 1, true);
        // Ages over 89 in words: "aged ninety-two", "a ninety-four-year-old", "one hundred years old".
        add(L"\\b(?:age|aged|is|a|an|age of)[: ] ?((?:ninety|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)\\b"
            L"(?![- ](?:percent|%|mg|minutes|seconds|beats|days|pounds|kg))", "AGE", 1, true);
        add(L"\\b((?:ninety|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)(?=[- ]years?[- ]old)", "AGE", 1, true);
        add(L"\\b(9\\d|1[0-4]\\d)(?:st|nd|rd|th) birthday\\b", "AGE", 1, true);
        add(L"\\b(?:woman|man|lady|gentleman|female|male|patient|veteran|widow|widower|resident|gent) of (9\\d|1[0-4]\\d)\\b"
            L"(?! ?(?:%|mg|kg|mmHg|bpm|lbs?|mm|cm|min))", "AGE", 1, true);
        // Local numbers without an area code, identifiers of one letter and digits, rooms and units.
        add(L"(?:^|[^\\d\\w.-])(\\d{3}-\\d{4})(?![\\d\\w-]|\\s?(?:mg|mL|ml|g|kg|units?|cells|mcg|%|/))", "PHONE", 1);
        add(L"\\b[a-z]\\d{4,}\\b", "ID");
        add(L"\\b(?:[Rr]oom|[Rr]m|[Uu]nit|[Ww]ard|[Ff]loor|[Pp]od|[Bb]ay|[Bb]ed|[Ss]uite|[Ww]ing|[Tt]ower|[Bb]uilding|[Bb]ldg|[Dd]orm|"
            L"[Ss]tation|[Cc]ubicle|[Ll]ocker)\\.? ?#?\\s*"
            L"([A-Z]?\\d{1,4}[A-Z]?(?:-[A-Z0-9]{1,4})?|[A-Z](?:-\\d{1,4})?)\\b(?! ?(?:mg|mL|%|hours?|days?|minutes?))",
            "ADDRESS", 1);
        add(L"\\b(?:to|on|from|at|in|onto|off) (?:the )?(\\d{1,2}-?[A-Z][a-z]*(?: \\d{1,2})?|" N_ L" \\d{1,2}[A-Z]?)\\b"
            L"(?! ?(?:mg|mL|ml|g|kg|units?|%|days?|weeks?|hours?|minutes?|mcg|L\\b|lpm|cm|mm|times?|x\\b|/))",
            "PLACE_WORD_NUMBER", 1);
        // Organisations: capitalised phrases after "at", "from", "with" that are not generic.
        add(L"\\b(?:at|from|with|for|by|via|through) (?:the )?((?:" N_ L"|[A-Z]{2,5})(?:(?:'s)? (?:" N_ L"(?:'s)?|[A-Z]{2,5}|of|&|and|the)){1,5})",
            "ORG_AFTER_PREP", 1);
        // --- Fourth pass (issue 12): forms seen in a second development set (deid_dev_*.txt).
        // A full name opening a line or sentence before what is said of a patient ("Jürgen Schäfer
        // returns", "Babatunde Akinola, cirrhosis", "Will Ashworth, 60,"), a nickname in quotes between
        // given and family name, a family name with its particle, a name in capitals family name first
        // anywhere after a colon or at a line's start; each kept only when one of its capitalised words
        // is no English or clinical word, or a listed name (NAME_WEAK, NAME_CAPS).
        add(L"(?:^|\n|\\. )[ \t]*(" NH_ L" (?:[A-Z]\\. )?" PART_ L"?" N_ L"(?: " N_ L")?)(?=,? (?:returns?|returned|with|w/|s/p|status post|"
            L"here|seen|follows?|followed|presents|presented|comes|came|underwent|reports|admitted|transferred|was|is|has|had|today|"
            L"tolerated|remains|continues|denies|states|notes|complains|c/o|arrived|brought|referred)\\b|, (?:a |an )?\\d{1,3}(?:,| ?(?:yo\\b|y/o|M\\b|F\\b|y\\.o\\.|years?|-year))|, [a-z]|"
            L", an? [a-z-]*year-old| ?\\| | {2,}(?:MRN|DOB|Acct|ID|Age|Sex)\\b| \\((?:MRN|DOB|ID|employee|badge|age|\\d))",
            "NAME_WEAK", 1);
        // The same after a field's gap on a header line ("MRN: 6018823   Olufemi Adeyemi-Park").
        add(L"(?:\\d|[a-z])   +(" NH_ L" (?:[A-Z]\\. )?" PART_ L"?" NH_ L"(?: " N_ L")?)(?=[ \t]*(?:\n|$))", "NAME_WEAK", 1);
        add(L"\\b(" N_ L" [\"\u201c][A-Za-z][A-Za-z .'-]{0,18}[\"\u201d] (?:[A-Z]\\. )?" PART_ L"?" N_ L")", "NAME");
        add(L"\\b(" NH_ L" (?:[A-Z]\\. )?" PART_ N_ L")(?![A-Za-z])", "NAME_WEAK", 1);
        add(L"(?:^|\n|:[ \t]*|  )((?:MC|MAC|O')?[A-Z]{2,}(?:[-'][A-Z]{2,})?, [A-Z]{2,}(?:[-'][A-Z]{2,})?(?: [A-Z]\\.?)?)(?![A-Za-z])", "NAME_CAPS", 1);
        add(L"\\b(?:[Pp]t|[Pp]atient|Name)\\.?:? (" N_ L", " NH_ L")(?![A-Za-z])", "NAME_WEAK", 1);
        add(L"\\b(?:chart|records?|behalf|care|custody|estate|account|file) of (" NAME_ L")", "NAME_WEAK", 1);
        // A name after a bed in a handoff list ("Bed 12 Pavlov - watcher", "Bed 7 - Hope, 19F").
        add(L"\\b(?:Bed|Rm|Room|Bay) ?\\d{1,3}[A-Z]? ?[-\u2013:]? ?(" N_ L")(?= [-\u2013] [a-z]|: [A-Za-z\\d]|, \\d{1,3} ?[MF]\\b| \\(\\d{1,3} ?[MF]\\))", "NAME", 1);
        // A first name after a role's label at the end of a line ("Pre-op RN: Tess", "Endoscopy tech: Raúl").
        add(L"\\b(?:RN|[Nn]urse|[Tt]ech|MD|NP|PA|[Ss]cribe|[Ii]nterpreter|CNA|LPN|[Cc]harge|[Pp]harmacist|[Tt]herapist|[Cc]harted by)"
            L"\\s*:\\s*(" N_ L"(?: [A-Z]\\.)?)(?=[ \t]*(?:\n|$|[,;.(]))", "NAME", 1);
        // Staff initials after a role or as a signature line ("Transcribed by: jkw", "Tech: R.M.", "-- JT").
        add(L"\\b(?:[Tt]ech|[Tt]echnologist|[Cc]ytotechnologist|[Tt]ranscribed by|[Tt]yped by|[Ss]cribe|[Ss]onographer|[Pp]hlebotomist|"
            L"[Rr]egistration|[Aa]sst|[Vv]erified by|[Cc]ollected by|[Pp]erformed by|[Rr]ead back by|[Ee]ntered by)\\s*[:(]?\\s*"
            L"([A-Z]{2,3}|[a-z]{2,3}|[A-Z]\\.[A-Z]\\.(?:[A-Z]\\.)?)(?![A-Za-z]|\\.[A-Za-z])", "NAME_INITIALS", 1);
        add(L"(?:^|\n|\\. )[ \t]*(?:--|\u2014|\u2013|-|/s/)[ \t]*([A-Z]{2,3}|[A-Z]\\.[A-Z]\\.)[ \t]*(?=\n|$)", "NAME_INITIALS", 1);
        // Ages over 89 said of someone ("She's 93 and lives at home", "Pt Cornelius Ashby, ninety,").
        add(L"(?:'s|\\bis|\\bwas|\\bturns|\\bturned) (9\\d|1[0-4]\\d)(?= and |,? (?:lives|still|independent|widowed|who|years))", "AGE", 1);
        add(L", ((?:ninety|one hundred)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?),", "AGE", 1);
        // Streets of other languages, a street named after where someone lives or works without its
        // number, a town and state after a street, a town before a British postcode.
        add(L"\\b\\d{1,6} (?:Calle|Avenida|Av\\.|Camino|Rue|Via|Rua|Paseo|Carrera|Calzada|Strada|Strasse|Stra\u00dfe)(?: (?:de la|de|del|la|los|las))? "
            N_ L"(?: " N_ L")?", "ADDRESS");
        add(L"\\b(?:on|off|near|along) (" N_ L"(?: " N_ L")? (?:Dr|Drive|Rd|Road|St|Street|Ave|Avenue|Blvd|Ln|Lane|Way|Ct|Court|Pkwy|Hwy))\\b", "ADDRESS", 1);
        add(L"(?:Rd|St|Ave|Dr|Ln|Blvd|Way|Ct|Road|Street|Avenue|Drive|Lane|Court|Place|Pl|Pkwy|Hwy|Box \\d+|Apt \\d+[A-Z]?|Suite \\d+|Unit \\d+)\\.?, "
            L"((?:" N_ L" ){0,2}" N_ L", [A-Z]{2})\\b", "ADDRESS", 1);
        add(L"\\b((?:" N_ L" )?" N_ L")(?= [A-Z]{1,2}\\d[A-Z\\d]? \\d[A-Z]{2}\\b)", "ADDRESS", 1);
        // Organisations: hospitals named by a word that is not their last (Mercy West, Children's Mercy,
        // Jackson Memorial), agencies and companies by their last words, insurers with their state,
        // pharmacy chains, Spanish names of hospitals and pharmacies.
        add(L"\\b(?:Mercy|Shriners|Children's) " N_ L"(?: " N_ L")?\\b", "HOSPITAL");
        add(L"\\b(?:" N_ L" ){1,2}(?:Memorial|Mercy|Hospitals|Home Care|Home Health Care|Technologies|Rehab & Nursing|Rehabilitation & Nursing|"
            L"Nursing & Rehab(?:ilitation)?|Senior Care|Hospice)\\b", "HOSPITAL");
        add(L"\\bBlue Cross(?: (?:and |& )?Blue Shield)?(?: of (?:the )?" N_ L"(?: " N_ L")?)?", "HOSPITAL");
        add(L"\\b(?:Rite Aid|Safeway|Publix|Meijer|Wegmans|Albertsons|Duane Reade|Boots|Lloyds Pharmacy|Hy-Vee|Giant Eagle|Kaiser Permanente)\\b", "HOSPITAL");
        add(L"\\b(?:Farmacias?|Hospital|Cl[i\u00ed]nica|Centro M[e\u00e9]dico|Sanatorio)(?: (?:de|del|la|los|las|San|Santa))* " N_ L"(?: " N_ L")?", "HOSPITAL");
        // From the third development set (deid_dev3_*.txt): names after a role's label ("Perfusionist:
        // Gareth Pryce", "Triage RN: K. Abernathy", "Crew: B. Szabo, R. Nunez"), initials of a participant
        // ("Participant A.K.", "patient L.M.", "Initials M.T.R.").
        add(L"\\b(?:Triage RN|Charge RN|RN|NP|PA|SANE|[Pp]erfusionist|[Aa]udiologist|[Dd]ietitian|[Cc]haplain|[Tt]echnologist|[Ss]onographer|"
            L"[Rr]adiographer|[Cc]rew|[Mm]edic|[Aa]djuster|[Cc]laimant|[Ss]ubject|[Pp]articipant|[Mm]anager|[Oo]fficer|[Ww]orker|[Cc]aseworker|"
            L"[Ss]upervisor|[Pp]hysicist|[Ee]mbryologist|[Gg]enetic counselor|[Cc]ounselor|[Pp]sychologist|[Pp]sychiatrist|[Aa]nesthetist|"
            L"[Oo]ptometrist|[Dd]entist|[Hh]ygienist|[Pp]odiatrist|[Cc]hiropractor|[Pp]harmacist|[Tt]ranslator|[Ii]nterpreter|[Dd]river|"
            L"[Rr]esident|[Ii]ntern)\\s*:\\s*(" NAME_ L"(?:, (?:[A-Z]\\. )?" N_ L")?)", "NAME_WEAK", 1);
        add(L"\\b(?:[Pp]articipant|[Pp]atient|[Pp]t|[Ss]ubject|[Ii]nitials|[Cc]lient|[Rr]esident)\\s*:?\\s*([A-Z]\\.[A-Z]\\.(?:[A-Z]\\.)?)", "NAME_INITIALS", 1);
        // Identifiers after more labels, also letters and digit groups (Med Rec #: 7730-418-2, MRN: MGH 4419820,
        // Unit number W0364 24 118273 8, medallion 5T88), vehicle plates, DICOM UIDs.
        add(L"\\b(?:MRN|MR|Med(?:ical)? Rec(?:ord)?|Record|Rx|RX|Hosp|Unit|Acct|Account|Enc|Encounter|Visit|Case|Claim|Complaint|Incident|"
            L"Specimen|Slide|Block|Accession|Acc|Order|Ref|Reference|Medallion|Transmitter|License|Licence|DL|Badge|Employee|Study|Site|"
            L"Member|Policy|Group)s?(?: (?:band|label|tag|ID|IDs|[Nn]umbers?|[Nn]o\\.?|#))?\\s*[:#]?\\s*"
            L"((?:[A-Z]{1,4} )?(?=[A-Z0-9-]*\\d[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]*[A-Z0-9](?: \\d{1,8}){0,4})\\b", "ID", 1);
        add(L"\\b[Pp]late(?: number| #| no\\.?)?:?\\s*((?:[A-Z]{2} )?[A-Z0-9]{1,4}[- ]?[A-Z0-9]{2,4})\\b", "ID", 1);
        add(L"\\b(?:UID|OID)\\s*[:#]?\\s*((?:\\d+\\.){3,}\\d+)|\\b[12](?:\\.\\d+){5,}\\b", "ID");
        // Rural routes, highways with a box or lot, units after a street (Lot 47, 3rd Floor), German streets
        // and a postcode before a town and country.
        add(L"\\b(?:RR|R\\.R\\.|Rural Route|HC|Star Route) ?\\d+,? (?:Box|Lot) \\d+", "ADDRESS");
        add(L"\\b(?:Hwy|Highway|Route|Rte|County Road|CR|State Route|SR) \\d+(?: [NSEW])?,? (?:Box|Lot) \\d+", "ADDRESS");
        add(L"\\b(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Hwy|Highway|Pike|Parkway|Pkwy)\\.?,? "
            L"((?:Lot|Space|Trailer|Unit|Apt|Suite|Ste) \\d+[A-Z]?|\\d{1,2}(?:st|nd|rd|th) (?:Floor|Fl))\\b", "ADDRESS", 1);
        add(L"\\b(?:" N_ L"(?:str\\.|strase|strasse|weg|gasse|platz|allee|ring)|" N_ L" (?:Str\\.|Strase|Strasse|Weg|Gasse|Platz|Allee|Ring)) \\d{1,4}[a-z]?\\b", "ADDRESS");
        add(L"\\b(\\d{4,5} " N_ L"(?:[- ]" N_ L")?)(?=, (?:Germany|Deutschland|Austria|Switzerland|France|Italy|Spain|Netherlands|Belgium|Denmark|"
            L"Sweden|Norway|Finland|Poland|Portugal))", "ADDRESS", 1);
        add(L"\\b(?!(?:From|In|To|At|Near|Born|Visiting|Lives|Moved|Family|Home|Patient|Pt)\\b)((?:" N_ L" ){0,2}" N_ L"), "
            L"(?:Italy|France|Germany|Spain|Portugal|Poland|Greece|Ireland|England|Scotland|Mexico|Canada|India|Pakistan|Nigeria|Ghana|Kenya|"
            L"Ethiopia|Brazil|Colombia|Peru|Chile|Argentina|Philippines|Vietnam|China|Japan|Korea|South Korea|Egypt|Israel|Iran|Iraq|Syria|"
            L"Lebanon|Jordan|Turkey|Russia|Ukraine|Haiti|Cuba|Jamaica|Guatemala|Honduras|El Salvador|Nicaragua|Dominican Republic|"
            L"Puerto Rico|South Africa|Australia|New Zealand|Sweden|Norway|Denmark|Netherlands|Belgium|Switzerland|Austria)\\b", "ADDRESS", 1);
        // Organisations: hospitals named by their first words (Hospital for Special Surgery, Klinikum rechts der
        // Isar), more insurers, state agencies, an acronym a patient is sent to, prisons.
        add(L"\\bHospital (?:for|of) (?:the )?" N_ L"(?: " N_ L"){0,3}", "HOSPITAL");
        add(L"\\b(?:Klinikum|Clinique|Ospedale|Hopital|Krankenhaus|Spital|Policlinico|Universitatsklinikum)(?: (?:rechts|links|der|de|del|della|di|"
            L"des|du|la|le|am|an|San|Santa|Saint|Sainte))* " N_ L"(?: " N_ L")?", "HOSPITAL");
        add(L"\\b(?:HMSA|MassHealth|Medi-Cal|TRICARE|Tricare|Anthem|Highmark|Molina|Centene|WellCare|Ambetter|Geisinger|Premera|Regence|"
            L"CareFirst|Florida Blue|Excellus|EmblemHealth|Fidelis|Healthfirst|Amerigroup|HealthPartners|Harvard Pilgrim|Tufts Health Plan|"
            L"Texas Mutual|BCBS(?: [A-Z]{2})?)\\b", "HOSPITAL");
        add(L"\\b" + stateNames + L" (?:[A-Z]{3,6}|State Patrol|State Police|Highway Patrol|Department of " N_ L"(?: " N_ L")?)\\b", "HOSPITAL");
        add(L"\\b(?:[Tt]ransferred|[Tt]ransported|[Ss]ent|[Rr]eferred|[Aa]dmitted|[Ff]lown) to (?!(?:ICU|MICU|SICU|CCU|CVICU|NICU|PICU|PACU|ED|ER|OR|"
            L"IR|CT|MRI|EEG|EKG|ECG|EMU|IMU|TCU|CDU|LTAC|LTACH|SNF|ALF|IRF|PT|OT|SLP|GI|ENT|OB|HDU|ICN|SCN|BMT|ECMO|CVU|PCU|MSICU|NSICU|CTICU|"
            L"TICU|BICU|ASU|DOU|OBS)\\b)([A-Z]{3,6})\\b(?! (?:team|service|unit|bed|room|floor))", "HOSPITAL", 1);
        add(L"\\b(?:MCI|FCI|USP|FMC|SCI|CDCR)[- ]" N_ L"\\b", "HOSPITAL");
        // An organisation after a label that says it is one (Employer: Ericsson, Agency: Holmes County
        // Visiting Nurses, vendor LanguageLine Solutions), a saint's name after a preposition (at Saint Francis).
        add(L"\\b(?:Employer|Agency|[Vv]endor|Company|Carrier|Home pharmacy|Pharmacy|School|Daycare|Shelter|Church|Practice|Alternative|FROM)"
            L"\\s*:?\\s*((?:" N_ L"|[A-Z]{2,6}|[a-z]+[A-Z][a-z]+)(?:(?: |-)(?:" N_ L"|[A-Z]{2,6}|of|&|and|for|the)){0,6})", "ORG_LABEL", 1);
        add(L"\\b(?:at|to|from) ((?:St\\.?|Saint) " N_ L"(?:'s)?(?: " N_ L"){0,2})", "HOSPITAL", 1);
        // An extension written with a dash (x4-7721), a call or run number of an ambulance service.
        add(L"\\b[Xx](\\d{1,2}-\\d{4})\\b", "PHONE", 1);
        add(L"\\b(?:[Cc]all|[Rr]un|[Ii]ncident|[Dd]ispatch|[Tt]rip|[Ee]vent)(?: #| [Nn]o\\.?| [Nn]umber)?:? ?#?(\\d{2,4}-\\d{4,})\\b", "ID", 1);
        // --- Chinese names from context
        chinese = true;
        static const std::wstring zhBefore =
            L"(?:患者|病人|病儿|患儿|姓名|医师|医生|主治医师|住院医师|主任医师|副主任医师|主管医师|经治医师|上级医师|记录医师|记录者|医师签名|"
            L"签名|签字|联系人|家属|儿子|女儿|丈夫|妻子|爱人|老伴|母亲|父亲|之子|之女|儿媳|女婿|孙子|孙女|外孙|外孙女|哥哥|姐姐|弟弟|妹妹|"
            L"侄子|侄女|护士|责任护士|护士长|药师|技师|治疗师|主刀|术者|一助|二助|助手|麻醉医师|麻醉师|审核|审核医师|报告医师|报告者|"
            L"会诊医师|检查医师|诊断医师|操作者|操作医师|录入|打印|同学|邻居|朋友|室友|监护人|委托人|代理人|陪同|陪护|护工|指导老师|班主任|老师|"
            L"教练|同事|领导|律师|民警|警官|翻译|社工|志愿者|保姆|转告|告知|通知|嘱|由|交班给|接班|值班医师|值班医生|带教|进修医师|规培医师|"
            L"实习医师|研究生|申请医师|申请者|送检医师|开单医师|采集者|采样者|复核|核对者|主持人|参加人员|记录人|汇报人|病人姓名|患者姓名|配偶|"
            L"亲属|姨|舅|叔|伯|婶|姑|受检者|检验者|审核者|检查者|送检者|被检者|就诊者|体检者|报告人|接收人|审核人|检验人|送检人|签收人|孕妇|产妇|"
            L"其子|其女|其妻|其夫|其母|其父|长子|次子|长女|次女|女友|男友|老伴|前妻|前夫|继子|继女|养子|养女|新生儿|患儿母亲|患儿父亲|接诊医师|接诊医生|首诊医师|管床医师|管床医生|主诊医师|交接人|接班人|交班人|家长|学生|患者本人|先证者|来访者|签约居民|劳动者|老人|居民|当事人|申请人|求助者|咨询者|"
            L"被鉴定人)";
        add(zhBefore + L"[:：]?\\s?(?:儿子|女儿|孙子|孙女|外孙女?|丈夫|妻子|爱人|老伴|母亲|父亲|哥哥|姐姐|弟弟|妹妹|儿媳|女婿|侄子|侄女)?"
            L"(?:[\u4e00-\u9fff]{1,6}科)?(" ZHSUR_ CJK_ L"{1,2})", "NAME_ZH", 1);
        // Any short label with a colon, then a family name and one or two characters standing alone.
        add(L"[\u4e00-\u9fff]{1,5}[:：][ 　]?(" ZHSUR_ CJK_ L"{1,2})(?=[ \t　，,。；;）)]|\\n|$)", "NAME_ZHLABEL", 1);
        add(L"(?:^|\\n)[ \t　]*(" ZHSUR_ CJK_ L"{1,2})[ \t　]*(?=\\n|$)", "NAME_ZH", 1);
        // A name before a title, also before 副 (王建国副主任医师); the role words that open with a family
        // name (麻醉医生, 门诊医师) and the second character of 主任 or of a role (医师陈主任) are none.
        add(L"(?<![医护药技主副责开])(?!麻醉|管床|申请|门诊|康复|全科|母亲|母女|母子)(" ZHSUR_ L"(?:(?!副(?:主任|教授|院长|主治|主管))" CJK_ L"){0,2})"
            L"(?=(?:副|代理)?(?:主治医师|主治|主管护师|护师|规培|进修医|主任|医生|医师|大夫|教授|护士长|护士|老师|先生|女士|小姐|阿姨|大爷|大妈|奶奶|爷爷|"
            L"某某|某|院长|药师|技师|同学|师傅|师父|律师|警官|社工|同志|主管|经理|队长|科长)(?![\u4e00-\u9fff]{0,1}(?:科|病|征|综合)))",
            "NAME_ZHT", 1);
        add(L"[、，,]\\s?(" ZHSUR_ CJK_ L"{1,2})(?=[、，,]|等)", "NAME_ZHLIST", 1);
        // A name spaced after its label (患者：王 芳), after a verb of naming (病人叫李红梅), or in brackets
        // after 患者 (患者（陈小平）拒绝).
        add(L"(?:患者|病人|姓名|患者姓名|病人姓名)[:：]\\s?(" ZHSUR_ L"[ 　]" CJK_ L"{1,2})(?=[，,。；;\\s]|$)", "NAME_ZH", 1);
        add(L"(?:名叫|叫做|姓名为|名字叫|名为|(?<![呼喊大尖])叫)(" ZHSUR_ CJK_ L"{1,2})(?=[，,。；;\\s（(]|$)", "NAME_ZH", 1);
        add(L"(?:患者|病人|患儿|家属|联系人)[（(](" ZHSUR_ CJK_ L"{1,2})[）)]", "NAME_ZH", 1);
        // The last name of a list of names (手术医师：张三、李四。), a family name with a placeholder for the
        // given name (赵XX), and a relation's nickname (女儿小芳沟通, 丈夫老王表示).
        add(L"" ZHSUR_ CJK_ L"{1,2}、(" ZHSUR_ CJK_ L"{1,2})(?=[。；;，,]|\\n|$)", "NAME_ZHLIST", 1);
        add(L"(" ZHSUR_ L"(?:XX|xx|ＸＸ|\\*\\*|××))", "NAME");
        add(L"(?:儿子|女儿|丈夫|妻子|爱人|老伴|母亲|父亲|哥哥|姐姐|弟弟|妹妹|孙子|孙女|朋友|同事|邻居)((?:小|老|阿)[\u4e00-\u9fff])"
            L"(?=[，,。表同要拒签陪代诉知了认希决询来到探在电手联沟])", "NAME", 1);
        add(L"(?:^|[^\u4e00-\u9fff])(" ZHSUR_ CJK_ L"{1,2})(?=[，,]\\s?[男女][，,]|（[男女]|\\([男女]|[，,]\\s?\\d{1,3}岁)", "NAME_ZH", 1);
        // A family name and one or two characters before a verb said of people, or a relation in brackets.
        add(L"(" ZHSUR_ CJK_ L"{1,2}?)(?=(?:表示|要求|同意|拒绝|签字|签名|陪同|陪护|代诉|诉说|知情|了解病情|认为|希望|决定|询问|来院|到院|探视|"
            L"在场|签署|电话|手机|联系|代为|作为|系患者|为患者|是患者)|[（(](?:患者|其)?之?(?:子|女|妻|夫|母|父|儿子|女儿|丈夫|妻子|母亲|父亲|家属|"
            L"朋友|同事|邻居|哥哥|姐姐|弟弟|妹妹|孙子|孙女|外孙|侄子|侄女|儿媳|女婿|监护人|联系人|护工|保姆|老伴|爱人|配偶))",
            "NAME_ZH", 1);
        // A relation and a name before a phone number (陪同：弟弟次仁，189...; 朋友马哈茂德，电话...), a
        // family name alone after a signing label at the end of a line (医师：祁), and a name opening a
        // line before a comma and an institution (陈红，中南大学湘雅医院肿瘤科).
        add(L"(?:儿子|女儿|丈夫|妻子|爱人|老伴|母亲|父亲|哥哥|姐姐|弟弟|妹妹|朋友|同事|邻居|孙子|孙女|侄子|侄女|儿媳|女婿|室友|男友|女友|"
            L"配偶|家属|联系人)[:：]?\\s?([\u4e00-\u9fff]{2,4})(?=[，,]\\s?(?:联系)?(?:电话|手机|\\+?\\d[\\d -]{6,}))",
            "NAME_ZHT", 1);
        add(L"(?:医师|医生|护士|签名|签字|审核|审核者|报告医师|报告者|记录者|记录人|检查者)[:：][ 　]?(" ZHSUR_ L")(?=[ \t　]*(?:\n|$))",
            "NAME_ZHT", 1);
        add(L"(?:^|\n)[ \t　]*(" ZHSUR_ CJK_ L"{1,2})[，,][ 　]?(?=[^\n，,。]{2,20}(?:医院|大学|中心|卫生院|诊所))", "NAME_ZHT", 1);
        // Transliterated names with a middle dot (阿卜杜拉·买买提), and after the strongest anchors any
        // two to four characters standing alone (names without a listed family name: 格桑, 次仁).
        add(L"([\u4e00-\u9fff]{2,6}[·•・][\u4e00-\u9fff]{2,8}(?:[·•・][\u4e00-\u9fff]{2,8})?)", "NAME_DOT", 1);
        // (Without a colon the anchor must begin a phrase: 住院患者基本信息 is a heading.)
        static const std::wstring anchor = L"(?:患者|患儿|病人|姓名|患者姓名|病人姓名|联系人|家属|签名|医师签名|签字|监护人|委托人|代理人|受检者|被检者|就诊者|"
                                           L"孕妇|产妇|服务对象|来访者|咨询人|受试者)";
        add(L"(?:(?<![\u4e00-\u9fff])" + anchor + L"|" + anchor + L"(?=[:：]))[:：]?\\s?"
            L"(?:儿子|女儿|丈夫|妻子|爱人|老伴|母亲|父亲|哥哥|姐姐|弟弟|妹妹)?"
            L"([\u4e00-\u9fff]{2,4})(?=[，,]\\s?[男女]|（[男女]|\\([男女]|[，,]\\s?\\d{1,3}岁|\\s*[\\n　]|\\s*$|[ \t]+[\u4e00-\u9fff]{1,6}[:：])",
            "NAME_ZHT", 1);
        // --- Chinese organisations and addresses
        add(L"[^\\s\\d于在至往到赴及、，,。：:；;的去从来回转诊住为经送由前后曾现已既就请向“”\"（）()【】]{2,16}?"
            L"(?:医院|卫生院|卫生室|卫生所|卫生服务中心|卫生服务站|疾病预防控制中心|疾控中心|医疗中心|医学中心|体检中心|检验中心|影像中心|康复中心|"
            L"透析中心|急救中心|诊所|门诊部|医务室|检验所|医学检验实验室|保健院|保健所|医学院|大学|学院|学校|小学|中学|幼儿园|公司|集团|研究所|"
            L"研究院|养老院|敬老院|福利院|派出所|居委会|村委会|工厂|药房|药店|大药房)(?:[\u4e00-\u9fff]{0,4}(?:分院|院区))?"
            L"(?:(?:附属)?(?:第[一二三四五六七八九十\\d]+)?(?:人民|中心|儿童|妇幼|肿瘤|口腔)?医院)?",
            "HOSPITAL");
        add(L"(?:住址|地址|现住址|家住|现住|住在|居住于|居住在|户籍地|户籍|籍贯|出生地|通讯地址|单位地址|家庭住址|联系地址|来自|原籍|居住地)[:：]?\\s?"
            L"([^\\s，,。；;（(）)\\n　：:、]{2,40})", "ADDRESS", 1);
        add(L"(?:[\u4e00-\u9fff]{2,7}(?:省|自治区|特别行政区)|[\u4e00-\u9fff]{2,4}?(?:市|自治州|地区|盟)|"
            L"[\u4e00-\u9fff]{1,4}?(?:区|县|旗))+[\u4e00-\u9fff\\d]{1,12}?(?:路|街|大道|道|巷|弄|胡同|里|镇|乡|村|小区|花园|公寓|社区)"
            L"(?:[\\d一二三四五六七八九十]+(?:号|弄|巷|段|栋|幢|座|楼|单元|层|室|组|社|排|户|号楼|-)|[\u4e00-\u9fff]{1,4}(?:小区|花园|苑|村|公寓|大厦))*"
            L"(?:[\\d\\-]+(?:号|室|栋|楼|单元))*",
            "ADDRESS");
        add(L"[\u4e00-\u9fff]{2,7}?(?:省|自治区)|[\u4e00-\u9fff]{2,3}?市|[\u4e00-\u9fff]{1,3}?(?:区|县)(?=[\u4e00-\u9fff]{0,8}(?:路|街|镇|乡|村|人|医院))",
            "ADDRESS");
        static const std::wstring zhPlaces =
            L"(?:北京|上海|天津|重庆|广州|深圳|杭州|南京|武汉|成都|西安|苏州|长沙|郑州|济南|青岛|沈阳|大连|哈尔滨|长春|石家庄|太原|合肥|福州|"
            L"厦门|南昌|南宁|昆明|贵阳|兰州|西宁|银川|乌鲁木齐|拉萨|呼和浩特|海口|三亚|宁波|温州|无锡|常州|徐州|佛山|东莞|珠海|汕头|义乌|保定|"
            L"唐山|潍坊|烟台|洛阳|香港|澳门|台北|山东|江苏|浙江|广东|河北|河南|湖北|湖南|四川|云南|贵州|陕西|山西|甘肃|青海|福建|江西|安徽|"
            L"辽宁|吉林|黑龙江|海南|台湾|广西|内蒙古|宁夏|新疆|西藏|加州|纽约|伦敦|东京|巴黎|中国|美国|日本|英国|德国|法国|加拿大|澳大利亚|"
            L"韩国|印度|巴基斯坦|尼日利亚|俄罗斯|越南|泰国|新加坡|马来西亚|意大利|西班牙|荷兰|瑞士|新西兰|菲律宾|印度尼西亚|缅甸|老挝|柬埔寨|"
            L"蒙古|朝鲜|埃及|南非|巴西|墨西哥|阿根廷)";
        add(zhPlaces + L"(?!病|症|征|菌|片|丸|新碱|瑞滨|地辛|花碱|族)", "ADDRESS");
        // A district written without its city's 市 (广州白云区务工).
        add(zhPlaces + L"(?:省|市)?([\u4e00-\u9fff]{2}[区县])(?![\u4e00-\u9fff]{0,2}(?:医院|病))", "ADDRESS", 1);
        // Hospitals by their short names (郑大一附院, 中山附一院), large employers, and foreign cities.
        add(L"[\u4e00-\u9fff]{1,4}(?:[一二三四五]附院|附[一二三四五]院?)(?![\u4e00-\u9fff]{0,1}科)", "HOSPITAL");
        add(L"(?:阿里巴巴|腾讯|华为|富士康|百度|京东|美团|字节跳动|小米|比亚迪|中石化|中石油|国家电网|顺丰|海尔|格力|联想)", "HOSPITAL");
        add(L"(?:曼谷|大阪|首尔|釜山|吉隆坡|雅加达|马尼拉|河内|胡志明市|金边|万象|仰光|洛杉矶|旧金山|芝加哥|波士顿|"
            L"多伦多|温哥华|柏林|罗马|马德里|莫斯科|悉尼|墨尔本|奥克兰|迪拜|开罗|内罗毕)", "ADDRESS");
        // Independent laboratories that test samples sent to them.
        add(L"(?:迪安诊断|金域医学|金域检验|艾迪康|达安基因|华大基因|贝瑞和康|燃石医学|世和基因|泛生子|诺禾致源|凯普生物|安必平|兰卫医学|高新达安)", "HOSPITAL");
        add(L"(?:协和|湘雅|华西|齐鲁|瑞金|同济|华山|仁济|中山医|301医院)(?![\u4e00-\u9fff]{0,3}(?:医院|大学))", "HOSPITAL");
        add(L"(?:邮编|邮政编码)[:：]?\\s?(\\d{6})", "ADDRESS", 1);
        // Crossings of two streets (友谊路与平江道交口) and campuses with their dormitories (紫金港校区蓝田3舍).
        add(L"[\u4e00-\u9fff]{2,6}(?:路|街|大道|道)(?:与|和|、)[\u4e00-\u9fff]{2,6}(?:路|街|大道|道)(?:交口|交叉口|路口|交汇处|十字路口)?", "ADDRESS");
        add(L"[\u4e00-\u9fff]{2,3}校区(?:[\u4e00-\u9fff]{1,6}\\d{1,3}(?:舍|栋|号楼|幢|楼)(?:\\d{1,4}室?)?)?", "ADDRESS");
        // Fourth pass (issue 12), from the second development set: a name in brackets after a nickname
        // or another name (患者老张（张德福）, 罗大爷（罗金水）, 豆豆（大名杨子轩）); one family name or a list of
        // them after a role's label (交班护士：吕，接班护士：潘; 诊断医师：景、翟、柏; 医师签名：熊/严俊; 咨询师：尹心理师);
        // a name before 之子 or 之女; a nurse's nickname after her label (器械护士：小周, 研究护士：贝贝); any two to
        // four characters after a doctor's label at the end of a field (报告医师：次旦卓玛  审核：达瓦).
        add(L"[（(](?:大名|本名|真名|原名|学名|又名)?(" ZHSUR_ CJK_ L"{2})[）)]|(?<=[某老小阿师生士爷婆姨叔伯奶])[（(](" ZHSUR_ CJK_ L")[）)]", "NAME_ZH", 1);
        add(L"(?:护士|医师|医生|药师|技师|治疗师|物理师|咨询师|心理师|检验者|审核者|核对者|审核|签名|签字|记录者|报告者)[:：][ 　]?"
            L"(" ZHSUR_ L"(?:" CJK_ L"{1,2})?(?:[、/](?:" ZHSUR_ L")(?:" CJK_ L"{1,2})?){0,4})"
            L"(?=[ \t　]*(?:\n|$)|[，,、。；;/]|[ 　]{2}|心理师|医师|护士|药师)", "NAME_ZHT", 1);
        add(L"(?=[\u4e00-\u9fff]{2,3}之[子女夫妻母父长次])(" ZHSUR_ CJK_ L"{1,2})之(?:子|女|夫|妻|母|父|长子|次子|长女|次女)", "NAME_ZH", 1);
        add(L"(?:护士|护工|保姆|研究护士|器械护士|巡回护士|责任护士|护理员|助产士)[:：]\\s?((?:小|老|阿)[\u4e00-\u9fff])(?=[。，,；;\\s]|$)", "NAME", 1);
        add(L"(?:报告医师|审核医师|经治医师|主治医师|检查医师|诊断医师|签名医师|医生|医师|审核)[:：][ 　]?([\u4e00-\u9fff]{2,4})(?=[ \t　]*(?:\n|$)|[ 　]{2})",
            "NAME_ZH", 1);
        // From the third development set: a nickname before the real name in brackets (小宝（大名郑梓涵）, 小名"二丫"),
        // names without a listed family name after a relation or role and before what they do (丈夫努尔兰签署,
        // 女儿其其格，身份证号), a name between a department and a title (康复科纳兰副主任医师), a name after a
        // bed in a handoff (5床 潘桂英：), after 核实为, initials of a trial subject, a Latin name after 患者;
        // hospitals by their short names (中山一院, 浙大儿院, 南海人医, a short name in brackets after the full one),
        // bureaus and centres, insurers, plates, buildings and floors, autonomous prefectures.
        add(L"(?:患儿|患者|服务对象|来访者|咨询人|对象)[:：]?((?:小|阿|老)[\u4e00-\u9fff]|[\u4e00-\u9fff]{2})(?=[（(](?:大名|化名|本名|小名)?)", "NAME", 1);
        add(L"小名[\"“]?([\u4e00-\u9fff]{1,3})[\"”]", "NAME", 1);
        add(L"(?:丈夫|妻子|儿子|女儿|母亲|父亲|家属|陪同家属|陪护|奶奶|爷爷|外婆|外公|助产士|理赔专员|专员|报告人|社工|同学)[:：]?(?:女儿|儿子|丈夫|妻子)?"
            L"([\u4e00-\u9fff]{2,4}?)(?=签署|签字|同意|表示|陪同|，身份证|，电话|，手机|同住|[，,。；;]|\\s|$)", "NAME_ZH", 1);
        add(L"(?:医师|医生|经治医师|会诊医师|主治医师)[:：]?(?!主治|住院|主管|副主|主任|值班|进修|规培|实习|责任)([\u4e00-\u9fff]{2,3}?)(?=副?(?:主任|医生|医师|教授))", "NAME_ZH", 1);
        add(L"[\u4e00-\u9fff]科(?!主治|住院|主管|副主|主任|值班|进修|规培|实习|责任|医|护)([\u4e00-\u9fff]{2,3}?)(?=(?:副|代理)?(?:主任医师|主治医师|主任|医生|医师|教授|护士长))", "NAME_ZH", 1);
        add(L"\\d{1,3}床[ 　]?(" ZHSUR_ CJK_ L"{1,2})(?=[：:，,\\s])", "NAME_ZH", 1);
        add(L"(?:核实为|确认为|身份为|证实为)(" ZHSUR_ CJK_ L"{1,2})", "NAME_ZH", 1);
        add(L"姓名缩写[:：]\\s?([A-Z]{2,4})", "NAME", 1);
        add(L"(?:患者|病人|患儿|家属|联系人|接诊医师|医师|医生)[:：]?\\s?((?:[A-Z][a-z]+ ){1,3}[A-Z][a-z]+)", "NAME", 1);
        add(L"医院[（(]([\u4e00-\u9fff]{2,5})[）)]|[\u4e00-\u9fff]{1,3}(?:人医|儿院|[一二三四五六]院)(?![\u4e00-\u9fff]{0,1}(?:科|病))", "HOSPITAL");
        add(L"[^\\s\\d于在至往到赴及、，,。：:；;的去从来回转诊住为经送由前后曾现已既就请向]{2,12}?(?:民政局|公安局|卫健委|卫生局|社保局|医保局|管理局|教育局|人社局|"
            L"研究中心|防治中心|防治院|防治所|老人院|交警大队)", "HOSPITAL");
        add(L"(?:中国平安|平安保险|中国人寿|太平洋保险|泰康人寿|新华保险|中国人保|人保财险)", "HOSPITAL");
        add(L"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·•]?[A-Z0-9]{5,6}(?![A-Za-z0-9])", "ID");
        add(L"(?:[A-Z东西南北中]区|[\u4e00-\u9fff]{1,2}[园区])\\d{1,3}(?:楼|号楼)(?![\u4e00-\u9fff]{0,1}梯)", "ADDRESS");
        add(L"[\u4e00-\u9fff]{2,8}?(?:自治州|自治县|自治旗)", "ADDRESS");
        // Organisations by more last words (北京第一机床厂, 腾讯科技（深圳）有限公司, 美年大健康深圳福田分院) and by
        // name (pharmaceutical companies, health-check chains); places by more last words (苏州工业园区,
        // 人民广场); a nationality (波兰籍).
        add(L"[\u4e00-\u9fff]{2,12}?(?:（[\u4e00-\u9fff]{2,4}）)?(?:股份有限公司|有限责任公司|有限公司|机床厂|制药厂|[^\\s\\d于在至的、，,。：:；;（）()]厂|分院|卫生中心)", "HOSPITAL");
        add(L"(?:罗氏|辉瑞|阿斯利康|诺华|默沙东|拜耳|强生|赛诺菲|礼来|葛兰素史克|恒瑞|爱康国宾|美年大健康|美年|和睦家|慈铭|瑞慈|博世|西门子|飞利浦|通用电气)"
            L"(?:制药|医药|医疗|医院|集团|公司)?", "HOSPITAL");
        add(L"[\u4e00-\u9fff]{2,6}?(?:工业园区|开发区|高新区|新区|园区)", "ADDRESS");
        add(L"[\u4e00-\u9fff]{2,6}?(?:广场|公园|车站|火车站|机场|地铁站|码头)(?=[\u4e00-\u9fff\\d，。,\\s])", "ADDRESS");
        add(L"(\\d{1,3})号(?=暖箱|病房|诊室|候诊区|透析机)", "ID", 1);
        add(L"(?<=[，,、\\s：:])([\u4e00-\u9fff]{2,5})籍(?!贯)", "ADDRESS", 1);
        chinese = false;
        add(L"\\b(?:ZIP|Zip|zip|Postal code|Postcode)[:\\s]*(\\d{5}(?:-\\d{4})?|[A-Z]\\d[A-Z] ?\\d[A-Z]\\d)", "ADDRESS", 1);
        add(L"\\b(?:Room|Rm|Ward|Unit|Building|Bldg|Floor|Tower|Pavilion|Wing|Pod)\\.? ?#?([A-Z]?\\d{1,4}[A-Z]?)\\b", "ADDRESS", 1);
        add(L"\\b(?:" N_ L" ){1,3}(?:Ward|Unit|Building|Tower|Pavilion|Wing|Hall|Park|Lake|River|Station|Airport|Mall|Plaza|Stadium|Beach|"
            L"Bridge|Library|Museum|Terminal|Square|Garden|Gardens|Heights|County|Township|Village)\\b",
            "ADDRESS");
        add(L"[\u4e00-\u9fff]{1,6}?(?:病区|号楼|公园|广场|车站|火车站|机场|小区)(?=[\\d，。,])", "ADDRESS");
        return v;
    }();
    return p;
}

} // namespace sagitta::core::text::deidpatterns
