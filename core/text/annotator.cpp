#include "core/text/annotator.h"

#include "core/text/phrasetrie.h"
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

struct Candidate {
    int first, last; // tokens
    int spanIndex;
};

// Span grammar (issue 13): words that belong to the concept they stand before (severity,
// acuity, size, laterality, site), the heads that make "Name syndrome" a problem, and "of".
struct SpanGrammar {
    std::uint16_t problem = 0, anatomy = 0, procedure = 0, test = 0, medication = 0;
    PhraseTrie modifiers, drugModifiers, eponymHeads;
    PhraseTrie suffixes; // words that end a concept of a type: value 0 problem, 1 medication, 2 procedure, 3 test
    std::uint64_t keyOf = 0, keyTo = 0, keyAnd = 0, keyThe = 0, keyOn = 0, keyGrade = 0, keySided = 0;
};

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
    for (const auto &[word, kind] : tsvRows(res.count(std::string("grammar_") + suffix + ".tsv")
                                                ? res.at(std::string("grammar_") + suffix + ".tsv") : std::string_view()))
        if (kind.rfind("END_", 0) == 0)
            g.suffixes.insert(phraseKeys(toU32(word)), kind == "END_PROBLEM" ? 0 : kind == "END_MEDICATION" ? 1 : kind == "END_PROCEDURE" ? 2 : 3);
        else
            (kind == "HEAD" ? g.eponymHeads : kind == "DRUGMOD" ? g.drugModifiers : g.modifiers).insert(phraseKeys(toU32(word)), 0);
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

namespace {

// Morphology of a word the lexicon does not know: 0 problem, 1 medication, 2 procedure, 3 test,
// 4 anatomy (a spine level), -1 none. Suffixes of drug stems (WHO INN stems) and of disease,
// procedure and test words; a few common words with those endings are not concepts.
int morphologyType(const char32_t *w, int len, int &tokensTaken, const std::vector<Token> &tokens, int i, int n,
                   const std::u32string &text)
{
    tokensTaken = 1;
    // Spine levels: C1-C7, T1-T12, L1-L5, S1, alone or as a range "C5-C6", "L4/5", "L5-S1".
    auto level = [&](const char32_t *p, int l) {
        if (l < 2 || l > 3)
            return false;
        const char32_t c = p[0];
        if (!(c == 'C' || c == 'T' || c == 'L' || c == 'S'))
            return false;
        for (int k = 1; k < l; ++k)
            if (p[k] < '0' || p[k] > '9')
                return false;
        return true;
    };
    if (level(w, len)) {
        if (i + 2 < n && tokens[std::size_t(i + 1)].kind == TokenKind::Punct) {
            const char32_t sep = text[std::size_t(tokens[std::size_t(i + 1)].start)];
            const Token &b = tokens[std::size_t(i + 2)];
            const int bl = b.end - b.start;
            const char32_t *bp = text.data() + b.start;
            bool digits = bl >= 1 && bl <= 2;
            for (int k = 0; k < bl && digits; ++k)
                digits = bp[k] >= '0' && bp[k] <= '9';
            if ((sep == '-' || sep == '/') && (level(bp, bl) || digits) && tokens[std::size_t(i + 1)].start == tokens[std::size_t(i)].end) {
                tokensTaken = 3;
                return 4;
            }
        }
        return -1; // a bare "C5" or "T1" is too often something else
    }
    if (len < 6 || len > 40)
        return -1;
    char buf[41];
    for (int k = 0; k < len; ++k) {
        const char32_t c = lower(w[k]);
        if (c < 'a' || c > 'z')
            return -1;
        buf[k] = char(c);
    }
    buf[len] = 0;
    const std::string_view word(buf, std::size_t(len));
    static const std::pair<const char *, int> suffixes[] = {
        // drugs
        {"mab", 1}, {"nib", 1}, {"pril", 1}, {"sartan", 1}, {"olol", 1}, {"alol", 1}, {"statin", 1}, {"gliflozin", 1},
        {"parin", 1}, {"vir", 1}, {"cillin", 1}, {"mycin", 1}, {"micin", 1}, {"azole", 1}, {"floxacin", 1}, {"cycline", 1},
        {"dipine", 1}, {"prazole", 1}, {"tidine", 1}, {"setron", 1}, {"gliptin", 1}, {"glutide", 1}, {"xaban", 1},
        {"gatran", 1}, {"platin", 1}, {"taxel", 1}, {"rubicin", 1}, {"lukast", 1}, {"triptan", 1}, {"azepam", 1},
        {"azolam", 1}, {"profen", 1}, {"semide", 1}, {"thiazide", 1}, {"cort", 1}, {"sone", 1}, {"olone", 1},
        {"tinib", 1}, {"fungin", 1}, {"penem", 1}, {"cef", 1}, {"dronate", 1}, {"barbital", 1}, {"oxetine", 1},
        {"apine", 1}, {"idone", 1}, {"pramine", 1}, {"tyline", 1}, {"caine", 1}, {"parib", 1}, {"ciclib", 1},
        {"lisib", 1}, {"tide", 1}, {"kinra", 1}, {"cept", 1}, {"ximab", 1}, {"grastim", 1}, {"poetin", 1},
        // problems
        {"itis", 0}, {"osis", 0}, {"emia", 0}, {"aemia", 0}, {"pathy", 0}, {"oma", 0}, {"omas", 0}, {"algia", 0},
        {"megaly", 0}, {"plegia", 0}, {"paresis", 0}, {"penia", 0}, {"uria", 0}, {"rrhea", 0}, {"rrhagia", 0},
        {"ectasis", 0}, {"iasis", 0}, {"plasia", 0}, {"trophy", 0}, {"cardia", 0}, {"pnea", 0}, {"esthesia", 0},
        {"itides", 0}, {"oses", 0}, {"emias", 0}, {"lithiasis", 0}, {"ism", 0}, {"dactyly", 0}, {"ophobia", 0},
        {"mania", 0}, {"phagia", 0}, {"kinesia", 0}, {"tonia", 0}, {"thermia", 0}, {"glycemia", 0}, {"natremia", 0},
        // procedures and tests
        {"ectomy", 2}, {"otomy", 2}, {"ostomy", 2}, {"plasty", 2}, {"pexy", 2}, {"desis", 2}, {"ectomies", 2},
        {"graphy", 3}, {"gram", 3}, {"grams", 3}, {"metry", 3},
    };
    static const char *const notConcepts[] = {
        "diagnosis", "prognosis", "diagnoses", "prognoses", "aroma", "diploma", "program", "diagram", "kilogram", "milligram", "microgram",
        "empathy", "sympathy", "telepathy", "stoma", "somewhat", "decision", "provide", "reside", "beside", "inside",
        "outside", "aside", "decide", "person", "reason", "season", "lesson", "lifestyle", "organism", "mechanism",
        "tourism", "criticism", "optimism", "alcoholism", "hypnosis", "telegram", "instagram", "geometry", "symmetry",
        "asymmetry", "poetry", "chemistry", "ministry", "industry", "coronavirus", "antivir", "supervision",
        "fingerprint", "hydrocephalus", "wilson", "peptide", "telephone", "override", "fluoride", "chloride", "bromide",
        "iodide", "sulfide", "peroxide", "dioxide", "oxide", "cyanide", "nucleotide", "polypeptide", "tide", "strong",
        "glucose", "sucrose", "lactose", "fructose", "dextrose", "purpose", "suppose", "impose", "expose", "propose",
        "compose", "response", "sense", "dense", "intense", "license", "defense", "expense", "dispense", "immense",
        "licence", "person", "reasons", "arthritism", "hospital", "concept", "accept", "except", "intercept",
        "perception", "prescription", "description", "caine",
    };
    for (const char *nc : notConcepts)
        if (word == nc)
            return -1;
    for (const auto &[suffix, type] : suffixes) {
        const std::size_t sl = std::char_traits<char>::length(suffix);
        if (word.size() > sl + 2 && word.compare(word.size() - sl, sl, suffix) == 0)
            return type;
    }
    return -1;
}

void applySpanGrammar(const SpanGrammar &im, const std::u32string &text, const std::vector<Token> &tokens,
                                 std::vector<Candidate> &candidates, std::vector<SpanRecord> &local, bool zh)
{
    // Concept spans in token order; extend and merge them by a small grammar: modifiers before a
    // head join it ("acute on chronic", "moderate", "left"); a site before a finding, test or
    // procedure joins it ("left lower lobe pneumonia", "renal ultrasound"); "X of the <site>"
    // joins X ("fracture of the scaphoid waist"); "Name syndrome/disease/sign" is a problem.
    const int n = int(tokens.size());
    std::vector<char> inConcept(std::size_t(n), 0);
    for (const Candidate &c : candidates)
        for (int k = c.first; k < c.last; ++k)
            inConcept[std::size_t(k)] = 1;
    auto key = [&](int k) { return tokens[std::size_t(k)].key; };
    auto typeOf = [&](const Candidate &c) { return local[std::size_t(c.spanIndex)].type; };
    auto setSpan = [&](Candidate &c) {
        SpanRecord &s = local[std::size_t(c.spanIndex)];
        s.start = tokens[std::size_t(c.first)].start;
        s.end = tokens[std::size_t(c.last - 1)].end;
    };
    auto concept = [&](std::uint16_t t) { return t == im.problem || t == im.anatomy || t == im.test || t == im.procedure || t == im.medication; };
    // Left extension over modifiers not in another concept.
    for (Candidate &c : candidates) {
        const std::uint16_t t = typeOf(c);
        if (!concept(t))
            continue;
        int f = c.first;
        for (;;) {
            if (f == 0)
                break;
            int value = -1;
            // the longest modifier phrase that ends right before f
            int bestStart = -1;
            for (int a = std::max(0, f - 4); a < f; ++a) {
                bool free = true;
                for (int k = a; k < f && free; ++k)
                    free = !inConcept[std::size_t(k)];
                if (free && (t == im.medication ? im.drugModifiers : im.modifiers).longestMatch(tokens, a, f, value) == f - a) {
                    bestStart = a;
                    break;
                }
            }
            if (bestStart >= 0) {
                f = bestStart;
                continue;
            }
            if (!zh && f >= 3 && key(f - 1) == im.keyOn && !inConcept[std::size_t(f - 2)]
                && im.modifiers.longestMatch(tokens, f - 2, f - 1, value) == 1) { // "acute on chronic"
                f -= 2;
                continue;
            }
            if (!zh && f >= 2 && tokens[std::size_t(f - 1)].kind == TokenKind::Number && key(f - 2) == im.keyGrade) { // "grade 2"
                f -= 2;
                continue;
            }
            // "right-sided": word - sided
            if (!zh && f >= 3 && key(f - 1) == im.keySided && text[std::size_t(tokens[std::size_t(f - 2)].start)] == '-'
                && !inConcept[std::size_t(f - 3)] && im.modifiers.longestMatch(tokens, f - 3, f - 2, value) == 1) {
                f -= 3;
                continue;
            }
            break;
        }
        for (int k = f; k < c.first; ++k)
            inConcept[std::size_t(k)] = 1;
        c.first = f;
        setSpan(c);
    }
    // Right extension: a dosage form after a drug ("片", "胶囊"), "检查" after a test.
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        Candidate &c = candidates[k];
        const int limit = k + 1 < candidates.size() ? candidates[k + 1].first : n;
        int value = -1;
        const int len = im.suffixes.longestMatch(tokens, c.last, limit, value);
        if (len == 0)
            continue;
        const std::uint16_t t = typeOf(c);
        const std::uint16_t want = value == 0 ? im.problem : value == 1 ? im.medication : value == 2 ? im.procedure : im.test;
        if (t != want && value != 2 && value != 3) // a test or procedure head makes the phrase one ("myositis antibody panel")
            continue;
        local[std::size_t(c.spanIndex)].type = want;
        c.last += len;
        setSpan(c);
    }
    // Merges between neighbours.
    std::size_t out = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        Candidate c = candidates[k];
        if (out > 0) {
            Candidate &p = candidates[out - 1];
            const std::uint16_t pt = typeOf(p), ct = typeOf(c);
            bool merge = false;
            std::uint16_t type = ct;
            if (p.last == c.first && pt == im.anatomy && (ct == im.problem || ct == im.test || ct == im.procedure || ct == im.anatomy))
                merge = true; // "left kidney" + "cyst", "renal" + "ultrasound"
            else if (zh && pt == im.anatomy && (ct == im.problem || ct == im.procedure) && c.first - p.last <= 3) {
                // "胆囊壁增厚", "右冠状动脉中段混合斑块": a site and its finding a few characters apart
                static const std::u32string_view stops = U"见示无未及和与伴或行予为在于较有呈是以时同并、";
                merge = true;
                for (int g = p.last; g < c.first && merge; ++g)
                    merge = tokens[std::size_t(g)].kind == TokenKind::Cjk
                            && stops.find(text[std::size_t(tokens[std::size_t(g)].start)]) == std::u32string_view::npos;
            } else if (!zh && pt == im.test && ct == im.anatomy) { // "CT chest, abdomen, and pelvis", "CTA head and neck"
                merge = true;
                for (int g = p.last; g < c.first && merge; ++g)
                    merge = key(g) == im.keyAnd || text[std::size_t(tokens[std::size_t(g)].start)] == ','
                            || (g == p.last && key(g) == im.keyOf) || (g == p.last + 1 && key(g) == im.keyThe && key(g - 1) == im.keyOf);
                merge = merge && c.first - p.last <= 3;
                type = pt;
            }
            else if (!zh && c.first > p.last && c.first - p.last <= 3 && tokens[std::size_t(p.last)].start == tokens[std::size_t(p.last - 1)].end
                     && tokens[std::size_t(c.first)].start == tokens[std::size_t(c.first - 1)].end && (pt == ct || ct == im.test)) {
                // joined without spaces: "nirmatrelvir-ritonavir", "FEV1/FVC", "aldosterone-to-renin ratio"
                merge = true;
                for (int g = p.last; g < c.first && merge; ++g) {
                    const char32_t ch = text[std::size_t(tokens[std::size_t(g)].start)];
                    merge = (ch == '-' || ch == '/' || key(g) == im.keyTo) && (g == p.last || tokens[std::size_t(g)].start == tokens[std::size_t(g - 1)].end);
                }
            } else if (!zh && (pt == im.problem || pt == im.anatomy) && ct == im.anatomy && c.first > p.last
                     && key(p.last) == im.keyOf
                     && (c.first == p.last + 1 || (c.first == p.last + 2 && key(p.last + 1) == im.keyThe))) {
                merge = true; // "fracture of the scaphoid waist"
                type = pt;
            }
            if (merge) {
                p.last = c.last;
                local[std::size_t(p.spanIndex)].type = type;
                setSpan(p);
                local[std::size_t(c.spanIndex)].type = 0xffff; // dropped below
                continue;
            }
        }
        candidates[out++] = c;
    }
    candidates.resize(out);
    // Chinese: one character of anatomy left on its own is nearly always part of a longer word
    // (肾 in 肾上腺, 脑 in 脑脊液, 肝 in 乙肝).
    if (zh) {
        out = 0;
        for (const Candidate &c : candidates) {
            if (c.last - c.first == 1 && typeOf(c) == im.anatomy) {
                local[std::size_t(c.spanIndex)].type = 0xffff;
                continue;
            }
            candidates[out++] = c;
        }
        candidates.resize(out);
    }
    // "Sjogren syndrome", "Behcet's disease", "Murphy sign": capitalised words before the head.
    if (!zh)
        for (int h = 1; h < n; ++h) {
            int value = -1;
            if (inConcept[std::size_t(h)] || im.eponymHeads.longestMatch(tokens, h, h + 1, value) != 1)
                continue;
            int f = h;
            while (f > 0 && h - f < 3 && !inConcept[std::size_t(f - 1)] && tokens[std::size_t(f - 1)].kind == TokenKind::Word
                   && text[std::size_t(tokens[std::size_t(f - 1)].start)] >= 'A' && text[std::size_t(tokens[std::size_t(f - 1)].start)] <= 'Z')
                --f;
            if (f == h)
                continue;
            if (f == 0 && h == 1) // a capitalised first word of the sentence alone is not a name
                continue;
            SpanRecord s;
            s.start = tokens[std::size_t(f)].start;
            s.end = tokens[std::size_t(h)].end;
            s.type = im.problem;
            s.source = SpanRecord::Rule;
            local.push_back(s);
            candidates.push_back({f, h + 1, int(local.size()) - 1});
            for (int k = f; k <= h; ++k)
                inConcept[std::size_t(k)] = 1;
        }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) { return a.first < b.first; });
}

} // namespace

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
        for (int i = 0; i < n;) {
            if (i + 1 < n)
                m->lexicon.prefetch(tokens[std::size_t(i + 1)].key);
            int value = -1;
            int len = m->lexicon.longestMatch(tokens, i, n, value);
            if (len == 1 && !zh && i + 2 < n && tokens[std::size_t(i + 1)].kind == TokenKind::Punct) {
                int taken = 1; // a spine level range ("C5-C6") before the lexicon's single level
                const Token &t = tokens[std::size_t(i)];
                if (t.end - t.start <= 3 && morphologyType(text.data() + t.start, t.end - t.start, taken, tokens, i, n, text) == 4)
                    len = 0;
            }
            if (len == 0) {
                // Not in the lexicon: a word the morphology types (drug stems, disease and
                // procedure suffixes) or a spine level ("C5-C6", "L4/5").
                const Token &t = tokens[std::size_t(i)];
                int type = -1, tokensTaken = 1;
                if (!zh && t.kind == TokenKind::Word)
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
        if (!candidates.empty())
            applySpanGrammar(m->grammar, text, tokens, candidates, local, zh);
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
            const int limit = std::min(n, c.last + (zh ? 16 : 10));
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
                    // "for 7 days", "x 5 days"
                    if (i > c.last && i + 1 < limit) {
                        const std::uint64_t unit = tokens[std::size_t(i + 1)].key;
                        if (unit == m->keyDay || unit == m->keyWeek || unit == m->keyMonth || unit == m->keyTian
                            || unit == m->keyZhou) {
                            emit(m->duration, SpanRecord::Duration, i - 1, i + 2);
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
