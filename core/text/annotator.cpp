#include "core/text/annotator.h"

#include "core/text/abbrevcontext.h"
#include "core/text/phrasetrie.h"
#include "core/text/spangrammar.h"
#include "core/text/zhsegment.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace sagitta::embedded {
const std::map<std::string, std::string_view> &textResources();
}

namespace sagitta::core::text {

namespace {

// Categories as bits: a trigger may carry several ("no history of": negated and historical).
using Categories = std::uint8_t;
enum Category : Categories {
    Negated = 1, Uncertain = 2, Historical = 4, Hypothetical = 8, Family = 16, Terminate = 32, Pseudo = 64
};
constexpr Categories kContext = Negated | Uncertain | Historical | Hypothetical | Family;
// Next: only the concept right after the trigger ("non-smoker"), nothing but punctuation between.
enum class Direction { Forward, Backward, Both, Next };

// A ConText rule: what a phrase does, which way, how far, and (for a terminator) which
// categories' scopes it ends.
struct Trigger {
    Categories categories = 0;
    Direction direction = Direction::Forward;
    int scope = -1;             // words: -1 the language's window, 0 the rest of the sentence
    Categories ends = kContext; // a terminator ends these categories' scopes
};

struct Modifier {
    Trigger rule;
    int first, last; // token indices [first, last)
};

// Built in: "in 1998" / "2019\u5e74" date what they reach; "2)" starts a new item of a list.
const Trigger kYearBackward{Historical, Direction::Backward};
const Trigger kYearForward{Historical, Direction::Forward};
const Trigger kListMarker{Terminate, Direction::Both};

// Scope windows in word tokens (English) or characters (Chinese).
struct Windows {
    int forward, backward;
};

std::vector<std::pair<std::string, std::string>> tsvRows(std::string_view tsv)
{
    std::vector<std::pair<std::string, std::string>> rows;
    std::istringstream in{std::string(tsv)};
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
            continue;
        rows.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    return rows;
}

// "NEGATED", "NEGATED+HISTORICAL", "NEGATED,UNCERTAIN": the categories named.
Categories categoriesOf(const std::string &names)
{
    Categories c = 0;
    std::size_t at = 0;
    while (at <= names.size()) {
        std::size_t end = names.find_first_of("+,", at);
        if (end == std::string::npos)
            end = names.size();
        const std::string s = names.substr(at, end - at);
        c |= s == "NEGATED"        ? Negated
             : s == "UNCERTAIN"    ? Uncertain
             : s == "HISTORICAL"   ? Historical
             : s == "HYPOTHETICAL" ? Hypothetical
             : s == "FAMILY"       ? Family
             : s == "TERMINATE"    ? Terminate
                                   : Pseudo;
        at = end + 1;
    }
    return c;
}

// A rule row after its phrase: CATEGORY[+CATEGORY]<TAB>direction[<TAB>option ...] with the
// options scope=sentence|N and (terminators) ends=CATEGORY,CATEGORY.
Trigger triggerOf(const std::string &rest)
{
    std::vector<std::string> fields;
    std::size_t at = 0;
    for (std::size_t tab; (tab = rest.find('\t', at)) != std::string::npos; at = tab + 1)
        fields.push_back(rest.substr(at, tab - at));
    fields.push_back(rest.substr(at));
    Trigger t;
    t.categories = categoriesOf(fields[0]);
    const std::string dir = fields.size() > 1 ? fields[1] : "forward";
    t.direction = dir == "backward" ? Direction::Backward
                  : dir == "both"   ? Direction::Both
                  : dir == "next"   ? Direction::Next
                                    : Direction::Forward;
    std::istringstream options(fields.size() > 2 ? fields[2] : std::string());
    for (std::string option; options >> option;) {
        if (option.rfind("scope=", 0) == 0)
            t.scope = option == "scope=sentence" ? 0 : std::max(1, std::atoi(option.c_str() + 6));
        else if (option.rfind("ends=", 0) == 0)
            t.ends = categoriesOf(option.substr(5)) & kContext;
    }
    return t;
}

// Canonical section names (a section's number is its index) and the headers at the start of a
// line that open them.
struct SectionTable {
    std::vector<std::string> names;
    std::unordered_map<std::u32string, int> headers;
    int id(const char *name) const { return int(std::find(names.begin(), names.end(), name) - names.begin()); }
};

const SectionTable &sections()
{
    static const SectionTable table = [] {
        const std::pair<const char *, const char *> rows[] = {
            {"chief complaint", "chief_complaint"}, {"cc", "chief_complaint"},
            {"history of present illness", "history_of_present_illness"}, {"hpi", "history_of_present_illness"},
            {"past medical history", "past_medical_history"}, {"pmh", "past_medical_history"},
            {"past surgical history", "past_surgical_history"}, {"psh", "past_surgical_history"},
            {"medications", "medications"}, {"current medications", "medications"},
            {"medications on admission", "medications"}, {"discharge medications", "medications"},
            {"allergies", "allergies"}, {"family history", "family_history"}, {"fh", "family_history"},
            {"social history", "social_history"}, {"review of systems", "review_of_systems"},
            {"physical exam", "physical_exam"}, {"physical examination", "physical_exam"},
            {"findings", "findings"}, {"impression", "impression"}, {"assessment", "assessment_and_plan"},
            {"assessment and plan", "assessment_and_plan"}, {"plan", "assessment_and_plan"},
            {"clinical history", "history_of_present_illness"}, {"indication", "indication"},
            {"medical history", "past_medical_history"}, {"past history", "past_medical_history"},
            {"surgical history", "past_surgical_history"}, {"social hx", "social_history"}, {"sh", "social_history"},
            {"allergy", "allergies"}, {"drug allergies", "allergies"}, {"\u624b\u672f\u53f2", "past_surgical_history"},
            {"\u624b\u672f\u5916\u4f24\u53f2", "past_surgical_history"},
            {"\u4e3b\u8bc9", "chief_complaint"}, {"\u73b0\u75c5\u53f2", "history_of_present_illness"}, {"\u65e2\u5f80\u53f2", "past_medical_history"},
            {"\u4e2a\u4eba\u53f2", "social_history"}, {"\u5bb6\u65cf\u53f2", "family_history"}, {"\u8fc7\u654f\u53f2", "allergies"},
            {"\u7528\u836f\u53f2", "medications"}, {"\u4f53\u683c\u68c0\u67e5", "physical_exam"}, {"\u5f71\u50cf\u6240\u89c1", "findings"},
            {"\u68c0\u67e5\u6240\u89c1", "findings"}, {"\u8bca\u65ad", "impression"}, {"\u5370\u8c61", "impression"}, {"\u8bca\u7597\u8ba1\u5212", "assessment_and_plan"},
        };
        SectionTable t;
        for (const auto &[k, v] : rows) {
            auto it = std::find(t.names.begin(), t.names.end(), v);
            if (it == t.names.end())
                it = t.names.insert(t.names.end(), v);
            t.headers.emplace(toU32(k), int(it - t.names.begin()));
        }
        return t;
    }();
    return table;
}

bool wordLike(const Token &t) { return t.kind != TokenKind::Punct; }

// Appends UTF-8 as code points (invalid bytes become U+FFFD, one per byte, as toU32 does).
void appendU32(std::string_view s, std::u32string &out)
{
    std::size_t i = 0;
    while (i < s.size()) {
        // Runs of ASCII without a branch per kind.
        std::size_t j = i;
        while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80)
            ++j;
        if (j > i) {
            const std::size_t at = out.size();
            out.resize(at + (j - i));
            for (std::size_t k = i; k < j; ++k)
                out[at + (k - i)] = char32_t(static_cast<unsigned char>(s[k]));
            i = j;
            if (i >= s.size())
                break;
        }
        // One non-ASCII character: the general decoder on it.
        std::size_t e = i + 1;
        while (e < s.size() && e < i + 4 && (static_cast<unsigned char>(s[e]) & 0xc0) == 0x80)
            ++e;
        out += toU32(s.substr(i, e - i));
        i = e;
    }
}

} // namespace

Language detectLanguage(std::string_view utf8)
{
    std::size_t cjk = 0, letters = 0;
    // In pieces cut at character boundaries: no copy of a long note.
    for (std::size_t at = 0; at < utf8.size();) {
        std::size_t end = std::min(utf8.size(), at + 65536);
        while (end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xc0) == 0x80)
            ++end;
        for (char32_t c : toU32(utf8.substr(at, end - at))) {
            if (isCjk(c))
                ++cjk, ++letters;
            else if (isLatinLetter(c))
                ++letters;
        }
        at = end;
    }
    return letters > 0 && cjk * 5 >= letters ? Language::Chinese : Language::English;
}

const char *languageCode(Language language)
{
    return language == Language::Chinese ? "zh" : "en";
}

Language languageOf(const std::string &code, std::string_view utf8)
{
    return code == "zh" ? Language::Chinese : code == "en" ? Language::English : detectLanguage(utf8);
}

struct Annotator::Impl {
    Language language;
    PhraseTrie lexicon, triggers;
    std::vector<std::uint16_t> entryType; // per lexicon entry: its type
    std::vector<char> entryCapitals;      // per lexicon entry: an abbreviation in capitals
    std::vector<std::string> typeNames;
    std::vector<Trigger> rules;
    Windows window;
    PhraseTrie doseUnits, routes, frequencies;
    std::uint16_t medication = 0, test = 0, dose = 0, route = 0, frequency = 0, duration = 0, target = 0;
    SpanGrammar grammar;
    AbbreviationContext abbreviations; // ambiguous abbreviations by context (English, also Latin runs in Chinese)
    std::unique_ptr<ChineseSegmenter> segmenter; // Chinese: terms must stand as words
    std::uint64_t keyIn = 0, keyDay = 0, keyWeek = 0, keyMonth = 0, keyTian = 0, keyZhou = 0;

    std::uint16_t typeOf(const std::string &name)
    {
        const auto it = std::find(typeNames.begin(), typeNames.end(), name);
        if (it != typeNames.end())
            return std::uint16_t(it - typeNames.begin());
        typeNames.push_back(name);
        return std::uint16_t(typeNames.size() - 1);
    }
};

struct AnnotationBuffers::Impl {
    std::u32string text, lowered, header;
    std::vector<std::pair<int, int>> sections; // start offset, section
    std::vector<Range> headers, sentences;
    std::vector<Token> tokens;
    std::vector<char> counted;
    std::vector<Modifier> found, modifiers;
    std::vector<Candidate> candidates;
    std::vector<int> wordStart, wordEnd; // Chinese segmentation of the sentence
    std::vector<SpanRecord> local, ruleSpans, spans;
    std::vector<std::u32string> pendingTargets;
};

AnnotationBuffers::AnnotationBuffers() : m(std::make_unique<Impl>()) {}
AnnotationBuffers::~AnnotationBuffers() = default;

const char *SpanRecord::detailKey(int d)
{
    static const char *const keys[] = {"dose", "duration", "frequency", "route", "unit", "value"};
    return d >= 0 && d < DetailCount ? keys[d] : "";
}

const char *SpanRecord::sourceName(Source s)
{
    return s == Rule ? "rule" : s == Target ? "target" : "lexicon";
}

Annotator::Annotator(Language language) : m(std::make_unique<Impl>())
{
    m->language = language;
    m->window = language == Language::Chinese ? Windows{16, 10} : Windows{8, 6};
    const auto &res = embedded::textResources();
    const char *suffix = language == Language::Chinese ? "zh" : "en";
    for (const char *t : {"MEDICATION", "TEST", "DOSE", "ROUTE", "FREQUENCY", "DURATION", "TARGET"})
        m->typeOf(t);
    m->medication = m->typeOf("MEDICATION");
    m->test = m->typeOf("TEST");
    m->dose = m->typeOf("DOSE");
    m->route = m->typeOf("ROUTE");
    m->frequency = m->typeOf("FREQUENCY");
    m->duration = m->typeOf("DURATION");
    m->target = m->typeOf("TARGET");
    SpanGrammar &g = m->grammar;
    g.problem = m->typeOf("PROBLEM");
    g.anatomy = m->typeOf("ANATOMY");
    g.procedure = m->typeOf("PROCEDURE");
    g.test = m->test;
    g.medication = m->medication;
    g.keyOf = tokenKey(U"of");
    g.keyAnd = tokenKey(U"and");
    g.keyTo = tokenKey(U"to");
    g.keyThe = tokenKey(U"the");
    g.keyOn = tokenKey(U"on");
    g.keyGrade = tokenKey(U"grade");
    g.keySided = tokenKey(U"sided");
    g.load(tsvRows(res.count(std::string("grammar_") + suffix + ".tsv") ? res.at(std::string("grammar_") + suffix + ".tsv")
                                                                          : std::string_view()));
    m->keyIn = tokenKey(U"in");
    m->keyDay = tokenKey(U"day");
    m->keyWeek = tokenKey(U"week");
    m->keyMonth = tokenKey(U"month");
    m->keyTian = tokenKey(U"\u5929");
    m->keyZhou = tokenKey(U"\u5468");
    const auto ctx = res.find(std::string("context_") + suffix + ".tsv");
    if (ctx != res.end())
        for (const auto &[phrase, rest] : tsvRows(ctx->second)) {
            m->rules.push_back(triggerOf(rest));
            m->triggers.insert(phraseKeys(toU32(phrase)), int(m->rules.size()) - 1);
        }
    if (language == Language::Chinese) {
        m->segmenter = std::make_unique<ChineseSegmenter>();
        m->segmenter->setAffixes(g.zhActionPrefixes, g.zhKeepingSuffixes);
    }
    const auto abbreviations = res.find("abbrev_context_en.tsv");
    if (abbreviations != res.end())
        m->abbreviations.load(abbreviations->second, [this](const std::string &t) { return m->typeOf(t); });
    // lexicon_en.tsv, lexicon_en_more.tsv, ...: every default lexicon of the language.
    const std::string prefix = std::string("lexicon_") + suffix;
    for (const auto &[name, content] : res)
        if (name.compare(0, prefix.size(), prefix) == 0 && (name[prefix.size()] == '.' || name[prefix.size()] == '_'))
            addLexicon(std::string(content));
    // Latin-script runs in Chinese notes ("HbA1c", "CEA", "PET-CT"): the English lexicons match
    // them, over the same word tokens and so only on word boundaries.
    if (language == Language::Chinese)
        for (const auto &[name, content] : res)
            if (name.compare(0, 11, "lexicon_en.") == 0 || name.compare(0, 11, "lexicon_en_") == 0)
                addLexicon(std::string(content));
    const char *units[] = {"mg", "g", "mcg", "ug", "\u00b5g", "ml", "l", "unit", "units", "iu", "meq", "mmol", "%", "mg/kg",
                           "\u6beb\u514b", "\u514b", "\u6beb\u5347", "\u5355\u4f4d"};
    const char *routeWords[] = {"po", "p.o.", "iv", "i.v.", "im", "sc", "sq", "sl", "pr", "subcutaneous", "subcutaneously",
                                "oral", "orally", "by mouth", "intravenous", "intravenously", "intramuscular", "topical",
                                "topically", "inhaled", "nebulized", "transdermal", "\u53e3\u670d", "\u9759\u8109", "\u9759\u6ef4", "\u9759\u8109\u6ef4\u6ce8",
                                "\u808c\u6ce8", "\u76ae\u4e0b\u6ce8\u5c04", "\u96fe\u5316\u5438\u5165", "\u5916\u7528"};
    const char *frequencyWords[] = {"daily", "once daily", "twice daily", "three times daily", "four times daily",
                                    "twice a day", "once a day", "bid", "b.i.d.", "tid", "t.i.d.", "qid", "q.i.d.", "qd",
                                    "qhs", "qam", "qpm", "prn", "as needed", "at bedtime", "nightly", "weekly",
                                    "every morning", "every evening", "q4h", "q6h", "q8h", "q12h", "q24h",
                                    "every 4 hours", "every 6 hours", "every 8 hours", "every 12 hours", "\u6bcf\u65e5",
                                    "\u6bcf\u65e5\u4e00\u6b21", "\u6bcf\u65e5\u4e24\u6b21", "\u6bcf\u65e5\u4e09\u6b21", "\u6bcf\u5929", "\u6bcf\u665a", "\u6bcf\u5468", "\u5fc5\u8981\u65f6", "qd", "bid", "tid"};
    for (const char *u : units)
        m->doseUnits.insert(phraseKeys(toU32(u)), 0);
    for (const char *r : routeWords)
        m->routes.insert(phraseKeys(toU32(r)), 0);
    for (const char *f : frequencyWords)
        m->frequencies.insert(phraseKeys(toU32(f)), 0);
}

Annotator::~Annotator() = default;

void Annotator::addLexicon(const std::string &tsv)
{
    for (const auto &[term, type] : tsvRows(tsv)) {
        m->entryType.push_back(m->typeOf(type));
        // An abbreviation written in capitals ("DOE", "HR", "US") only matches text with a
        // capital letter in it: "does", "hr" and "us" are words.
        int upper = 0, letters = 0;
        for (char c : term)
            if (std::isalpha(static_cast<unsigned char>(c)))
                ++letters, upper += std::isupper(static_cast<unsigned char>(c)) ? 1 : 0;
        m->entryCapitals.push_back(letters >= 2 && upper == letters && term.size() <= 6 && term.find(' ') == std::string::npos);
        m->lexicon.insert(phraseKeys(toU32(term)), int(m->entryType.size()) - 1);
        if (m->segmenter)
            m->segmenter->addTerm(toU32(term));
    }
}

std::size_t Annotator::lexiconSize() const { return m->lexicon.size(); }
Language Annotator::language() const { return m->language; }
const std::string &Annotator::typeName(int type) const { return m->typeNames.at(std::size_t(type)); }

const std::string &Annotator::sectionName(int section)
{
    static const std::string none;
    return section >= 0 && section < int(sections().names.size()) ? sections().names[std::size_t(section)] : none;
}

namespace {

// Where in the sentence (lower-cased, starting at offset base of the note) a phrase first
// occurs on token boundaries.
bool findPhrase(std::u32string_view lowered, int base, const std::vector<Token> &tokens, const std::u32string &phrase,
                int &first, int &last)
{
    if (phrase.empty())
        return false;
    std::size_t pos = lowered.find(phrase);
    while (pos != std::u32string::npos) {
        const int s = base + int(pos), e = base + int(pos + phrase.size());
        int a = -1, b = -1;
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            if (tokens[t].start == s)
                a = int(t);
            if (tokens[t].end == e) {
                b = int(t) + 1;
                break;
            }
        }
        if (a >= 0 && b > a) {
            first = a;
            last = b;
            return true;
        }
        pos = lowered.find(phrase, pos + 1);
    }
    // Same words with other inflections: match the token keys.
    const std::vector<std::uint64_t> keys = phraseKeys(phrase);
    if (keys.empty())
        return false;
    for (std::size_t t = 0; t + keys.size() <= tokens.size(); ++t) {
        bool ok = true;
        for (std::size_t k = 0; k < keys.size() && ok; ++k)
            ok = tokens[t + k].key == keys[k];
        if (ok) {
            first = int(t);
            last = int(t + keys.size());
            return true;
        }
    }
    return false;
}

} // namespace

namespace {

// Where a window that starts at byte `at` ends: at a line break past `at + size`, else after a
// sentence end, else at a space, else at a character boundary; never inside a UTF-8 character.
std::size_t windowEnd(std::string_view utf8, std::size_t at, std::size_t size)
{
    if (utf8.size() - at <= size + size / 2)
        return utf8.size();
    const std::size_t from = at + size, to = std::min(utf8.size(), at + 2 * size);
    std::size_t cut = utf8.find('\n', from);
    if (cut != std::string::npos && cut < to)
        return cut + 1;
    for (const char *end : {". ", "\xe3\x80\x82", "? ", "! ", " "}) { // ". ", "\u3002", ...
        cut = utf8.find(end, from);
        if (cut != std::string::npos && cut < to)
            return cut + std::strlen(end);
    }
    cut = to;
    while (cut > from && (static_cast<unsigned char>(utf8[cut]) & 0xc0) == 0x80)
        --cut;
    return cut;
}

} // namespace

std::vector<Span> Annotator::annotate(const std::string &utf8, const std::vector<std::string> &targets) const
{
    std::vector<Span> all;
    annotateInWindows(utf8, [&all](std::vector<Span> &spans) {
        if (all.empty())
            all = std::move(spans);
        else
            std::move(spans.begin(), spans.end(), std::back_inserter(all));
    }, targets);
    return all;
}

Span Annotator::toSpan(const WindowSpans &window, const SpanRecord &r, const std::vector<std::string> &targets) const
{
    Span s;
    s.start = window.base + r.start;
    s.end = window.base + r.end;
    s.text = toUtf8(window.text.substr(std::size_t(r.start), std::size_t(r.end - r.start)));
    s.type = typeName(r.type);
    s.source = SpanRecord::sourceName(r.source);
    s.section = sectionName(r.section);
    s.negated = r.negated;
    s.uncertain = r.uncertain;
    s.historical = r.historical;
    s.hypothetical = r.hypothetical;
    if (r.family)
        s.experiencer = "family";
    for (int d = 0; d < SpanRecord::DetailCount; ++d)
        if (r.detail[d][0] >= 0)
            s.details[SpanRecord::detailKey(d)] =
                toUtf8(window.text.substr(std::size_t(r.detail[d][0]), std::size_t(r.detail[d][1] - r.detail[d][0])));
    if (r.target >= 0 && std::size_t(r.target) < targets.size())
        s.details["target"] = targets[std::size_t(r.target)];
    return s;
}

void Annotator::annotateInWindows(std::string_view utf8, const std::function<void(std::vector<Span> &)> &sink,
                                  const std::vector<std::string> &targets, std::size_t windowBytes) const
{
    AnnotationBuffers buffers;
    annotateRecords(utf8, buffers, [&](const WindowSpans &window) {
        std::vector<Span> spans;
        spans.reserve(window.spans.size());
        for (const SpanRecord &r : window.spans)
            spans.push_back(toSpan(window, r, targets));
        sink(spans);
    }, targets, windowBytes);
}

void Annotator::annotateRecords(std::string_view utf8, AnnotationBuffers &buffers,
                                const std::function<void(const WindowSpans &)> &sink, const std::vector<std::string> &targets,
                                std::size_t windowBytes) const
{
    AnnotationBuffers::Impl &b = *buffers.m;
    std::vector<bool> targetDone(targets.size(), false); // a target is found once, in its first window
    b.pendingTargets.resize(targets.size());
    for (std::size_t t = 0; t < targets.size(); ++t) {
        std::u32string &l = b.pendingTargets[t];
        l = toU32(targets[t]);
        for (char32_t &c : l)
            c = isSpace(c) ? U' ' : lower(c);
    }
    int section = -1;
    int base = 0; // code points before the window
    for (std::size_t at = 0; at < utf8.size();) {
        const std::size_t end = windowEnd(utf8, at, std::max<std::size_t>(windowBytes, 1024));
        b.text.clear();
        appendU32(utf8.substr(at, end - at), b.text);
        annotateWindow(b, targets, targetDone, section);
        sink(WindowSpans{b.text, base, b.spans});
        base += int(b.text.size());
        at = end;
    }
}


void Annotator::annotateWindow(AnnotationBuffers::Impl &b, const std::vector<std::string> &targets,
                               std::vector<bool> &targetDone, int &section) const
{
    const std::u32string &text = b.text;
    // A lower-cased copy for finding target phrases; only built when there are targets.
    std::u32string &lowered = b.lowered;
    lowered.clear();
    if (!targets.empty()) {
        lowered.resize(text.size());
        for (std::size_t i = 0; i < text.size(); ++i)
            lowered[i] = isSpace(text[i]) ? U' ' : lower(text[i]);
    }
    const bool zh = m->language == Language::Chinese;
    const SectionTable &table = sections();

    // Section of every line that starts with a known header ("Header:" or "\u6807\u9898\uff1a").
    // The window goes on in the section the previous one ended in.
    auto &sectionStarts = b.sections; // start offset, section
    sectionStarts.clear();
    if (section >= 0)
        sectionStarts.emplace_back(0, section);
    auto &headers = b.headers; // header text: never a concept
    headers.clear();
    {
        int lineStart = 0;
        for (int i = 0; i <= int(text.size()); ++i) {
            if (i < int(text.size()) && text[std::size_t(i)] != '\n')
                continue;
            int s = lineStart;
            while (s < i && isSpace(text[std::size_t(s)]))
                ++s;
            int colon = s;
            while (colon < i && colon - s <= 40 && text[std::size_t(colon)] != ':' && text[std::size_t(colon)] != 0xff1a)
                ++colon;
            if (colon < i && colon - s <= 40 && (text[std::size_t(colon)] == ':' || text[std::size_t(colon)] == 0xff1a)) {
                std::u32string &header = b.header;
                header.assign(text, std::size_t(s), std::size_t(colon - s));
                for (char32_t &ch : header)
                    ch = isSpace(ch) ? U' ' : lower(ch);
                while (!header.empty() && header.back() == ' ')
                    header.pop_back();
                const auto it = table.headers.find(header);
                if (it != table.headers.end()) {
                    sectionStarts.emplace_back(s, it->second);
                    headers.push_back({s, colon + 1});
                }
            }
            lineStart = i + 1;
        }
    }
    auto sectionAt = [&](int offset) -> int { // sections are in text order
        const auto it = std::upper_bound(sectionStarts.begin(), sectionStarts.end(), offset,
                                         [](int o, const std::pair<int, int> &sec) { return o < sec.first; });
        return it == sectionStarts.begin() ? -1 : std::prev(it)->second;
    };
    static const int pastMedical = table.id("past_medical_history"), pastSurgical = table.id("past_surgical_history"),
                     familyHistory = table.id("family_history"), socialHistory = table.id("social_history"),
                     allergies = table.id("allergies");

    std::vector<SpanRecord> &spans = b.spans;
    spans.clear();
    const std::vector<std::u32string> &pendingTargets = b.pendingTargets;

    std::vector<Token> &tokens = b.tokens;
    std::vector<char> &counted = b.counted; // per token: counts toward a modifier's window
    std::vector<SpanRecord> &local = b.local; // this sentence's spans, sorted and moved out once
    splitSentences(text, b.sentences);
    for (const Range &sentence : b.sentences) {
        tokens.clear();
        local.clear();
        tokenize(text, sentence.start, sentence.end, tokens);
        const int n = int(tokens.size());
        if (n == 0)
            continue;
        const std::u32string_view sentenceLower =
            lowered.empty() ? std::u32string_view()
                            : std::u32string_view(lowered).substr(std::size_t(sentence.start), std::size_t(sentence.end - sentence.start));

        // Context triggers: the longest match at every position. A match inside a longer one
        // of another category is dropped ("ruled out" inside "not ruled out", "history of"
        // inside "no history of"); overlapping ones both stay ("was not" / "not seen").
        std::vector<Modifier> &found = b.found;
        found.clear();
        for (int i = 0; i < n; ++i) {
            int value = -1;
            const int len = m->triggers.longestMatch(tokens, i, n, value);
            if (len > 0) {
                found.push_back({m->rules[std::size_t(value)], i, i + len});
                continue;
            }
            const Token &t = tokens[std::size_t(i)];
            if (t.kind != TokenKind::Number)
                continue;
            // "in 1998", "2019\u5e74": a year marks what it dates as historical.
            if (t.end - t.start == 4 && (text[std::size_t(t.start)] == '1' || text[std::size_t(t.start)] == '2')) {
                if (!zh && i > 0 && tokens[std::size_t(i - 1)].key == m->keyIn)
                    found.push_back({kYearBackward, i - 1, i + 1});
                else if (zh && i + 1 < n && text[std::size_t(tokens[std::size_t(i + 1)].start)] == U'\u5e74')
                    found.push_back({kYearForward, i, i + 2});
            }
            // "1)", "(2)": a list marker starts a new item, which no scope crosses.
            if (t.end - t.start <= 2 && isDigit(text[std::size_t(t.end - 1)]) && i + 1 < n
                && (text[std::size_t(tokens[std::size_t(i + 1)].start)] == ')' || text[std::size_t(tokens[std::size_t(i + 1)].start)] == 0xff09))
                found.push_back({kListMarker, i, i + 2});
        }
        std::vector<Modifier> &modifiers = b.modifiers;
        modifiers.clear();
        for (const Modifier &a : found) {
            bool inside = false;
            for (const Modifier &o : found)
                inside = inside
                         || (&a != &o && o.first <= a.first && a.last <= o.last && (o.last - o.first) > (a.last - a.first)
                             && o.rule.categories != a.rule.categories);
            if (!inside)
                modifiers.push_back(a);
        }

        // Concepts: lexicon matches (greedy, longest first) and targets.
        std::vector<Candidate> &candidates = b.candidates;
        candidates.clear();
        bool segmented = false;
        for (int i = 0; i < n;) {
            if (i + 1 < n)
                m->lexicon.prefetch(tokens[std::size_t(i + 1)].key);
            int value = -1;
            int len = m->lexicon.longestMatch(tokens, i, n, value);
            if (len == 1 && i + 2 < n && tokens[std::size_t(i + 1)].kind == TokenKind::Punct) {
                int taken = 1; // a spine level range ("C5-C6") before the lexicon's single level
                const Token &t = tokens[std::size_t(i)];
                if (t.end - t.start <= 3 && morphologyType(text.data() + t.start, t.end - t.start, taken, tokens, i, n, text) == 4)
                    len = 0;
            }
            if (len > 0 && zh && m->segmenter && tokens[std::size_t(i)].kind == TokenKind::Cjk) {
                if (!segmented) { // once per sentence, when a Chinese term is first found
                    m->segmenter->segment(text, tokens, b.wordStart, b.wordEnd);
                    segmented = true;
                }
                if (!m->segmenter->accepts(text, tokens, b.wordStart, b.wordEnd, i, i + len)) {
                    ++i; // "\u75c5\u7406" in "\u75c5\u7406\u6027\u6742\u97f3": not a word here
                    continue;
                }
            }
            if (len > 0) {
                int v = -1;
                if (m->grammar.valueOnly.longestMatch(tokens, i, i + len, v) == len) {
                    int j = i + len; // past ":" or "为"
                    while (j < n && j < i + len + 2 && tokens[std::size_t(j)].kind != TokenKind::Number
                           && (text[std::size_t(tokens[std::size_t(j)].start)] == ':' || text[std::size_t(tokens[std::size_t(j)].start)] == U'\uff1a'
                               || text[std::size_t(tokens[std::size_t(j)].start)] == U'\u4e3a'))
                        ++j;
                    if (j >= n || tokens[std::size_t(j)].kind != TokenKind::Number) {
                        i += len; // "体温下降", "控制心率": no measurement here
                        continue;
                    }
                }
            }
            std::uint16_t resolved = 0;
            if (len <= 1 && m->abbreviations.resolve(text, tokens, i, resolved)) {
                if (resolved != AbbreviationContext::kNone) { // "PE" beside "CTA": a pulmonary embolism
                    SpanRecord s;
                    s.start = tokens[std::size_t(i)].start;
                    s.end = tokens[std::size_t(i)].end;
                    s.type = resolved;
                    s.source = SpanRecord::Rule;
                    local.push_back(s);
                    candidates.push_back({i, i + 1, int(local.size()) - 1});
                }
                ++i;
                continue;
            }
            if (len == 0) {
                // Not in the lexicon: a word the morphology types (drug stems, disease and
                // procedure suffixes) or a spine level ("C5-C6", "L4/5").
                const Token &t = tokens[std::size_t(i)];
                int type = -1, tokensTaken = 1;
                if (t.kind == TokenKind::Word || t.kind == TokenKind::Cjk) { // a lab or vital before its value: "K 5.8", "T 38.4", "钾 5.8"
                    int v = -1;
                    const int l = m->grammar.valueTests.longestMatch(tokens, i, n, v);
                    int j = i + l;
                    if (l > 0 && j + 1 < n && tokens[std::size_t(j)].kind == TokenKind::Punct
                        && (text[std::size_t(tokens[std::size_t(j)].start)] == ':' || text[std::size_t(tokens[std::size_t(j)].start)] == '='))
                        ++j;
                    if (l > 0 && j < n && tokens[std::size_t(j)].kind == TokenKind::Number
                        && (t.kind == TokenKind::Cjk || t.end - t.start > 2 || (text[std::size_t(t.start)] >= 'A' && text[std::size_t(t.start)] <= 'Z'))) {
                        type = 3;
                        tokensTaken = l;
                    }
                }
                if (type < 0 && t.kind == TokenKind::Word) // also Latin runs in Chinese notes ("L4/5")
                    type = morphologyType(text.data() + t.start, t.end - t.start, tokensTaken, tokens, i, n, text);
                if (type < 0) {
                    ++i;
                    continue;
                }
                SpanRecord s;
                s.start = t.start;
                s.end = tokens[std::size_t(i + tokensTaken - 1)].end;
                s.type = type == 0 ? m->grammar.problem : type == 1 ? m->medication : type == 2 ? m->grammar.procedure : type == 3 ? m->test : m->grammar.anatomy;
                s.source = SpanRecord::Rule;
                local.push_back(s);
                candidates.push_back({i, i + tokensTaken, int(local.size()) - 1});
                i += tokensTaken;
                continue;
            }
            const int cs = tokens[std::size_t(i)].start;
            if (m->entryCapitals[std::size_t(value)]) {
                bool capital = false;
                for (int k = cs; k < tokens[std::size_t(i)].end && !capital; ++k)
                    capital = text[std::size_t(k)] >= 'A' && text[std::size_t(k)] <= 'Z';
                if (!capital) {
                    ++i;
                    continue;
                }
            }
            // Headers are in text order: the last one starting at or before cs is the only candidate.
            const auto h = std::upper_bound(headers.begin(), headers.end(), cs,
                                            [](int o, const Range &r) { return o < r.start; });
            if (h != headers.begin() && cs < std::prev(h)->end) {
                i += len;
                continue;
            }
            SpanRecord s;
            s.start = cs;
            s.end = tokens[std::size_t(i + len - 1)].end;
            s.type = m->entryType[std::size_t(value)];
            s.source = SpanRecord::Lexicon;
            local.push_back(s);
            candidates.push_back({i, i + len, int(local.size()) - 1});
            i += len;
        }
        if (zh && m->segmenter) { // words the lexicon lacks, by their ending ("腺瘤")
            if (!segmented)
                m->segmenter->segment(text, tokens, b.wordStart, b.wordEnd);
            addChineseWordsByEnding(m->grammar, text, tokens, b.wordStart, b.wordEnd, candidates, local);
        }
        applySpanGrammar(m->grammar, text, tokens, candidates, local, zh); // also finds names ("Sjogren syndrome") alone
        for (std::size_t t = 0; t < pendingTargets.size(); ++t) {
            if (targetDone[t])
                continue;
            int a = 0, e = 0;
            if (!findPhrase(sentenceLower, sentence.start, tokens, pendingTargets[t], a, e))
                continue;
            targetDone[t] = true;
            SpanRecord s;
            s.start = tokens[std::size_t(a)].start;
            s.end = tokens[std::size_t(e - 1)].end;
            s.type = m->target;
            s.source = SpanRecord::Target;
            s.target = int(t);
            local.push_back(s);
            candidates.push_back({a, e, int(local.size()) - 1});
        }

        // A pseudo-trigger is a phrase that only looks like a trigger ("no change" in "no change in
        // the effusion"); when a concept begins inside it ("no change in bowel habits", the concept
        // "change in bowel habits"), it is cut at the concept and what is left of it is a trigger.
        for (std::size_t k = 0, count = modifiers.size(); k < count; ++k) {
            const Modifier p = modifiers[k];
            if (!(p.rule.categories & Pseudo))
                continue;
            for (const Candidate &c : candidates)
                if (c.first > p.first && c.first < p.last) {
                    int value = -1;
                    const int len = m->triggers.longestMatch(tokens, p.first, c.first, value);
                    if (len > 0 && !(m->rules[std::size_t(value)].categories & Pseudo))
                        modifiers.push_back({m->rules[std::size_t(value)], p.first, p.first + len});
                    break;
                }
        }

        // Context: a modifier applies within its scope unless a terminator of its category
        // intervenes.
        auto blocked = [&](int from, int to, Categories category) { // a terminator among tokens [from, to)
            for (const Modifier &mod : modifiers)
                if ((mod.rule.categories & Terminate) && (mod.rule.ends & category) && mod.first >= from && mod.first < to)
                    return true;
            return false;
        };
        // The scope counts words, but not those of other concepts nor the "and"/"or" that join
        // them: a modifier reaches across a list of concepts of any length ("denies fever,
        // chills, ..., or hematuria"), as ConText's sentence scope does, while free text still
        // ends it after the window.
        counted.assign(std::size_t(n), 1);
        for (const Candidate &c : candidates)
            for (int k = c.first; k < c.last; ++k)
                counted[std::size_t(k)] = 0;
        if (!zh && !modifiers.empty())
            for (int k = 0; k < n; ++k) {
                const Token &t = tokens[std::size_t(k)];
                const int len = t.end - t.start;
                if (len < 2 || len > 3)
                    continue;
                const char32_t *w = text.data() + t.start;
                auto is = [&](const char *word) {
                    for (int i = 0; i < len; ++i)
                        if (lower(w[i]) != char32_t(word[i]))
                            return false;
                    return word[len] == 0;
                };
                if (is("and") || is("or") || is("nor"))
                    counted[std::size_t(k)] = 0;
            }
        auto words = [&](int from, int to) {
            int w = 0;
            for (int k = from; k < to; ++k)
                w += wordLike(tokens[std::size_t(k)]) && counted[std::size_t(k)] ? 1 : 0;
            return w;
        };
        for (const Candidate &c : candidates) {
            SpanRecord &s = local[std::size_t(c.spanIndex)];
            for (const Modifier &mod : modifiers) {
                const Trigger &rule = mod.rule;
                if (!(rule.categories & kContext) || (rule.categories & (Terminate | Pseudo)))
                    continue;
                const int forward = rule.scope < 0 ? m->window.forward : rule.scope == 0 ? n + 1 : rule.scope;
                const int backward = rule.scope < 0 ? m->window.backward : rule.scope == 0 ? n + 1 : rule.scope;
                // Each category of the rule separately: a terminator may end one and not another.
                for (Categories category = Negated; category <= Family; category = Categories(category << 1)) {
                    if (!(rule.categories & category))
                        continue;
                    bool applies = false;
                    if (mod.first < c.last && c.first < mod.last) {
                        // A trigger sharing the concept's last character ("\u5fc3\u810f\u75c5\u53f2", "\u5207\u9664\u672f\u540e")
                        // still applies backwards; otherwise it is part of the concept.
                        applies = zh && (rule.direction == Direction::Backward || rule.direction == Direction::Both)
                                  && mod.first > c.first && mod.last > c.last;
                    } else if (mod.last <= c.first && rule.direction == Direction::Next) {
                        applies = true;
                        for (int k = mod.last; k < c.first; ++k)
                            applies = applies && !wordLike(tokens[std::size_t(k)]);
                    } else if (mod.last <= c.first && rule.direction != Direction::Backward)
                        applies = words(mod.last, c.first) < forward && !blocked(mod.last, c.first, category);
                    else if (mod.first >= c.last && (rule.direction == Direction::Backward || rule.direction == Direction::Both))
                        applies = words(c.last, mod.first) < backward && !blocked(c.last, mod.first, category);
                    if (!applies)
                        continue;
                    switch (category) {
                    case Negated: s.negated = true; break;
                    case Uncertain: s.uncertain = true; break;
                    case Historical: s.historical = true; break;
                    case Hypothetical: s.hypothetical = true; break;
                    case Family: s.family = true; break;
                    default: break;
                    }
                }
            }
            if (s.negated)
                s.uncertain = false; // "no lesion suspicious for X": the negation decides
            s.section = std::int8_t(sectionAt(s.start));
            // By convention what the history sections list is historical, even when denied.
            if (s.section == pastMedical || s.section == pastSurgical || s.section == socialHistory || s.section == allergies)
                s.historical = true;
            if (s.section == familyHistory)
                s.family = true;
        }

        // Medication attributes and test values, by rule, in the words after the concept.
        std::vector<SpanRecord> &ruleSpans = b.ruleSpans; // appended afterwards: spans must not reallocate here
        ruleSpans.clear();
        for (const Candidate &c : candidates) {
            SpanRecord &s = local[std::size_t(c.spanIndex)];
            if (s.type != m->medication && s.type != m->test)
                continue;
            // Attributes follow their own concept: the scan ends at the next concept, so that in a
            // list ("阿司匹林 100mg qd，氯吡格雷 75mg qd") a drug never takes the next one's dose.
            int limit = std::min(n, c.last + (zh ? 16 : 10));
            for (const Candidate &o : candidates)
                if (o.first >= c.last && o.first < limit && local[std::size_t(o.spanIndex)].type != m->target)
                    limit = o.first;
            // An attribute span over tokens [a, b), recorded in the concept's details too.
            auto emit = [&](std::uint16_t type, SpanRecord::Detail key, int a, int e) {
                SpanRecord d;
                d.start = tokens[std::size_t(a)].start;
                d.end = tokens[std::size_t(e - 1)].end;
                d.type = type;
                d.source = SpanRecord::Rule;
                d.section = s.section;
                s.detail[key][0] = d.start;
                s.detail[key][1] = d.end;
                ruleSpans.push_back(d);
            };
            const bool medication = s.type == m->medication;
            // A route may also come first: "\u53e3\u670d\u4e8c\u7532\u53cc\u80cd", "oral metformin".
            for (int back = 1; medication && back <= 4 && c.first - back >= 0; ++back) {
                int value = -1;
                if (m->routes.longestMatch(tokens, c.first - back, c.first, value) == back) {
                    emit(m->route, SpanRecord::Route, c.first - back, c.first);
                    break;
                }
            }
            for (int i = c.last; i < limit;) {
                const Token &t = tokens[std::size_t(i)];
                int value = -1, len = 0;
                if (medication && t.kind == TokenKind::Number) {
                    // "500 mg" or "500mg"
                    const int unitLen = i + 1 < limit ? m->doseUnits.longestMatch(tokens, i + 1, limit, value) : 0;
                    if (unitLen > 0) {
                        len = 1 + unitLen;
                        emit(m->dose, SpanRecord::Dose, i, i + len);
                        i += len;
                        continue;
                    }
                    const std::u32string_view tt = std::u32string_view(text).substr(std::size_t(t.start), std::size_t(t.end - t.start));
                    if (!tt.empty() && isLatinLetter(tt.back())) {
                        emit(m->dose, SpanRecord::Dose, i, i + 1);
                        ++i;
                        continue;
                    }
                    // "for 7 days", "x 5 days", "7天" (not "6周期", six cycles)
                    if (i > c.last && i + 1 < limit) {
                        const std::uint64_t unit = tokens[std::size_t(i + 1)].key;
                        const bool cycle = zh && i + 2 < n && text[std::size_t(tokens[std::size_t(i + 2)].start)] == U'\u671f';
                        if ((unit == m->keyDay || unit == m->keyWeek || unit == m->keyMonth || unit == m->keyTian
                             || unit == m->keyZhou) && !cycle) {
                            emit(m->duration, SpanRecord::Duration, zh ? i : i - 1, i + 2);
                            i += 2;
                            continue;
                        }
                    }
                }
                if (medication && (len = m->routes.longestMatch(tokens, i, limit, value)) > 0) {
                    emit(m->route, SpanRecord::Route, i, i + len);
                    i += len;
                    continue;
                }
                if (medication && (len = m->frequencies.longestMatch(tokens, i, limit, value)) > 0) {
                    emit(m->frequency, SpanRecord::Frequency, i, i + len);
                    i += len;
                    continue;
                }
                if (s.type == m->test && t.kind == TokenKind::Number && s.detail[SpanRecord::Value][0] < 0) {
                    s.detail[SpanRecord::Value][0] = t.start;
                    s.detail[SpanRecord::Value][1] = t.end;
                    // A unit right after the number: up to the next space.
                    int e = t.end;
                    while (e < sentence.end && !isSpace(text[std::size_t(e)]) && text[std::size_t(e)] != ','
                           && text[std::size_t(e)] != ';' && !(text[std::size_t(e)] == '.' && (e + 1 >= sentence.end || isSpace(text[std::size_t(e + 1)]))))
                        ++e;
                    int u = e;
                    if (u == t.end && i + 1 < limit && tokens[std::size_t(i + 1)].kind == TokenKind::Word) {
                        int ue = tokens[std::size_t(i + 1)].end;
                        while (ue < sentence.end && !isSpace(text[std::size_t(ue)]) && text[std::size_t(ue)] != ',' && text[std::size_t(ue)] != '.')
                            ++ue;
                        s.detail[SpanRecord::Unit][0] = tokens[std::size_t(i + 1)].start;
                        s.detail[SpanRecord::Unit][1] = ue;
                    } else if (u > t.end) {
                        s.detail[SpanRecord::Unit][0] = t.end;
                        s.detail[SpanRecord::Unit][1] = u;
                    }
                    break;
                }
                ++i;
            }
        }
        local.erase(std::remove_if(local.begin(), local.end(), [](const SpanRecord &r) { return r.type == 0xffff; }), local.end());
        local.insert(local.end(), ruleSpans.begin(), ruleSpans.end());
        std::sort(local.begin(), local.end(), [](const SpanRecord &x, const SpanRecord &y) {
            return x.start != y.start ? x.start < y.start : x.end > y.end;
        });
        spans.insert(spans.end(), local.begin(), local.end());
    }
    if (!sectionStarts.empty())
        section = sectionStarts.back().second;
}


} // namespace sagitta::core::text
