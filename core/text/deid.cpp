#include "core/text/deid.h"

#include "core/text/coderegex.h"
#include "core/text/deidpatterns.h"
#include "core/text/deidwords.h"
#include "core/text/surrogates.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <cwctype>
#include <map>
#include <unordered_set>
#include <string_view>
#include <thread>

namespace sagitta::core::text {

using namespace deidwords;
using deidpatterns::Pattern;
using deidpatterns::patterns;

namespace {

std::wstring toWide(const std::u32string &s) { return std::wstring(s.begin(), s.end()); }

// The text the patterns read: Latin letters with diacritics as their base letter (José as Jose,
// Łukasz as Lukasz, Ștefan as Stefan, Lê Thị as Le Thi) and a typographic apostrophe as ' (O’Neil),
// one code point for one, so that accented names meet the same patterns, name lists and (ASCII)
// word boundaries as plain ones, and every offset is still one of the text. The tables hold the
// first letter of each character's canonical decomposition (Unicode NFD), '?' where it has none.
std::wstring foldForMatching(std::wstring w)
{
    static constexpr char latin1AndA[] = // U+00C0..U+017F; the first letter or a hand-picked one (Ł, Ø, ß, Æ, Þ)
        "AAAAAAACEEEEIIIIDNOOOOO?OUUUUYTsaaaaaaaceeeeiiiidnooooo?ouuuuytyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGg"
        "HhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    static constexpr char latinB[] = // U+0180..U+024F
        "????????????????????????????????Oo?????????????Uu????????????????????????????AaIiOoUuUuUuUuUu?AaAa??"
        "??GgKkOoOo??j???Gg??NnAa????AaAaEeEeIiIiOoOoRrRrUuUuSsTt??Hh??????AaEeOoOoOoOoYy????????????????????"
        "????????";
    static constexpr char additional[] = // U+1E00..U+1EFF (Vietnamese and others)
        "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSs"
        "SsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwy??????AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEe"
        "IiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy??????";
    static_assert(sizeof latin1AndA == 0xC0 + 1 && sizeof latinB == 0xD0 + 1 && sizeof additional == 0x100 + 1);
    for (wchar_t &c : w) {
        char b = '?';
        if (c >= 0xC0 && c < 0x180)
            b = latin1AndA[c - 0xC0];
        else if (c >= 0x180 && c < 0x250)
            b = latinB[c - 0x180];
        else if (c >= 0x1E00 && c < 0x1F00)
            b = additional[c - 0x1E00];
        else if (c == 0x2019)
            b = '\'';
        if (b != '?')
            c = wchar_t(b);
    }
    return w;
}

// Clinical eponyms and words that look like names: not a name when a clinical word follows.
bool eponymUse(const std::wstring &w, int start, int end)
{
    static const CodeRegex clinical(
        L"^(?:'s)?[ -](?:disease|syndrome|sign|coma|regimen|chemotherapy|catheter|procedure|operation|tube|score|scale|criteria|classification|fracture|"
        L"lymphoma|test|maneuver|manoeuvre|reflex|triad|phenomenon|node|nodes|ulcer|palsy|esophagus|oesophagus|cyst|tumou?r|"
        L"sarcoma|reaction|type|stage|grade|position|incision|line|bag|drain|balloon|filter|stent|valve|shunt|forceps|retractor|"
        L"mask|tube|suture|stitch|needle|body|bodies|cells?|granules|disorder|dementia|plus|ophthalmopathy|orbitopathy|"
        L"fistula|arthritis|colitis|sclerosis|hernia|deformity|contracture|pouch|resection|dressing|boot|brace|splint|view|"
        L"questionnaire|index|rule|formula|equation|solution|diet|regimen|protocol|bowel|prep|method|technique|approach|sign|ganz|"
        L"s[eé]quard|barr|danlos|rules?|[IV]{1,3}\\b|skin|phototype|tooth|bethesda|pierre|jakob|mallory|weiss|wolff|parkinson|white)",
        true);
    const std::wstring after = w.substr(std::size_t(end), 30);
    (void)start;
    return clinical.search(after);
}

} // namespace

// Words that name no place or organisation by themselves: departments, units, care settings,
// months and weekdays, languages ("transferred to Cardiology", "moved to Step Down").
static bool onlyGenericWords(const std::wstring &w, int start, int end)
{
    static const std::vector<std::wstring> generic = {
        L"Emergency", L"Department", L"ED", L"ER", L"ICU", L"MICU", L"SICU", L"CCU", L"CVICU", L"NICU", L"PICU", L"Neuro", L"Intensive",
        L"Care", L"Unit", L"Cardiology", L"Radiology", L"Surgery", L"Medicine", L"Oncology", L"Neurology", L"Psychiatry", L"Nephrology",
        L"Urology", L"Orthopedics", L"Orthopaedics", L"Dermatology", L"Gastroenterology", L"GI", L"Pulmonary", L"Pulmonology",
        L"Endocrinology", L"Rheumatology", L"Hematology", L"Infectious", L"Disease", L"Diseases", L"Obstetrics", L"Gynecology", L"OB",
        L"GYN", L"Pediatrics", L"Geriatrics", L"Palliative", L"Hospice", L"Home", L"Rehab", L"Rehabilitation", L"Physical", L"Therapy",
        L"Occupational", L"Speech", L"PT", L"OT", L"SLP", L"Floor", L"Step", L"Down", L"Stepdown", L"Telemetry", L"Tele", L"Labor",
        L"Delivery", L"L&D", L"OR", L"PACU", L"Dialysis", L"Pharmacy", L"Lab", L"Laboratory", L"Pathology", L"Interventional", L"IR",
        L"Cath", L"Endoscopy", L"Anesthesia", L"Social", L"Work", L"Case", L"Management", L"Nutrition", L"Primary", L"Urgent",
        L"General", L"Internal", L"Family", L"Trauma", L"Burn", L"Transplant", L"Vascular", L"Cardiac", L"Cardiothoracic", L"Thoracic",
        L"Neurosurgery", L"ENT", L"Ophthalmology", L"Optometry", L"Dental", L"Behavioral", L"Health", L"Mental", L"Inpatient",
        L"Outpatient", L"Medical", L"Surgical", L"Service", L"Services", L"Team", L"Clinic", L"Hospital", L"Center", L"Facility",
        L"Nursing", L"Skilled", L"SNF", L"LTAC", L"LTACH", L"ALF", L"Assisted", L"Living", L"Long", L"Term", L"Acute", L"Subacute",
        L"Observation", L"Obs", L"MRI", L"CT", L"Echo", L"EEG", L"EMG", L"EKG", L"ECG", L"US", L"X-ray", L"Heart", L"Failure", L"Stroke",
        L"Wound", L"Pain", L"Sleep", L"Memory", L"Diabetes", L"Lung", L"Breast", L"Cancer", L"Spine", L"Joint", L"Vein", L"Liver",
        L"Kidney", L"Bone", L"Marrow", L"Infusion", L"Chemo", L"Chemotherapy", L"Radiation", L"Hyperbaric", L"Anticoagulation",
        L"Coumadin", L"Lipid", L"Weight", L"Bariatric", L"Fertility", L"Prenatal", L"Women's", L"Children's", L"Men's",
        L"January", L"February", L"March", L"April", L"May", L"June", L"July", L"August", L"September", L"October", L"November",
        L"December", L"Monday", L"Tuesday", L"Wednesday", L"Thursday", L"Friday", L"Saturday", L"Sunday", L"English", L"Spanish",
        L"Mandarin", L"Cantonese", L"Chinese", L"Portuguese", L"French", L"Arabic", L"Russian", L"Vietnamese", L"Korean", L"Haitian",
        L"Creole", L"Somali", L"Hindi", L"Bengali", L"Urdu", L"Tagalog", L"Polish", L"Italian", L"German", L"Japanese", L"ASL",
        L"Sign", L"Language", L"Bed", L"Room", L"Day", L"Week", L"Month", L"Year", L"POD", L"HD", L"Grade", L"Stage", L"Type",
        L"Level", L"Class", L"Phase", L"Cycle", L"Baseline", L"Normal", L"Stable", L"Good", L"Fair", L"Poor", L"Critical",
        L"Christmas", L"Thanksgiving", L"Easter", L"Halloween", L"New", L"Year's", L"Memorial", L"Labor", L"Independence",
        L"Catholic", L"Christian", L"Muslim", L"Jewish", L"Buddhist", L"Hindu", L"Baptist", L"Methodist", L"Lutheran", L"AA", L"NA",
        L"Medicare", L"Medicaid", L"VA", L"ID", L"Ob", L"Gyn", L"Main", L"Short", L"Stay", L"Unit", L"Ward", L"Bay", L"Pod"};
    int i = start;
    while (i < end) {
        while (i < end && (w[std::size_t(i)] == L' ' || w[std::size_t(i)] == L'-' || w[std::size_t(i)] == L','))
            ++i;
        int j = i;
        while (j < end && w[std::size_t(j)] != L' ' && w[std::size_t(j)] != L'-' && w[std::size_t(j)] != L',')
            ++j;
        if (j > i) {
            const std::wstring t = w.substr(std::size_t(i), std::size_t(j - i));
            const bool digits = std::all_of(t.begin(), t.end(), [](wchar_t c) { return std::iswupper(c); }) && t.size() <= 3;
            if (!digits && !isStopWord(t) && std::find(generic.begin(), generic.end(), t) == generic.end())
                return false;
        }
        i = j;
    }
    return true;
}

// GB 11643: 17 digits weighted 2^(17-i) mod 11, then the check character "10X98765432"[sum % 11].
bool chineseIdCardValid(const std::wstring &id)
{
    if (id.size() != 18)
        return false;
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        if (id[std::size_t(i)] < L'0' || id[std::size_t(i)] > L'9')
            return false;
        sum += (id[std::size_t(i)] - L'0') * ((1 << (17 - i)) % 11);
    }
    const wchar_t check = L"10X98765432"[sum % 11];
    return wchar_t(std::towupper(wint_t(id[17]))) == check;
}

namespace {

// The first space inside [start, end), or end; the last one, or npos. Bounded by the span: an
// unbounded search through a long text without spaces (Chinese) made every match cost the text.
std::size_t firstSpace(const std::wstring &w, int start, int end)
{
    for (int i = start; i < end; ++i)
        if (w[std::size_t(i)] == L' ')
            return std::size_t(i);
    return std::size_t(end);
}

std::size_t lastSpace(const std::wstring &w, int start, int end)
{
    for (int i = end - 1; i >= start; --i)
        if (w[std::size_t(i)] == L' ')
            return std::size_t(i);
    return std::wstring::npos;
}

// Words for a person's role or relation, capitalised before a name.
bool roleWord(const std::wstring &word)
{
    static const CodeRegex role(L"^(?:[Tt]echnologist|[Cc]ytotechnologist|[Pp]sychiatrist|[Pp]athologist|[Rr]adiologist|[Cc]ardiologist|"
                                L"[Oo]ncologist|[Nn]eurologist|[Aa]nesthesiologist|[Hh]ospitalist|[Ii]ntensivist|[Pp]sychologist|[Tt]rooper|"
                                L"[Oo]fficer|[Cc]oordinator|[Ss]onographer|[Rr]eader|[Cc]aller|[Pp]roband|[Ww]itness|[Mm]anager|[Pp]harmacist|"
                                L"[Tt]herapist|[Aa]udiologist|[Pp]erfusionist|[Dd]ietitian|[Cc]haplain|[Ii]nterpreter|[Nn]urse|[Rr]esident|"
                                L"[Ff]ellow|[Aa]ttending|[Ss]urgeon|[Cc]ounselor|[Pp]aramedic|[Pp]hysician|[Pp]rovider|[Ss]upervisor|[Ss]cribe|"
                                L"[Aa]ide|[Mm]idwife|[Dd]oula|[Ss]tudent|[Dd]etective|[Ss]ergeant|[Dd]eputy|[Aa]gent|[Pp]astor|[Aa]djuster|"
                                L"[Cc]laimant|[Pp]articipant|[Ss]ubject|[Ww]orker|[Cc]aseworker|[Hh]usband|[Ww]ife|[Ss]on|[Dd]aughter|[Mm]other|"
                                L"[Ff]ather|[Bb]rother|[Ss]ister|[Pp]artner|[Ff]riend|[Nn]eighbou?r|[Gg]randson|[Gg]randdaughter|[Nn]iece|[Nn]ephew|"
                                L"[Uu]ncle|[Aa]unt|[Cc]ousin|[Gg]uardian|[Cc]aregiver|[Tt]ech|[Rr]adiographer|[Pp]hysicist|[Dd]entist|[Hh]ygienist|"
                                L"[Pp]odiatrist|[Oo]ptometrist|[Tt]ranslator|[Dd]river|[Ii]ntern|[Ee]mbryologist|[Cc]rew|[Mm]edic)$");
    return role.search(word);
}

// True when every word of two letters or more in [start, end) is an English or clinical word and
// none is a listed name ("Chest Pain", "PHYSICAL EXAM"); words in lower case count only with
// lowerToo (particles such as "de la" are neither).
bool onlyPlainWords(const std::wstring &w, int start, int end, bool lowerToo)
{
    static const CodeRegex listed(L"^(?:" + lexiconNames('G') + L"|" + givenNames() + L"|" + lexiconNames('S') + L")$");
    for (int i = start; i < end;) {
        int j = i;
        while (j < end && std::iswalpha(w[std::size_t(j)]))
            ++j;
        if (j - i >= 2 && (lowerToo || std::iswupper(w[std::size_t(i)]))) {
            std::wstring lower = w.substr(std::size_t(i), std::size_t(j - i));
            for (wchar_t &c : lower)
                c = wchar_t(std::towlower(c));
            std::wstring title = lower;
            title[0] = wchar_t(std::towupper(title[0]));
            if (!(knownWords().count(lower) || clinicalWords().count(lower)) || listed.search(title))
                return false;
        }
        i = j + 1;
    }
    return true;
}

// The end of [start, end) once tail (a pattern anchored at the end, such as " and$") no longer
// matches: connectors left at the end of an organisation's name ("with DKA and", "Employer: X of").
int withoutTail(const std::wstring &w, int start, int end, const CodeRegex &tail)
{
    for (;;) {
        const auto hits = tail.findAll(w.substr(std::size_t(start), std::size_t(end - start)));
        if (hits.empty())
            return end;
        end = start + hits.back().first;
    }
}

// Drops matches that are clinical uses of eponyms and trims Chinese names that swallowed a
// following word.
bool accept(const std::wstring &w, int &start, int &end, const char *&category)
{
    const std::string cat = category;
    if (cat == "NAME_DOT") {
        // Words before a transliterated name are no part of it (患者阿卜杜拉·买买提).
        static const CodeRegex lead(L"^(?:患者|患儿|病人|家属|联系人|监护人|其子|其女|其妻|其夫|丈夫|妻子|儿子|女儿|母亲|父亲|爱人|"
                                    L"医师|医生|护士|主任|签名|姓名|告知|陪同|由|与|和|及|为|是|系|经|请|向|嘱)+[:：]?");
        const std::wstring t = w.substr(std::size_t(start), std::size_t(end - start));
        int cut = 0;
        for (const auto &[a, b] : lead.findAll(t))
            if (a == 0)
                cut = b;
        start += cut;
        category = "NAME";
        return end - start >= 4;
    }
    if (cat == "NAME_ZHLABEL") {
        // After a field of the record (诊断：, 结论：, 体位：, 文化：), a value is no name.
        static const std::vector<std::wstring> fields = {
            L"诊断", L"结果", L"结论", L"方式", L"体位", L"饮食", L"部位", L"性质", L"程度", L"分型", L"类型", L"意见", L"建议",
            L"印象", L"描述", L"所见", L"主诉", L"病史", L"用法", L"用量", L"剂量", L"频次", L"途径", L"备注",
            L"项目", L"名称", L"标本", L"样本", L"方法", L"文化", L"学历", L"职业", L"婚姻", L"民族", L"宗教", L"血型", L"过敏",
            L"病理", L"分期", L"分级", L"评分", L"状态", L"情况", L"病情", L"药物", L"剂型", L"规格",
            L"频率", L"来源", L"去向", L"转归", L"医嘱", L"等级", L"体温", L"血压", L"脉搏", L"呼吸", L"性别", L"科室",
            L"病区", L"医保", L"费别", L"付费", L"入院", L"出院", L"时间", L"日期", L"表现", L"症状", L"体征", L"查体", L"原因"};
        int colon = start - 1;
        while (colon > 0 && (w[std::size_t(colon)] == L' ' || w[std::size_t(colon)] == 0x3000))
            --colon;
        if (colon >= 2) {
            const std::wstring field = w.substr(std::size_t(colon - 2), 2);
            if (std::find(fields.begin(), fields.end(), field) != fields.end())
                return false;
        }
        category = "NAME_ZH";
        return accept(w, start, end, category);
    }
    if (cat == "NAME_ZH" || cat == "NAME_ZHLIST" || cat == "NAME_ZHT") {
        static const std::vector<std::wstring> titleWords = {L"主任", L"医生", L"医师", L"大夫", L"教授", L"护士", L"老师", L"先生",
                                                             L"女士", L"阿姨", L"某", L"大爷", L"大妈", L"奶奶", L"爷爷", L"师傅",
                                                             L"小姐", L"老伯", L"阿婆", L"婆婆", L"伯伯", L"叔叔", L"中医", L"老", L"副",
                                                             L"技师", L"药师", L"社工", L"同学", L"大伯", L"治疗师"};
        bool titled = cat == "NAME_ZHT";
        const std::wstring candidate = w.substr(std::size_t(start), std::size_t(end - start));
        for (const std::wstring &t : titleWords) {
            // Searched inside the candidate only: a search to the end of the text made long texts quadratic.
            const std::size_t in = candidate.find(t, 1);
            const std::size_t at = in == std::wstring::npos ? in : std::size_t(start) + in;
            if (at != std::wstring::npos && int(at) < end) {
                end = int(at);
                titled = true;
            }
        }
        if (cat == "NAME_ZHT") {
            // The first part of a title is no part of the name before it (王副主任, 李主治医师, 张责任护士).
            static const std::vector<std::wstring> titleStarts = {L"主治", L"住院", L"主管", L"责任", L"实习", L"进修", L"规培",
                                                                  L"值班", L"管床", L"主诊", L"主刀", L"副", L"总", L"老", L"小"};
            for (const std::wstring &t : titleStarts)
                if (end - start > int(t.size()) && w.compare(std::size_t(end) - t.size(), t.size(), t) == 0) {
                    end -= int(t.size());
                    break;
                }
        }
        static const std::wstring notLast = L"科性区室院部组型期级度籍族";
        if (notLast.find(w[std::size_t(end - 1)]) != std::wstring::npos)
            return false;
        static const std::vector<std::wstring> notNames = {
            L"高血", L"高热", L"高烧", L"高脂", L"高钾", L"高钙", L"高龄", L"高度", L"高危", L"高压", L"白细", L"白蛋", L"黄疸",
            L"谈话", L"申请", L"植入", L"查体", L"查房", L"查血", L"位于", L"商议", L"平素", L"平时", L"常规", L"明显", L"明确",
            L"时有", L"于今", L"于昨", L"于外", L"于我", L"于当", L"于门", L"于急", L"于入", L"于本", L"于术", L"于家", L"于当",
            L"于院", L"于前", L"于此", L"于次", L"于晨", L"于夜", L"于午", L"于上", L"于下", L"于该", L"于某", L"余无", L"余未",
            L"班级", L"白族", L"于半", L"于发", L"于就", L"于住", L"于出", L"于近", L"于年", L"于同", L"于多", L"于数", L"于每",
            L"无明", L"全身", L"全麻", L"金黄", L"石膏", L"安静", L"安返", L"安置", L"张力", L"周围", L"周身", L"孙辈", L"计划",
            L"关节", L"应用", L"应予", L"和家", L"向家", L"向患", L"于患", L"叶酸", L"华法", L"曾因", L"曾于", L"曾行", L"曾在",
            L"左侧", L"左下", L"左上", L"左心", L"左肺", L"双侧", L"经治", L"经上", L"陪同", L"由家", L"由其", L"齐全", L"成人",
            L"孙子", L"孙女"};
        const std::wstring cand = w.substr(std::size_t(start), std::size_t(std::min(2, end - start)));
        for (const std::wstring &n : notNames)
            if (cand == n)
                return false;
        while (end - start > 2 && zhStop(w[std::size_t(end - 1)]))
            --end;
        if (end - start == 3 && zhStop(w[std::size_t(end - 1)]))
            --end;
        {
            // A clinical term is no name (宫高, 利福平, 左髋, 房颤 after a label or in a list), nor is a
            // candidate that begins with one unless jieba tags the whole as a person name.
            const std::wstring whole = w.substr(std::size_t(start), std::size_t(end - start));
            const auto &terms = zhClinicalTerms();
            if (terms.count(whole) || (whole.size() > 2 && terms.count(whole.substr(0, 2)) && !zhPersonName(whole)))
                return false;
        }
        if (!titled) {
            // A name found from a weaker anchor is checked against the general word list (jieba's,
            // resources/text/segwords_zh.tsv) unless a comma, gender or age confirms it: a last
            // character that begins a word with what follows is cut ("李娜表示" -> 李娜); a candidate
            // that is itself a common word, or begins with one, is no name ("呼吸窘迫", "焦虑").
            static const CodeRegex genderAge(L"^(?:[，,]\\s?[男女]|[（(][男女]|[，,]\\s?\\d{1,3}岁)");
            const wchar_t next = std::size_t(end) < w.size() ? w[std::size_t(end)] : L'\n';
            static const std::wstring confirming = L"，,。；;）)：:（( \t\n　";
            const bool strong = genderAge.search(w.substr(std::size_t(end), 8));
            const bool confirmed = strong || confirming.find(next) != std::wstring::npos;
            if (end - start == 3 && !confirmed && zhWordFrequency(w.substr(std::size_t(end - 1), 2)) >= 100)
                --end;
            const std::wstring whole = w.substr(std::size_t(start), std::size_t(end - start));
            auto common = [](const std::wstring &t, double f) { return zhWordFrequency(t) >= f && !zhPersonName(t); };
            if (!confirmed && (common(whole, 10) || common(whole.substr(0, 2), 100)))
                return false;
            // A punctuation mark alone confirms no word that is common in general text (高兴, 项目,
            // 隆起 after a label and before a comma).
            if (!strong && common(whole, 200))
                return false;
            if (!confirmed && (whole[0] == L'于' || whole[0] == L'和' || whole[0] == L'单'))
                return false;
        }
        category = "NAME";
        return end - start >= (titled ? 1 : 2);
    }
    if (cat == "IDCARD") {
        category = "ID";
        return chineseIdCardValid(w.substr(std::size_t(start), std::size_t(end - start)));
    }
    if (cat == "NAME_SURNAME") {
        // "Heart Young" is no name: the word before a listed family name is a given name or no
        // English word.
        category = "NAME";
        const std::size_t sp = firstSpace(w, start, end);
        const std::wstring first = w.substr(std::size_t(start), sp - std::size_t(start));
        std::wstring lower = first;
        for (wchar_t &c : lower)
            c = wchar_t(std::towlower(c));
        static const CodeRegex givenRe(L"^(?:" + lexiconNames('G') + L"|" + givenNames() + L")$");
        if (knownWords().count(lower) && !givenRe.search(first))
            return false;
        return accept(w, start, end, category);
    }
    if (cat == "NAME_CRED") {
        // Before a credential that is also a clinical abbreviation ("Chest PT", "Head CT"), words that
        // are all English or clinical words and no listed name are no name.
        category = "NAME";
        static const CodeRegex plain(L"^,? (?:M\\.?D\\.?|D\\.?O\\.?|RN|R\\.N\\.|NP|N\\.P\\.|PA-C|PharmD|PhD|Ph\\.D\\.|MSW|LCSW|LICSW|"
                                     L"CRNA|APRN|FNP|DNP|MBBS|FACS|FACP|PsyD|DPT|Esq)\\b");
        // One word alone is checked before any credential ("Charge RN", "Admitting MD", "Surgery resident").
        if ((!plain.search(w.substr(std::size_t(end), 8)) || firstSpace(w, start, end) >= std::size_t(end)) && onlyPlainWords(w, start, end, true))
            return false;
        return accept(w, start, end, category);
    }
    if (cat == "NAME_WEAK" || cat == "NAME_CAPS") {
        // A name from a weak anchor (the start of a line, a particle, capitals) keeps only when one of
        // its capitalised words is no English or clinical word, or a listed name ("Chest Pain, worse"
        // and "PLAN, FOLLOW" are none).
        category = "NAME";
        if (onlyPlainWords(w, start, end, false))
            return false;
        // Leading plain words are no part of it ("Madam Arash Tehrani"; a given name that is also a
        // word, "Precious Mthembu", is lost with them), initials stay ("K. Abernathy").
        if (cat == "NAME_WEAK")
            for (std::size_t sp = firstSpace(w, start, end); sp < std::size_t(end) && sp - std::size_t(start) >= 2
                                                             && w[sp - 1] != L'.' && onlyPlainWords(w, start, int(sp), false);
                 sp = firstSpace(w, start, end))
                start = int(sp) + 1;
        return accept(w, start, end, category);
    }
    if (cat == "NAME_INITIALS") {
        // Two or three letters after a role are initials unless they are a word or an abbreviation
        // of the trade ("Tech: CT", "Performed by: US").
        category = "NAME";
        std::wstring lower;
        for (int i = start; i < end; ++i)
            if (w[std::size_t(i)] != L'.')
                lower += wchar_t(std::towlower(w[std::size_t(i)]));
        static const std::unordered_set<std::wstring> trade = {L"ct", L"mr", L"mri", L"us", L"xr", L"pt", L"ot", L"rt", L"ed", L"or", L"ir",
                                                               L"ekg", L"ecg", L"eeg", L"na", L"np", L"pa", L"md", L"do", L"rn", L"ok",
                                                               L"am", L"pm", L"er", L"icu", L"lab", L"cna", L"lpn", L"slp", L"cm", L"sw"};
        return !(trade.count(lower) || knownWords().count(lower) || clinicalWords().count(lower));
    }
    if (cat == "ORG_LABEL") {
        // After its label one word is enough; connectors at the end and generic words are none.
        category = "HOSPITAL";
        static const CodeRegex tail(L" (?:and|of|the|&|for)$");
        end = withoutTail(w, start, end, tail);
        return !onlyGenericWords(w, start, end) && !onlyPlainWords(w, start, end, false);
    }
    if (cat == "ORG_AFTER_PREP") {
        // "with Officer Daniel Ruiz" is a person, "at Peak Performance PT" an organisation.
        const std::size_t sp = firstSpace(w, start, end);
        if (isStopWord(w.substr(std::size_t(start), sp - std::size_t(start)))) {
            category = "NAME";
            return accept(w, start, end, category);
        }
        category = "HOSPITAL";
        // Connectors at the end are no part of it ("with DKA and new onset"), and one word left alone
        // is no organisation (the pattern asks for two).
        static const CodeRegex tail(L" (?:and|of|the|&)$");
        end = withoutTail(w, start, end, tail);
        if (firstSpace(w, start, end) >= std::size_t(end))
            return false;
        return !onlyGenericWords(w, start, end);
    }
    if (cat == "PLACE_WORD_NUMBER") {
        category = "ADDRESS";
        if (std::iswalpha(w[std::size_t(start)])) {
            std::size_t sp = firstSpace(w, start, end);
            std::wstring word = w.substr(std::size_t(start), sp - std::size_t(start));
            for (wchar_t &c : word)
                c = wchar_t(std::towlower(c));
            if (knownWords().count(word) || knownEponym(w.substr(std::size_t(start), sp - std::size_t(start))) || isStopWord(w.substr(std::size_t(start), sp - std::size_t(start))))
                return false;
        } else {
            // "4 West", "7-North", "5B"; not "2 Liters"
            const std::wstring t = w.substr(std::size_t(start), std::size_t(end - start));
            static const CodeRegex unit(L"^\\d{1,2}-?(?:[A-Z]|North|South|East|West|[A-Z][a-z]*(?:wing|tower|ward)|[A-Z]{1,2}\\b)(?: \\d{1,2})?$");
            if (!unit.search(t) || t.find(L'L') == t.size() - 1)
                return false;
        }
    }
    if ((cat == "ADDRESS" || cat == "HOSPITAL") && w[std::size_t(start)] < 0x3000 && onlyGenericWords(w, start, end))
        return false;
    if ((cat == "ADDRESS" || cat == "HOSPITAL") && w[std::size_t(start)] < 0x3000 && firstSpace(w, start, end) >= std::size_t(end)
        && eponymUse(w, start, end))
        return false; // "Ottawa rules", "Glasgow coma scale"
    if (cat == "ADDRESS" || cat == "HOSPITAL") {
        static const std::wstring lead = L"转由独居于在住至到往回经后带行建议患者现家送入赴去来从及和与即遂并将曾已就请向报告为系自在";
        while (end - start > 2 && w[std::size_t(start)] >= 0x4e00 && lead.find(w[std::size_t(start)]) != std::wstring::npos)
            ++start;
        // Words saying where someone lives or works are no part of the place (长期居住于广东省..., 老家在...).
        static const CodeRegex dwelling(L"^(?:长期|常年|一直|目前|平时|近期|现|老家|家)?(?:居住|生活|定居|务工|打工|住)?(?:于|在)");
        if (w[std::size_t(start)] >= 0x4e00) {
            const auto hit = dwelling.findAll(w.substr(std::size_t(start), std::size_t(end - start)));
            if (!hit.empty() && hit[0].first == 0 && hit[0].second > 1 && end - start - hit[0].second >= 2)
                start += hit[0].second;
        }
    }
    if (cat == "DATE") {
        int m = 0, d = 0;
        const std::wstring t = w.substr(std::size_t(start), std::size_t(end - start));
        if (t.size() <= 5 && t.find(L'/') != std::wstring::npos && t.find(L'/') == t.rfind(L'/')) {
            // A month and day alone is no date after a clinical scale or ratio ("pain 3/10", "Apgars 8/9").
            static const CodeRegex scale(L"(?:pain|score|scale|rated|rates|NRS|VAS|strength|power|murmur|grade|Gleason|Apgars?|"
                                         L"MoCA|MMSE|GCS|ratio|BP|pressure|reflexes|DTRs?|vision|acuity|VA|IOP|C/D|EF|"
                                         L"评分|疼痛|肌力|视力|分级|比值|血压|/)[^.;\\n]{0,12}$",
                                         true);
            if (scale.search(w.substr(std::size_t(std::max(0, start - 24)), std::size_t(std::min(start, 24)))))
                return false;
        }
        if (std::swscanf(t.c_str(), L"%d/%d", &m, &d) == 2 && t.find(L'/') == t.rfind(L'/') && t.size() <= 5
            && (m > 12 || d > 31 || m < 1 || d < 1))
            return false;
        // A ratio of doses is no date ("buprenorphine-naloxone 8/2 mg", "5/325 tabs").
        static const CodeRegex unitAfter(L"^ ?(?:mg|mcg|g|mL|ml|units?|tabs?|tablets?|puffs?|mmol|mEq)\\b", true);
        if (t.size() <= 7 && t.find(L'/') != std::wstring::npos && t.find(L'/') == t.rfind(L'/')
            && unitAfter.search(w.substr(std::size_t(end), 10)))
            return false;
        int a = 0, b = 0, c = 0;
        wchar_t s1 = 0, s2 = 0;
        if (std::swscanf(t.c_str(), L"%d%lc%d%lc%d", &a, &s1, &b, &s2, &c) == 5 && a < 100 && (s1 == L'/' || s1 == L'.' || s1 == L'-')
            && !((a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31)))
            return false;
    }
    if (cat == "NAME") {
        // Drop leading and trailing stop words ("Pt Leonard Fisk", "Smith The"), but not a given name
        // that is also a word before a family name of the list ("Will Turner was seen").
        for (;;) {
            const std::size_t sp = firstSpace(w, start, end);
            if (sp == std::wstring::npos || int(sp) >= end || !isStopWord(w.substr(std::size_t(start), sp - std::size_t(start))))
                break;
            static const CodeRegex givenAndFamily(L"^(?:Will|Hope|Faith|Joy|June|May|Grace|Rose|Pat|Mark|Bill|Art) (?:" + lexiconNames('S') + L")$");
            if (givenAndFamily.search(w.substr(std::size_t(start), std::size_t(end - start))))
                break;
            start = int(sp) + 1;
        }
        // A role or relation before the name is no part of it ("Technologist Raj Bhandari, RRT",
        // "Husband Tomas Ruiz has", "Trooper Nadia Halloran").
        for (std::size_t sp = firstSpace(w, start, end); sp < std::size_t(end) && roleWord(w.substr(std::size_t(start), sp - std::size_t(start)));
             sp = firstSpace(w, start, end))
            start = int(sp) + 1;
        for (;;) {
            const std::size_t sp = lastSpace(w, start, end);
            if (sp == std::wstring::npos || int(sp) < start || !isStopWord(w.substr(sp + 1, std::size_t(end) - sp - 1)))
                break;
            end = int(sp);
        }
        const std::wstring s = w.substr(std::size_t(start), std::size_t(end - start));
        if (s.find(L' ') == std::wstring::npos && (isStopWord(s) || peopleWord(s)))
            return false;
        // Eponyms after an anatomical word ("pouch of Douglas", "circle of Willis").
        static const CodeRegex anatomyOf(L"\\b(?:pouch|circle|islets?|loop|canal|ligament|sphincter|ampulla|tetralogy|organ|space|"
                                         L"triangle|node|duct|crypts?|glands?|columns?|bundle|tract|fibers|fibres) of $", true);
        if (s.find(L' ') == std::wstring::npos && anatomyOf.search(w.substr(std::size_t(std::max(0, start - 20)), std::size_t(std::min(start, 20)))))
            return false;
        if (eponymUse(w, start, end) && s.find(L' ') == std::wstring::npos) {
            // "Dr. Foley" stays a name; "Foley catheter" after "Pt" or a label does not.
            const std::wstring before = w.substr(std::size_t(std::max(0, start - 5)), std::size_t(std::min(start, 5)));
            if (before.find(L"Dr") == std::wstring::npos)
                return false;
        }
    }
    return true;
}

// Capitalised words inside a sentence (after a small word, a comma or a bracket) that are no English
// word, no clinical lexicon word and no known eponym: names and places more often than not.
void unknownCapitalised(const std::wstring &w, std::vector<PhiSpan> &found)
{
    const std::unordered_set<std::wstring> &known = knownWords();
    if (known.empty())
        return;
    for (std::size_t i = 2; i < w.size(); ++i) {
        if (!(w[i] >= L'A' && w[i] <= L'Z') || w[i - 1] != L' ')
            continue;
        const wchar_t before = w[i - 2];
        if (!((before >= L'a' && before <= L'z') || before == L',' || before == L';' || before == L')'))
            continue;
        // Also names written in two capitalised parts: Cedars-Sinai, NewYork-Presbyterian, SeniorLife.
        // Small letters, accented ones too (Behçet, Guillain-Barré, Müller): a word is never cut at an accent.
        auto lower = [&](std::size_t k) {
            return k < w.size() && ((w[k] >= L'a' && w[k] <= L'z') || (w[k] >= 0xDF && w[k] <= 0x24F && w[k] != 0xF7));
        };
        std::size_t j = i + 1;
        while (j < w.size() && (lower(j) || (w[j] == L'-' && j + 1 < w.size() && std::iswalpha(w[j + 1]))
                                || (w[j] >= L'A' && w[j] <= L'Z' && (lower(j - 1) || w[j - 1] == L'-') && lower(j + 1) && lower(j + 2))))
            ++j;
        if (j < w.size() && (std::iswalnum(w[j]) || w[j] == L'\'' || w[j] == L'-'))
            continue;
        if (j - i < 3 || !(w[i + 1] >= L'a' && w[i + 1] <= L'z' && w[i + 2] >= L'a' && w[i + 2] <= L'z'))
            continue; // T-score, M-spike
        const std::wstring t = w.substr(i, j - i);
        if (std::any_of(t.begin() + 1, t.end(), [](wchar_t c) { return c >= L'A' && c <= L'Z'; })) {
            // A word in two capitalised parts only after a word that brings places and organisations.
            static const CodeRegex placeWord(L"\\b(?:at|from|to|in|with|by|near|via|the|of|for)\\s$");
            if (!placeWord.search(w.substr(i - std::min<std::size_t>(i, 6), std::min<std::size_t>(i, 6))))
                continue;
        }
        // Latin genus names before a species (Helicobacter pylori, Histoplasma antigen) and
        // adjectives of peoples and regions (Mediterranean, Japanese).
        static const CodeRegex latin(L"(?:bacter|coccus|cocci|myces|monas|bacillus|bacterium|plasma|sporidium|sporium|vibrio|"
                                     L"virus|idae|aceae|ean|ese|ish)$");
        if (latin.search(t))
            continue;
        if (j + 2 < w.size() && w[j] == L' ' && w[j + 1] >= L'a' && w[j + 1] <= L'z') {
            std::size_t k = j + 1;
            while (k < w.size() && w[k] >= L'a' && w[k] <= L'z')
                ++k;
            if (k - j > 4 && !knownWords().count(w.substr(j + 1, k - j - 1)))
                continue; // a species epithet follows
        }
        if (peopleWord(t))
            continue;
        std::wstring lowerT = t;
        for (wchar_t &c : lowerT)
            c = wchar_t(std::towlower(c));
        bool allKnown = true; // every part of a hyphenated word is a word
        for (std::size_t a = 0; a <= lowerT.size();) {
            std::size_t b = lowerT.find(L'-', a);
            if (b == std::wstring::npos)
                b = lowerT.size();
            if (!known.count(lowerT.substr(a, b - a)) && !peopleWord(t.substr(a, b - a)))
                allKnown = false;
            a = b + 1;
        }
        if (allKnown || isStopWord(t) || knownEponym(t) || onlyGenericWords(w, int(i), int(j)) || eponymUse(w, int(i), int(j)))
            continue;
        // A medicine or device by its brand: a dose follows, or a verb of prescribing comes before.
        static const CodeRegex dose(L"^,? ?(?:\\d|\\(|XR\\b|ER\\b|SR\\b|CR\\b|LA\\b|HCT\\b|drip|infusion|patch|inhaler|pen|tablets?|"
                                    L"capsules?|injections?|cream|ointment|gel|spray|drops|solution|suspension|syrup|device|pump|sensor|"
                                    L"monitor|catheter|valve|stent|graft|implant|lens|brace|boot)");
        static const CodeRegex prescribing(L"(?:\\bon|started|start|starting|takes|taking|took|given|gave|received|receiving|continue|continued|"
                                           L"stop|stopped|increase|increased|decrease|decreased|hold|held|resume|resumed|switch(?:ed)? to|"
                                           L"change(?:d)? to|dose of|course of|trial of|allergic to|allergy to|intolerant of|plus|"
                                           L"prescribed|refill(?:ed)?|titrate(?:d)?|wean(?:ed)?|restart(?:ed)?|add(?:ed)?|using|uses|via) $");
        if (dose.search(w.substr(j, 16)) || prescribing.search(w.substr(i >= 24 ? i - 24 : 0, i >= 24 ? 24 : i)))
            continue;
        found.push_back({int(i), int(j), "NAME", 0, -2});
    }
}

// A name found once is removed everywhere in the note (whole words, not clinical eponym uses).
void propagate(const std::wstring &w, std::vector<PhiSpan> &found)
{
    // The names found, once each; then one pass over the words of the text (and, for Chinese, over
    // the two- to four-character windows at each CJK character) looks them up.
    std::unordered_set<std::wstring> words, zh;
    std::size_t zhLongest = 0;
    for (const PhiSpan &s : found) {
        if (s.category != std::string("NAME"))
            continue;
        const std::wstring text = w.substr(std::size_t(s.start), std::size_t(s.end - s.start));
        if (!text.empty() && text[0] >= 0x4e00) {
            if (text.size() >= 2 && zh.insert(text).second)
                zhLongest = std::max(zhLongest, text.size());
            continue;
        }
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t j = i;
            while (j < text.size() && (std::iswalpha(text[j]) || text[j] == L'\'' || text[j] == L'-'))
                ++j;
            if (j - i >= 2 && std::iswupper(text[i])) {
                const std::wstring t = text.substr(i, j - i);
                std::wstring lower = t;
                for (wchar_t &c : lower)
                    c = wchar_t(std::towlower(c));
                // Not spread: two letters or a clinical word ("Na" of a name would take every sodium).
                if (!isStopWord(t) && t.size() > 2 && !clinicalWords().count(lower))
                    words.insert(t);
            }
            i = j + 1;
        }
    }
    if (words.empty() && zh.empty())
        return;
    auto wordChar = [&](std::size_t i) { return i < w.size() && (std::iswalnum(w[i]) != 0); };
    std::vector<PhiSpan> more;
    std::wstring t;
    for (std::size_t i = 0; i < w.size();) {
        const wchar_t c = w[i];
        if (!words.empty() && std::iswupper(c) && (i == 0 || !wordChar(i - 1))) {
            // A name may hold an apostrophe or a hyphen (O'Connor, Al-Farsi): try each word end.
            std::size_t j = i;
            while (j < w.size() && (std::iswalpha(w[j]) || w[j] == L'\'' || w[j] == L'-')) {
                ++j;
                if (j < w.size() && wordChar(j))
                    continue;
                t.assign(w, i, j - i);
                if (words.count(t) && !eponymUse(w, int(i), int(j)))
                    more.push_back({int(i), int(j), "NAME", 0, -3});
            }
            i = std::max(j, i + 1);
            continue;
        }
        if (!zh.empty() && c >= 0x4e00 && c <= 0x9fff) {
            for (std::size_t n = 2; n <= zhLongest && i + n <= w.size(); ++n) {
                t.assign(w, i, n);
                if (zh.count(t))
                    more.push_back({int(i), int(i + n), "NAME", 0, -3});
            }
        }
        ++i;
    }
    found.insert(found.end(), more.begin(), more.end());
}

// Parses the dates the patterns find; returns false when it is not a calendar date.
bool parseDate(const std::string &s, int &y, int &m, int &d, int &style)
{
    static const char *months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    char mon[16] = {};
    if (std::sscanf(s.c_str(), "%d-%d-%d", &y, &m, &d) == 3 && y > 999) {
        style = 0;
    } else if (std::sscanf(s.c_str(), "%d/%d/%d", &y, &m, &d) == 3 && y > 999) {
        style = 5;
    } else if (std::sscanf(s.c_str(), "%d.%d.%d", &y, &m, &d) == 3 && y > 999) {
        style = 6;
    } else if (std::sscanf(s.c_str(), "%d/%d/%d", &m, &d, &y) == 3) {
        style = 1;
        if (y < 100)
            y += y < 50 ? 2000 : 1900;
    } else if (s.find("\xe5\xb9\xb4") != std::string::npos) { // \u5e74
        if (std::sscanf(s.c_str(), "%d", &y) != 1)
            return false;
        const auto a = s.find("\xe5\xb9\xb4") + 3, b = s.find("\xe6\x9c\x88"); // \u6708
        if (b == std::string::npos)
            return false;
        m = std::atoi(s.substr(a, b - a).c_str());
        d = std::atoi(s.substr(b + 3).c_str());
        style = 2;
    } else if (std::sscanf(s.c_str(), "%3[A-Za-z]%*[a-z.] %d%*[a-z,] %d", mon, &d, &y) == 3
               || std::sscanf(s.c_str(), "%3[A-Za-z] %d, %d", mon, &d, &y) == 3) {
        style = 3;
        m = 0;
        for (int i = 0; i < 12; ++i)
            if (std::tolower(mon[0]) == months[i][0] && std::tolower(mon[1]) == months[i][1] && std::tolower(mon[2]) == months[i][2])
                m = i + 1;
    } else if (std::sscanf(s.c_str(), "%d %3[A-Za-z]%*[a-z.] %d", &d, mon, &y) == 3) {
        style = 4;
        m = 0;
        for (int i = 0; i < 12; ++i)
            if (std::tolower(mon[0]) == months[i][0] && std::tolower(mon[1]) == months[i][1] && std::tolower(mon[2]) == months[i][2])
                m = i + 1;
    } else {
        return false;
    }
    return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y > 1800 && y < 2200;
}

std::string shiftDate(const std::string &original, int days)
{
    int y = 0, m = 0, d = 0, style = 0;
    if (!parseDate(original, y, m, d, style))
        return "[DATE]";
    std::tm t{};
    t.tm_year = y - 1900;
    t.tm_mon = m - 1;
    t.tm_mday = d + days;
    t.tm_hour = 12;
    timegm(&t); // normalises the day overflow
    static const char *names[] = {"January", "February", "March", "April", "May", "June", "July", "August",
                                  "September", "October", "November", "December"};
    char buf[64];
    switch (style) {
    case 0: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday); break;
    case 1: std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", t.tm_mon + 1, t.tm_mday, t.tm_year + 1900); break;
    case 2: std::snprintf(buf, sizeof buf, "%d\xe5\xb9\xb4%d\xe6\x9c\x88%d\xe6\x97\xa5", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday); break;
    case 3: std::snprintf(buf, sizeof buf, "%s %d, %d", names[t.tm_mon], t.tm_mday, t.tm_year + 1900); break;
    case 5: std::snprintf(buf, sizeof buf, "%d/%d/%d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday); break;
    case 6: std::snprintf(buf, sizeof buf, "%04d.%02d.%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday); break;
    default: std::snprintf(buf, sizeof buf, "%d %s %d", t.tm_mday, names[t.tm_mon], t.tm_year + 1900); break;
    }
    return buf;
}

} // namespace

std::vector<PhiSpan> findPhi(const std::string &utf8)
{
    const std::wstring w = foldForMatching(toWide(toU32(utf8)));
    std::vector<PhiSpan> found;
    const bool hasCjk = std::any_of(w.begin(), w.end(), [](wchar_t c) { return c >= 0x3400 && c <= 0x9fff; });
    // The patterns are independent: on a long text (a file of many notes) they run on several
    // threads, each pattern's matches kept apart and joined in the patterns' order, so the result
    // is the same as one thread's.
    const std::vector<Pattern> &all = patterns();
    std::vector<std::vector<PhiSpan>> perPattern(all.size());
    auto run = [&](std::size_t first, std::size_t step) {
        for (std::size_t k = first; k < all.size(); k += step) {
            const Pattern &p = all[k];
            if (p.chineseOnly && !hasCjk)
                continue;
            for (const auto &[from, to] : p.regex.findAll(w, p.group)) {
                int start = from, end = to;
                const char *category = p.category;
                if (!accept(w, start, end, category) || end <= start)
                    continue;
                perPattern[k].push_back({start, end, category, 0, int(k)});
            }
        }
    };
    // SAGITTA_DEID_THREADS=1 keeps to one thread (the bench compares both in one run).
    const char *env = std::getenv("SAGITTA_DEID_THREADS");
    const unsigned cores = env ? unsigned(std::max(1, std::atoi(env))) : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    if (w.size() < 200000 || cores == 1) {
        run(0, 1);
    } else {
        std::vector<std::thread> threads;
        for (unsigned t = 1; t < cores; ++t)
            threads.emplace_back(run, t, cores);
        run(0, cores);
        for (std::thread &t : threads)
            t.join();
    }
    for (const std::vector<PhiSpan> &spans : perPattern)
        found.insert(found.end(), spans.begin(), spans.end());
    if (!hasCjk)
        unknownCapitalised(w, found);
    propagate(w, found);
    // Earlier, longer matches win; overlapping later ones are cut or dropped.
    std::sort(found.begin(), found.end(), [](const PhiSpan &a, const PhiSpan &b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<PhiSpan> out;
    for (const PhiSpan &s : found) {
        if (out.empty() || s.start >= out.back().end)
            out.push_back(s);
        else if (s.end > out.back().end && s.category == out.back().category)
            out.back().end = s.end; // the union of two overlapping spans of one kind
        else if (s.end > out.back().end)
            out.push_back({out.back().end, s.end, s.category, 0, s.rule});
    }
    return out;
}

DeidResult deidentify(const std::string &utf8, const std::string &patientKey, bool surrogates)
{
    DeidResult r;
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : patientKey)
        h = (h ^ c) * 1099511628211ull;
    r.dateShiftDays = -30 - int(h % 366);
    const std::u32string text = toU32(utf8);
    r.replaced = findPhi(utf8);
    std::string out;
    int at = 0;
    for (PhiSpan &s : r.replaced) {
        out += toUtf8(std::u32string_view(text).substr(std::size_t(at), std::size_t(s.start - at)));
        const std::string original = toUtf8(std::u32string_view(text).substr(std::size_t(s.start), std::size_t(s.end - s.start)));
        const std::string replacement = s.category == "DATE"  ? shiftDate(original, r.dateShiftDays)
                                        : s.category == "AGE" ? std::string("90+")
                                        : surrogates          ? surrogate(s.category, original, patientKey)
                                                              : "[" + s.category + "]";
        s.replacementLength = int(toU32(replacement).size());
        out += replacement;
        at = s.end;
    }
    out += toUtf8(std::u32string_view(text).substr(std::size_t(at)));
    r.text = std::move(out);
    return r;
}

int mapOffset(const DeidResult &deid, int offset, bool end)
{
    int shift = 0;
    for (const PhiSpan &s : deid.replaced) {
        if (offset <= s.start)
            break;
        if (offset < s.end) // inside a replaced span
            return s.start + shift + (end ? s.replacementLength : 0);
        shift += s.replacementLength - (s.end - s.start);
    }
    return offset + shift;
}

} // namespace sagitta::core::text
