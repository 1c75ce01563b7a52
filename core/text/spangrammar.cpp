#include "core/text/spangrammar.h"

#include "core/text/unicode.h"

#include <algorithm>
#include <string_view>

namespace sagitta::core::text {

void SpanGrammar::load(const std::vector<std::pair<std::string, std::string>> &rows)
{
    for (const auto &[word, kind] : rows) {
        const std::u32string w = toU32(word);
        if (kind.rfind("END_", 0) == 0)
            suffixes.insert(phraseKeys(w), kind == "END_PROBLEM"      ? 0
                                           : kind == "END_MEDICATION" ? 1
                                           : kind == "END_PROCEDURE"  ? 2
                                           : kind == "END_ANATOMY"    ? 4
                                           : kind == "END_NONE"       ? 9
                                                                      : 3);
        else if (kind == "TMOD")
            testModifiers.insert(phraseKeys(w), 0);
        else if (kind == "PROCMOD")
            procedureModifiers.insert(phraseKeys(w), 0);
        else if (kind == "FUNCTION")
            functionWords.insert(phraseKeys(w), 0);
        else if (kind == "FINDING_ADJ")
            findingAdjectives.insert(phraseKeys(w), 0);
        else if (kind == "ORG_HEAD")
            organismHeads.insert(phraseKeys(w), 0);
        else if (kind == "IMAGING")
            imaging.insert(phraseKeys(w), 0);
        else if (kind == "VALUE_TEST")
            valueTests.insert(phraseKeys(w), 0);
        else if (kind == "VALUE_ONLY")
            valueOnly.insert(phraseKeys(w), 0);
        else if (kind == "SERVICE_NEXT")
            serviceNext.insert(phraseKeys(w), 0);
        else if (kind == "TEST_HEAD")
            testHeads.insert(phraseKeys(w), 0);
        else if (kind == "ADJ_END")
            adjectiveEndings.push_back(w);
        else if (kind == "NOT_ADJ")
            notAdjectives.insert(phraseKeys(w), 0);
        else if (kind == "SIZE_UNIT")
            sizeUnits.insert(phraseKeys(w), 0);
        else if (kind == "STAGE")
            stageWords.insert(phraseKeys(w), 0);
        else if (kind == "STOP")
            zhStops += w;
        else if (kind == "GRADE_MARK")
            zhGradeMarks += w;
        else if (kind == "ZH_SITE_LINK")
            zhSiteLinks += w;
        else if (kind == "ZH_SERVICE")
            zhServices.insert(phraseKeys(w), 0);
        else if (kind == "ZH_ACTION_VERB")
            zhActionVerbs.insert(phraseKeys(w), 0);
        else if (kind == "ZH_FINDING_TAIL")
            zhFindingTails.insert(phraseKeys(w), 0);
        else if (kind == "ZH_END_PROBLEM")
            zhWordEndings.emplace_back(w, problem);
        else if (kind == "ZH_END_MEDICATION")
            zhWordEndings.emplace_back(w, medication);
        else if (kind == "ZH_APART")
            zhApart.insert(phraseKeys(w), 0);
        else if (kind == "ZH_DRUG_STEM")
            zhDrugStems.push_back(w);
        else if (kind == "ZH_DRUG_CHARS")
            zhDrugChars += w;
        else if (kind == "ZH_NOT_CONCEPT")
            zhNotConcepts.push_back(w);
        else if (kind == "ACTION_PREFIX")
            zhActionPrefixes += w;
        else if (kind == "KEEP_SUFFIX")
            zhKeepingSuffixes += w;
        else if (kind == "HEAD" || kind == "HEAD_MEDICATION" || kind == "HEAD_PROCEDURE" || kind == "HEAD_TEST")
            eponymHeads.insert(phraseKeys(w), kind == "HEAD" ? 0 : kind == "HEAD_MEDICATION" ? 1 : kind == "HEAD_PROCEDURE" ? 2 : 3);
        else
            (kind == "DRUGMOD" ? drugModifiers : kind == "PMOD" ? problemModifiers : modifiers).insert(phraseKeys(w), 0);
    }
}

namespace {

// English: token k is an adjective by its ending ("eosinophilic", "granulomatous", "biliary"),
// or a hyphenated pair ending in one or in a participle ("FDG-avid", "immune-mediated"); how
// many tokens it takes (0 none).
int adjectiveTokens(const SpanGrammar &g, const std::u32string &text, const std::vector<Token> &tokens, int k,
                    const std::vector<char> &inConcept)
{
    auto isWord = [&](int j) { return j >= 0 && tokens[std::size_t(j)].kind == TokenKind::Word && !inConcept[std::size_t(j)]; };
    auto endsWith = [&](int j, std::u32string_view e) {
        const Token &t = tokens[std::size_t(j)];
        const int len = t.end - t.start;
        if (len < int(e.size()) + 3)
            return false;
        for (std::size_t i = 0; i < e.size(); ++i)
            if (lower(text[std::size_t(t.end) - e.size() + i]) != e[i])
                return false;
        return true;
    };
    auto adjective = [&](int j) {
        int value = -1;
        if (!isWord(j) || g.notAdjectives.longestMatch(tokens, j, j + 1, value) == 1)
            return false;
        for (const std::u32string &e : g.adjectiveEndings)
            if (endsWith(j, e))
                return true;
        return false;
    };
    auto joined = [&](int a, int b) { return tokens[std::size_t(a)].end == tokens[std::size_t(b)].start; };
    auto is = [&](int j, std::u32string_view w) {
        const Token &t = tokens[std::size_t(j)];
        if (t.end - t.start != int(w.size()))
            return false;
        for (std::size_t i = 0; i < w.size(); ++i)
            if (lower(text[std::size_t(t.start) + i]) != w[i])
                return false;
        return true;
    };
    if (k >= 2 && isWord(k) && isWord(k - 2) && text[std::size_t(tokens[std::size_t(k - 1)].start)] == '-' && joined(k - 2, k - 1)
        && joined(k - 1, k) && (adjective(k) || endsWith(k, U"ed") || endsWith(k, U"avid") || is(k, U"onset")))
        return 3;
    return adjective(k) ? 1 : 0;
}

} // namespace

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
    // Vessel segments: "M1 segment", "A2 segment", "P1 segments".
    if (len == 2 && (w[0] == 'M' || w[0] == 'A' || w[0] == 'P' || w[0] == 'V') && w[1] >= '0' && w[1] <= '9' && i + 1 < n) {
        const Token &s = tokens[std::size_t(i + 1)];
        const std::u32string_view next(text.data() + s.start, std::size_t(s.end - s.start));
        if (next == U"segment" || next == U"segments") {
            tokensTaken = 2;
            return 4;
        }
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
    static constexpr std::pair<std::string_view, int> suffixes[] = {
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
    static constexpr std::string_view notConcepts[] = {
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
    // Lengths are known at compile time (string_view): no strlen per word; the exceptions are
    // looked at only for a word with a concept's ending.
    for (const auto &[suffix, type] : suffixes) {
        if (word.size() > suffix.size() + 2 && word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0) {
            for (std::string_view nc : notConcepts)
                if (word == nc)
                    return -1;
            return type;
        }
    }
    return -1;
}

void addChineseWordsByEnding(const SpanGrammar &g, const std::u32string &text, const std::vector<Token> &tokens,
                             const std::vector<int> &wordStart, const std::vector<int> &wordEnd,
                             std::vector<Candidate> &candidates, std::vector<SpanRecord> &local)
{
    const int n = int(tokens.size());
    std::vector<char> covered(std::size_t(n), 0);
    for (const Candidate &c : candidates)
        for (int k = c.first; k < c.last; ++k)
            covered[std::size_t(k)] = 1;
    const std::size_t before = candidates.size();
    for (int k = 0; k < n; k = std::max(k + 1, wordEnd[std::size_t(k)])) {
        const int s = wordStart[std::size_t(k)], e = wordEnd[std::size_t(k)];
        if (s != k || e - s < 2 || tokens[std::size_t(s)].kind != TokenKind::Cjk)
            continue;
        bool free = true;
        for (int q = s; q < e && free; ++q)
            free = !covered[std::size_t(q)];
        if (!free || g.zhActionPrefixes.find(text[std::size_t(tokens[std::size_t(s)].start)]) != std::u32string::npos)
            continue;
        const std::u32string_view word(text.data() + tokens[std::size_t(s)].start, std::size_t(tokens[std::size_t(e - 1)].end - tokens[std::size_t(s)].start));
        if (std::find(g.zhNotConcepts.begin(), g.zhNotConcepts.end(), word) != g.zhNotConcepts.end())
            continue;
        for (const auto &[ending, type] : g.zhWordEndings)
            if (word.size() > ending.size() && word.compare(word.size() - ending.size(), ending.size(), ending) == 0) {
                SpanRecord r;
                r.start = tokens[std::size_t(s)].start;
                r.end = tokens[std::size_t(e - 1)].end;
                r.type = type;
                r.source = SpanRecord::Rule;
                local.push_back(r);
                candidates.push_back({s, e, int(local.size()) - 1});
                break;
            }
    }
    // Drug names by their stem after a run of transliteration characters, longest stem first.
    if (!g.zhDrugStems.empty()) {
        for (const Candidate &c : candidates)
            for (int k = c.first; k < c.last; ++k)
                covered[std::size_t(k)] = 1;
        auto drugChar = [&](int k) {
            return k >= 0 && k < n && tokens[std::size_t(k)].kind == TokenKind::Cjk && !covered[std::size_t(k)]
                   && g.zhDrugChars.find(text[std::size_t(tokens[std::size_t(k)].start)]) != std::u32string::npos;
        };
        for (int e = n; e > 0; --e) {
            if (covered[std::size_t(e - 1)] || tokens[std::size_t(e - 1)].kind != TokenKind::Cjk || drugChar(e))
                continue;
            for (const std::u32string &stem : g.zhDrugStems) {
                const int l = int(stem.size());
                if (e - l < 1)
                    continue;
                bool match = true;
                for (int q = 0; q < l && match; ++q)
                    match = tokens[std::size_t(e - l + q)].kind == TokenKind::Cjk && !covered[std::size_t(e - l + q)]
                            && text[std::size_t(tokens[std::size_t(e - l + q)].start)] == stem[std::size_t(q)];
                if (!match)
                    continue;
                int s = e - l;
                while (s > 0 && e - l - s < 8 && drugChar(s - 1))
                    --s;
                if (e - l - s < (l == 1 ? 2 : 1))
                    continue;
                SpanRecord r;
                r.start = tokens[std::size_t(s)].start;
                r.end = tokens[std::size_t(e - 1)].end;
                r.type = g.medication;
                r.source = SpanRecord::Rule;
                local.push_back(r);
                candidates.push_back({s, e, int(local.size()) - 1});
                for (int q = s; q < e; ++q)
                    covered[std::size_t(q)] = 1;
                e = s + 1;
                break;
            }
        }
    }
    if (candidates.size() != before)
        std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) { return a.first < b.first; });
}

// One pass over the candidates in order that keeps some: keep(c, k, previous) sees candidate k and
// the last one kept before it (null for none), may change either, and returns false to drop c.
template <typename Keep>
void keepCandidates(std::vector<Candidate> &candidates, Keep keep)
{
    std::size_t out = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        Candidate c = candidates[k];
        if (keep(c, k, out > 0 ? &candidates[out - 1] : nullptr))
            candidates[out++] = c;
    }
    candidates.resize(out);
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
    // How many tokens right before f join a concept from `list`: the longest run of at most
    // maxTokens that lies in no concept and that the list matches whole; 0 when none.
    auto freeRunBefore = [&](const PhraseTrie &list, int f, int maxTokens) {
        int value = -1;
        for (int a = std::max(0, f - maxTokens); a < f; ++a) {
            bool free = true;
            for (int k = a; k < f && free; ++k)
                free = !inConcept[std::size_t(k)];
            if (free && list.longestMatch(tokens, a, f, value) == f - a)
                return f - a;
        }
        return 0;
    };
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
    // "2.1 x 1.8" before a unit: the first number of a size's dimensions, from the last one at k.
    auto sizeDimensions = [&](int k) {
        while (k >= 2 && tokens[std::size_t(k - 2)].kind == TokenKind::Number && !inConcept[std::size_t(k - 1)]
               && !inConcept[std::size_t(k - 2)] && tokens[std::size_t(k - 1)].end - tokens[std::size_t(k - 1)].start == 1
               && (text[std::size_t(tokens[std::size_t(k - 1)].start)] == 'x' || text[std::size_t(tokens[std::size_t(k - 1)].start)] == 'X'
                   || text[std::size_t(tokens[std::size_t(k - 1)].start)] == U'\u00d7'))
            k -= 2;
        return k;
    };
    auto concept = [&](std::uint16_t t) { return t == im.problem || t == im.anatomy || t == im.test || t == im.procedure || t == im.medication; };
    // Chinese: a finding or a lab right after an action on it is a treatment, not a concept
    // ("抗结核", "止痛", "抗感染", "抗血小板", "降血糖").
    if (zh) {
        std::size_t kept = 0;
        for (const Candidate &c : candidates) {
            int value = -1;
            if ((typeOf(c) == im.problem || typeOf(c) == im.test || typeOf(c) == im.anatomy) && c.first >= 2 && !inConcept[std::size_t(c.first - 1)]
                && !inConcept[std::size_t(c.first - 2)] && im.zhActionVerbs.longestMatch(tokens, c.first - 2, c.first, value) == 2) {
                local[std::size_t(c.spanIndex)].type = 0xffff; // "纠正酸中毒", "稳定斑块", "保护胃黏膜"
                for (int k = c.first; k < c.last; ++k)
                    inConcept[std::size_t(k)] = 0;
                continue;
            }
            if ((typeOf(c) == im.problem || typeOf(c) == im.test) && c.first > 0 && tokens[std::size_t(c.first - 1)].kind == TokenKind::Cjk
                && !inConcept[std::size_t(c.first - 1)]
                && im.zhActionPrefixes.find(text[std::size_t(tokens[std::size_t(c.first - 1)].start)]) != std::u32string::npos) {
                local[std::size_t(c.spanIndex)].type = 0xffff;
                for (int k = c.first; k < c.last; ++k)
                    inConcept[std::size_t(k)] = 0;
                continue;
            }
            candidates[kept++] = c;
        }
        candidates.resize(kept);
    }
    // English: a service before "consulted", "team" ... names the people, not a concept
    // ("CT surgery consulted", "surgery team"): the run of concepts before it is dropped.
    if (!zh) {
        std::vector<char> drop(candidates.size(), 0);
        bool any = false;
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            int value = -1;
            if (im.serviceNext.longestMatch(tokens, candidates[k].last, n, value) == 0)
                continue;
            for (std::size_t j = k + 1; j-- > 0;) {
                drop[j] = any = true;
                if (j == 0 || candidates[j - 1].last != candidates[j].first)
                    break;
            }
        }
        if (any) {
            std::size_t kept = 0;
            for (std::size_t k = 0; k < candidates.size(); ++k) {
                if (drop[k]) {
                    local[std::size_t(candidates[k].spanIndex)].type = 0xffff;
                    for (int q = candidates[k].first; q < candidates[k].last; ++q)
                        inConcept[std::size_t(q)] = 0;
                    continue;
                }
                candidates[kept++] = candidates[k];
            }
            candidates.resize(kept);
        }
    }
    // Left extension over modifiers not in another concept.
    for (Candidate &c : candidates) {
        const std::uint16_t t = typeOf(c);
        if (!concept(t))
            continue;
        int f = c.first;
        bool organism = false; // one organism name at most
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
            if (!zh && f >= 2 && tokens[std::size_t(f - 1)].kind == TokenKind::Number && im.stageWords.longestMatch(tokens, f - 2, f - 1, value) == 1) {
                f -= 2; // "stage 2", "class III"
                continue;
            }
            if (!zh && t == im.problem) {
                const int len = freeRunBefore(im.problemModifiers, f, 3);
                if (len > 0) { // "decreased", "bulging"
                    f -= len;
                    continue;
                }
                // a size: "4 mm", "2.5 cm", "2+"
                if (f >= 2 && tokens[std::size_t(f - 2)].kind == TokenKind::Number && !inConcept[std::size_t(f - 1)]
                    && im.sizeUnits.longestMatch(tokens, f - 1, f, value) == 1) {
                    f = sizeDimensions(f - 2);
                    continue;
                }
                if (f >= 2 && tokens[std::size_t(f - 2)].kind == TokenKind::Number
                    && (text[std::size_t(tokens[std::size_t(f - 1)].start)] == '+' || text[std::size_t(tokens[std::size_t(f - 1)].start)] == '%')
                    && tokens[std::size_t(f - 2)].end == tokens[std::size_t(f - 1)].start && !inConcept[std::size_t(f - 1)]
                    && !inConcept[std::size_t(f - 2)]) { // "2+", "90% stenosis"
                    f -= 2;
                    continue;
                }
            }
            if (t == im.procedure) {
                const int len = freeRunBefore(im.procedureModifiers, f, 5);
                if (len > 0) { // "percutaneous", "diagnostic", "经皮", "腹腔镜下"
                    f -= len;
                    continue;
                }
            }
            if (!zh && t == im.test) {
                const int len = freeRunBefore(im.testModifiers, f, 3);
                if (len > 0) { // "serum", "urine", "portable"
                    f -= len;
                    continue;
                }
            }
            if (!zh && t == im.anatomy && typeOf(c) == im.anatomy) {
                int len = 0;
                for (int a = std::max(0, f - 2); a < f && len == 0; ++a) {
                    bool free = true;
                    for (int k = a; k < f && free; ++k)
                        free = !inConcept[std::size_t(k)];
                    if (free && im.findingAdjectives.longestMatch(tokens, a, f, value) == f - a)
                        len = f - a;
                }
                if (len > 0) { // "enlarged" + "lymph nodes": a finding of the site
                    f -= len;
                    local[std::size_t(c.spanIndex)].type = im.problem;
                    continue;
                }
            }
            if (!zh && t == im.problem && !organism && im.organismHeads.longestMatch(tokens, c.last - 1, c.last, value) == 1
                && tokens[std::size_t(f - 1)].kind == TokenKind::Word && !inConcept[std::size_t(f - 1)]) {
                // "MSSA bacteremia", "RSV bronchiolitis", "Clostridioides difficile colitis": an organism
                const Token &o = tokens[std::size_t(f - 1)];
                const char32_t c0 = text[std::size_t(o.start)];
                bool caps = true;
                for (int q = o.start; q < o.end && caps; ++q)
                    caps = !(text[std::size_t(q)] >= 'a' && text[std::size_t(q)] <= 'z');
                if (c0 >= 'A' && c0 <= 'Z' && (f - 1 > 0 || caps) && im.functionWords.longestMatch(tokens, f - 1, f, value) == 0) {
                    f -= 1;
                    organism = true;
                    continue;
                }
            }
            if (!zh && t != im.medication && t != im.test) {
                const int adj = adjectiveTokens(im, text, tokens, f - 1, inConcept);
                if (adj > 0) {
                    f -= adj;
                    continue;
                }
            }
            if (zh && (t == im.problem || t == im.anatomy)) {
                // "化脓性", "免疫相关性", "细小多形性": up to four free characters and 性
                if (t == im.problem && text[std::size_t(tokens[std::size_t(f - 1)].start)] == U'\u6027' && !inConcept[std::size_t(f - 1)]) {
                    int a = f - 1;
                    // (not over the 性 of another: "慢性" 非萎缩性 "胃炎" keeps 慢性 whole)
                    while (a > 0 && f - 1 - a < 4 && !inConcept[std::size_t(a - 1)] && tokens[std::size_t(a - 1)].kind == TokenKind::Cjk
                           && text[std::size_t(tokens[std::size_t(a - 1)].start)] != U'\u6027'
                           && im.zhStops.find(text[std::size_t(tokens[std::size_t(a - 1)].start)]) == std::u32string::npos)
                        --a;
                    if (a < f - 1) {
                        f = a;
                        continue;
                    }
                }
                // a grade: "Ⅱ度", "2期", "III级", "Ⅱ型"
                if (t == im.problem && f >= 2 && !inConcept[std::size_t(f - 1)] && !inConcept[std::size_t(f - 2)]
                    && im.zhGradeMarks.find(text[std::size_t(tokens[std::size_t(f - 1)].start)]) != std::u32string::npos) {
                    const Token &g = tokens[std::size_t(f - 2)];
                    const char32_t ch = text[std::size_t(g.start)];
                    if (g.kind == TokenKind::Number || (ch >= 0x2160 && ch <= 0x216b) || (g.kind == TokenKind::Word && (ch == 'I' || ch == 'V'))) {
                        f -= 2;
                        continue;
                    }
                }
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
    // Right extension: a dosage form after a drug ("片", "胶囊"), "检查" after a test, a part after
    // a site ("gallbladder wall"); a test head may follow one free word ("ACTH stimulation test").
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        Candidate &c = candidates[k];
        const int limit = k + 1 < candidates.size() ? candidates[k + 1].first : n;
        for (;;) {
            int value = -1;
            int skip = 0;
            int len = im.suffixes.longestMatch(tokens, c.last, limit, value);
            if (len == 0 && !zh && c.last + 1 < limit && tokens[std::size_t(c.last)].kind == TokenKind::Word
                && im.functionWords.longestMatch(tokens, c.last, c.last + 1, value) == 0) {
                len = im.suffixes.longestMatch(tokens, c.last + 1, limit, value);
                skip = len > 0 && value == 3 ? 1 : 0;
                len = skip ? len : 0;
            }
            for (int g = 1; len == 0 && zh && g <= 2 && c.last + g < limit; ++g) { // "地塞米松" 抑制 "试验"
                const Token &q = tokens[std::size_t(c.last + g - 1)];
                if (q.kind != TokenKind::Cjk || im.zhStops.find(text[std::size_t(q.start)]) != std::u32string::npos)
                    break;
                len = im.suffixes.longestMatch(tokens, c.last + g, limit, value);
                skip = len > 0 && value == 3 ? g : 0;
                len = skip ? len : 0;
            }
            if (value == 9) // "术后": after an operation, no procedure head
                break;
            if (len == 0)
                break;
            if (zh && value == 0 && c.last + skip + len < n && text[std::size_t(tokens[std::size_t(c.last + skip + len)].start)] == U'\u72b6')
                break; // "症" of "症状" (symptom) is no part of the finding before it
            const std::uint16_t t = typeOf(c);
            const std::uint16_t want = value == 0   ? im.problem
                                       : value == 1 ? im.medication
                                       : value == 2 ? im.procedure
                                       : value == 4 ? im.anatomy
                                                    : im.test;
            if (t != want && value != 2 && value != 3) // a test or procedure head makes the phrase one ("myositis antibody panel")
                break;
            local[std::size_t(c.spanIndex)].type = want;
            c.last += skip + len;
            setSpan(c);
        }
    }
    // "CKD stage 3b", "cytokine release syndrome grade 2": a stage after a problem.
    if (!zh)
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            Candidate &c = candidates[k];
            const int limit = k + 1 < candidates.size() ? candidates[k + 1].first : n;
            int value = -1;
            if (typeOf(c) == im.problem && c.last + 1 < limit && im.stageWords.longestMatch(tokens, c.last, c.last + 1, value) == 1
                && (tokens[std::size_t(c.last + 1)].kind == TokenKind::Number
                    || (tokens[std::size_t(c.last + 1)].end - tokens[std::size_t(c.last + 1)].start <= 3
                        && std::u32string_view(U"IVX").find(text[std::size_t(tokens[std::size_t(c.last + 1)].start)]) != std::u32string_view::npos))) {
                c.last += 2;
                setSpan(c);
            }
        }
    // "posterior horn of the medial meniscus", "upper outer quadrant of the left breast": a part
    // of a site (an END_ANATOMY word with its modifiers) before "of (the) <site>" is a site.
    if (!zh) {
        const std::size_t count = candidates.size();
        for (std::size_t k = 0; k < count; ++k) {
            const Candidate &c = candidates[k];
            if (typeOf(c) != im.anatomy)
                continue;
            int o = c.first - 1; // "of" or "the"
            if (o >= 1 && key(o) == im.keyThe)
                --o;
            if (o < 1 || key(o) != im.keyOf || inConcept[std::size_t(o - 1)])
                continue;
            int value = -1;
            const int part = o - 1;
            if (im.suffixes.longestMatch(tokens, part, part + 1, value) != 1 || value != 4)
                continue;
            int f = part;
            for (int len = 1; len > 0 && f > 0; f -= len)
                len = freeRunBefore(im.modifiers, f, 3);
            SpanRecord r;
            r.start = tokens[std::size_t(f)].start;
            r.end = tokens[std::size_t(part)].end;
            r.type = im.anatomy;
            r.source = SpanRecord::Rule;
            local.push_back(r);
            candidates.push_back({f, part + 1, int(local.size()) - 1});
            for (int q = f; q <= part; ++q)
                inConcept[std::size_t(q)] = 1;
        }
        if (candidates.size() != count)
            std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) { return a.first < b.first; });
    }
    // Merges between neighbours.
    auto isImaging = [&](int k) {
        int value = -1;
        return im.imaging.longestMatch(tokens, k, k + 1, value) == 1;
    };
    auto isOrganismHead = [&](int k) {
        int value = -1;
        return im.organismHeads.longestMatch(tokens, k, k + 1, value) == 1;
    };
    keepCandidates(candidates, [&](Candidate &c, std::size_t k, Candidate *previous) {
        if (previous) {
            Candidate &p = *previous;
            const std::uint16_t pt = typeOf(p), ct = typeOf(c);
            bool merge = false;
            std::uint16_t type = ct;
            // Chinese terms hold no space: items of a list ("1.肺部感染 2.2型糖尿病") stay apart
            bool spaced = false;
            for (int q = tokens[std::size_t(p.last - 1)].end; zh && q < tokens[std::size_t(c.first)].start && !spaced; ++q)
                spaced = isSpace(text[std::size_t(q)]);
            if (spaced)
                ;
            else if (zh && pt == im.anatomy && ct == im.anatomy && c.first > p.last && c.first - p.last <= 3
                     && text[std::size_t(tokens[std::size_t(p.last)].start)] == U'\u53ca' && k + 1 < candidates.size()
                     && typeOf(candidates[k + 1]) == im.problem && candidates[k + 1].first == c.last) {
                // sites joined by 及 before the finding they share are its site: "T8-T10椎体" 及 "附件"
                // "骨质破坏", "主动脉弓" 及分支 "血管壁" "增厚"
                merge = true;
                for (int g = p.last + 1; g < c.first && merge; ++g)
                    merge = tokens[std::size_t(g)].kind == TokenKind::Cjk
                            && im.zhStops.find(text[std::size_t(tokens[std::size_t(g)].start)]) == std::u32string::npos;
                type = im.anatomy;
            } else if (p.last == c.first && pt == im.anatomy && (ct == im.problem || ct == im.test || ct == im.procedure || ct == im.anatomy))
                merge = true; // "left kidney" + "cyst", "renal" + "ultrasound"
            else if (zh && pt == im.anatomy && (ct == im.problem || ct == im.procedure || ct == im.test) && c.first - p.last <= 4) {
                // "胆囊壁增厚", "右冠状动脉中段混合斑块", "下肢血管彩超": a site and its finding or test
                // a few characters apart
                // (a Latin word among them too: "右肺下叶" FDG高代谢 "肿块")
                merge = true;
                for (int g = p.last; g < c.first && merge; ++g)
                    merge = (tokens[std::size_t(g)].kind == TokenKind::Cjk
                             && im.zhStops.find(text[std::size_t(tokens[std::size_t(g)].start)]) == std::u32string::npos)
                            || (tokens[std::size_t(g)].kind == TokenKind::Word && g + 1 < c.first);
                // an amount or degree between them keeps the site apart ("心包" 少量 "积液", "大网膜" 明显 "粘连")
                for (int g = p.last; g < c.first && merge; ++g) {
                    int value = -1;
                    merge = im.zhApart.longestMatch(tokens, g, c.first, value) == 0;
                }
            } else if (zh && pt == im.anatomy && ct == im.anatomy && c.first == p.last + 1
                       && im.zhSiteLinks.find(text[std::size_t(tokens[std::size_t(p.last)].start)]) != std::u32string::npos) {
                merge = true; // a site beside a site is one site: "左侧脑室" 旁 "白质" (then "软化" joins it)
            } else if (zh && (pt == im.problem || pt == im.anatomy) && ct == im.problem && c.first == p.last + 1
                       && text[std::size_t(tokens[std::size_t(p.last)].start)] == U'\u6027') {
                merge = true; // "急性结石" 性 "胆囊炎"
            } else if (zh && pt == im.problem && ct == im.problem && c.first == p.last) {
                merge = true; // findings written together: "癌转移", "水肿增厚"
            } else if (zh && pt == im.medication && ct == im.medication && c.first == p.last) {
                merge = true; // a combination product: "布地奈德福莫特罗"
            } else if (!zh && pt == im.problem && ct == im.problem && p.last == c.first && c.last - c.first == 1
                       && isOrganismHead(c.first) && text[std::size_t(tokens[std::size_t(p.first)].start)] >= 'A'
                       && text[std::size_t(tokens[std::size_t(p.first)].start)] <= 'Z') {
                merge = true; // an organism the lexicon knows before its infection: "MSSA" + "bacteremia"
            } else if (!zh && pt == im.test && ct == im.test && p.last == c.first
                       && isImaging(p.last - 1)) {
                merge = true; // "CT enterography", "CT KUB"
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
                return false;
            }
        }
        return true;
    });
    // A size before a finding that took its site in a merge: "4 mm" + "right upper lobe nodule".
    if (!zh)
        for (Candidate &c : candidates) {
            int value = -1;
            const int f = c.first;
            if (typeOf(c) == im.problem && f >= 2 && tokens[std::size_t(f - 2)].kind == TokenKind::Number && !inConcept[std::size_t(f - 1)]
                && !inConcept[std::size_t(f - 2)] && im.sizeUnits.longestMatch(tokens, f - 1, f, value) == 1) {
                c.first = sizeDimensions(f - 2);
                for (int q = c.first; q < f; ++q)
                    inConcept[std::size_t(q)] = 1;
                setSpan(c);
            }
        }
    // Chinese: a state of two characters or less after 较 or 较前 (and 明显) describes how a finding
    // changed ("病灶较前增大", "较前明显缩小"), no finding of its own; one before a site at the end
    // of its clause is the site's finding ("肿大" "淋巴结": enlarged lymph nodes).
    if (zh) {
        keepCandidates(candidates, [&](Candidate &c, std::size_t, Candidate *previous) {
            const SpanRecord &r = local[std::size_t(c.spanIndex)];
            // "术中出血约10ml", "出血量200ml": the blood lost in an operation, a measurement
            if (r.type == im.problem && r.end - r.start == 2 && text[std::size_t(r.start)] == U'\u51fa'
                && text[std::size_t(r.start + 1)] == U'\u8840' && c.last < n
                && ((tokens[std::size_t(c.last)].kind == TokenKind::Number
                     && (text[std::size_t(tokens[std::size_t(c.last)].end - 1)] == 'l' || text[std::size_t(tokens[std::size_t(c.last)].end - 1)] == 'L'
                         || (c.last + 1 < n && (text[std::size_t(tokens[std::size_t(c.last + 1)].start)] == 'm'
                                                || text[std::size_t(tokens[std::size_t(c.last + 1)].start)] == U'\u6beb'))))
                    || text[std::size_t(tokens[std::size_t(c.last)].start)] == U'\u7ea6'
                    || text[std::size_t(tokens[std::size_t(c.last)].start)] == U'\u91cf')) {
                local[std::size_t(c.spanIndex)].type = 0xffff;
                return false;
            }
            if (r.type == im.problem && r.end - r.start <= 2 && c.first >= 1) {
                int b = c.first;
                if (b >= 2 && text[std::size_t(tokens[std::size_t(b - 1)].start)] == U'\u663e'
                    && text[std::size_t(tokens[std::size_t(b - 2)].start)] == U'\u660e') // 明显
                    b -= 2;
                if (b >= 1 && text[std::size_t(tokens[std::size_t(b - 1)].start)] == U'\u524d') // 前
                    --b;
                if (b >= 1 && b < c.first && text[std::size_t(tokens[std::size_t(b - 1)].start)] == U'\u8f83' && !inConcept[std::size_t(b - 1)]) { // 较
                    local[std::size_t(c.spanIndex)].type = 0xffff;
                    for (int q = c.first; q < c.last; ++q)
                        inConcept[std::size_t(q)] = 0;
                    return false;
                }
            }
            if (previous) {
                Candidate &p = *previous;
                const SpanRecord &pr = local[std::size_t(p.spanIndex)];
                if (pr.type == im.problem && pr.end - pr.start <= 2 && r.type == im.anatomy && c.first == p.last
                    && (c.last == n || tokens[std::size_t(c.last)].kind == TokenKind::Punct)) {
                    p.last = c.last;
                    setSpan(p);
                    local[std::size_t(c.spanIndex)].type = 0xffff;
                    return false;
                }
            }
            return true;
        });
    }
    // Chinese: a course of chemotherapy right after its drugs or regimen names how they are given,
    // no procedure of its own (维奈克拉联合阿扎胞苷 "诱导化疗", FOLFOX方案 "化疗"); alone it is one
    // ("行辅助化疗").
    if (zh) {
        keepCandidates(candidates, [&](Candidate &c, std::size_t, Candidate *previous) {
            const SpanRecord &r = local[std::size_t(c.spanIndex)];
            if (previous && r.type == im.procedure && r.end - r.start >= 2 && text[std::size_t(r.end - 2)] == U'\u5316'
                && text[std::size_t(r.end - 1)] == U'\u7597' && typeOf((*previous)) == im.medication
                && c.first - (*previous).last <= 2) {
                bool free = true; // nothing but "方案" between
                for (int g = (*previous).last; g < c.first && free; ++g)
                    free = tokens[std::size_t(g)].kind == TokenKind::Cjk && im.zhStops.find(text[std::size_t(tokens[std::size_t(g)].start)]) == std::u32string::npos;
                if (free) {
                    local[std::size_t(c.spanIndex)].type = 0xffff;
                    for (int q = c.first; q < c.last; ++q)
                        inConcept[std::size_t(q)] = 0;
                    return false;
                }
            }
            return true;
        });
    }
    // Chinese: a scope and the operation done through it are one procedure ("胸腔镜" 下 "胸腺切除术"),
    // after the site merges have made the operation whole; the anaesthesia an operation is done
    // under is no concept of its own ("全麻" 下行, "局部麻醉" 下), as the gold sets mark it.
    if (zh) {
        keepCandidates(candidates, [&](Candidate &c, std::size_t, Candidate *previous) {
            const SpanRecord &r = local[std::size_t(c.spanIndex)];
            if (r.type == im.procedure && c.last < n && text[std::size_t(tokens[std::size_t(c.last)].start)] == U'\u4e0b'
                && (text[std::size_t(r.end - 1)] == U'\u9ebb' || (r.end - r.start >= 2 && text[std::size_t(r.end - 2)] == U'\u9ebb'
                                                                   && text[std::size_t(r.end - 1)] == U'\u9189'))) {
                local[std::size_t(c.spanIndex)].type = 0xffff;
                return false;
            }
            if (previous) {
                Candidate &p = *previous;
                const std::uint16_t pt = typeOf(p);
                if ((pt == im.procedure || pt == im.test) && typeOf(c) == im.procedure && c.first == p.last + 1
                    && text[std::size_t(tokens[std::size_t(p.last)].start)] == U'\u4e0b'
                    && text[std::size_t(tokens[std::size_t(p.last - 1)].start)] == U'\u955c') {
                    inConcept[std::size_t(p.last)] = 1;
                    p.last = c.last;
                    local[std::size_t(p.spanIndex)].type = im.procedure;
                    setSpan(p);
                    local[std::size_t(c.spanIndex)].type = 0xffff;
                    return false;
                }
            }
            return true;
        });
    }
    // Chinese: a site followed by a few free characters that end in a finding's tail up to the end
    // of the clause is that finding ("阑尾" 周围炎, "双侧卵巢" 多囊样改变): ZH_FINDING_TAIL.
    if (zh && im.zhFindingTails.size() > 0)
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            Candidate &c = candidates[k];
            if (typeOf(c) != im.anatomy)
                continue;
            const int limit = std::min(k + 1 < candidates.size() ? candidates[k + 1].first : n, c.last + 6);
            int e = c.last;
            while (e < limit && tokens[std::size_t(e)].kind == TokenKind::Cjk && !inConcept[std::size_t(e)]
                   && im.zhStops.find(text[std::size_t(tokens[std::size_t(e)].start)]) == std::u32string::npos)
                ++e;
            if (e == c.last || (e < n && tokens[std::size_t(e)].kind != TokenKind::Punct
                                && im.zhStops.find(text[std::size_t(tokens[std::size_t(e)].start)]) == std::u32string::npos))
                continue; // the clause goes on ("头部抬高30度" is an instruction)
            for (int a = c.last; a < e; ++a) {
                int value = -1;
                if (im.zhFindingTails.longestMatch(tokens, a, e, value) == e - a) {
                    for (int q = c.last; q < e; ++q)
                        inConcept[std::size_t(q)] = 1;
                    c.last = e;
                    local[std::size_t(c.spanIndex)].type = im.problem;
                    setSpan(c);
                    break;
                }
            }
        }
    // Chinese: one character of anatomy left on its own is nearly always part of a longer word
    // (肾 in 肾上腺, 脑 in 脑脊液, 肝 in 乙肝); a site before 外科, 科, 中心 names a service (乳腺外科).

    if (zh) {
        keepCandidates(candidates, [&](Candidate &c, std::size_t, Candidate *) {
            int value = -1;
            if (typeOf(c) == im.anatomy && (c.last - c.first == 1 || im.zhServices.longestMatch(tokens, c.last, n, value) > 0)) {
                local[std::size_t(c.spanIndex)].type = 0xffff;
                return false;
            }
            return true;
        });
    }
    // "Sjogren syndrome", "Behcet's disease", "Murphy sign": capitalised words before the head.
    if (!zh)
        for (int h = 1; h < n; ++h) {
            int value = -1;
            if (im.eponymHeads.longestMatch(tokens, h, h + 1, value) != 1)
                continue;
            const int type = value;
            const std::uint16_t headType = type == 1 ? im.medication : type == 2 ? im.procedure : type == 3 ? im.test : im.problem;
            // the head may be a concept on its own ("poisoning", "fever"): the name before it joins that one
            int own = -1;
            if (inConcept[std::size_t(h)]) {
                for (std::size_t q = 0; q < candidates.size() && own < 0; ++q)
                    if (candidates[q].first == h && candidates[q].last == h + 1 && typeOf(candidates[q]) == headType)
                        own = int(q);
                if (own < 0)
                    continue;
            }
            int f = h;
            while (f > 0 && h - f < 3 && !inConcept[std::size_t(f - 1)] && tokens[std::size_t(f - 1)].kind == TokenKind::Word
                   && text[std::size_t(tokens[std::size_t(f - 1)].start)] >= 'A' && text[std::size_t(tokens[std::size_t(f - 1)].start)] <= 'Z')
                --f;
            if (f == h && (type == 0 || type == 1)) // "cytokine release syndrome", "TNF inhibitor": plain words
                while (f > 0 && h - f < (type == 0 ? 3 : 2) && !inConcept[std::size_t(f - 1)] && tokens[std::size_t(f - 1)].kind == TokenKind::Word
                       && im.functionWords.longestMatch(tokens, f - 1, f, value) == 0)
                    --f;
            if (f == h)
                continue;
            while (f < h && im.functionWords.longestMatch(tokens, f, f + 1, value) == 1)
                ++f; // "The syndrome", "His disease": no name
            if (f == h)
                continue;
            // "IgG4-related disease": a word joined to the first by a hyphen belongs to the name
            if (f >= 2 && !inConcept[std::size_t(f - 1)] && !inConcept[std::size_t(f - 2)] && text[std::size_t(tokens[std::size_t(f - 1)].start)] == '-'
                && tokens[std::size_t(f - 1)].start == tokens[std::size_t(f - 2)].end && tokens[std::size_t(f - 1)].end == tokens[std::size_t(f)].start
                && tokens[std::size_t(f - 2)].kind == TokenKind::Word)
                f -= 2;
            // modifiers and adjectives before the name join it as they join any concept ("adult-onset
            // Still disease", "sonographic Murphy sign", "familial Mediterranean fever")
            for (int len = type == 0 ? 1 : 0; len > 0 && f > 0; f -= len) {
                len = freeRunBefore(im.modifiers, f, 3);
                if (len == 0)
                    len = adjectiveTokens(im, text, tokens, f - 1, inConcept);
            }
            // "grade 2 cytokine release syndrome"
            if (type == 0 && f >= 2 && tokens[std::size_t(f - 1)].kind == TokenKind::Number && key(f - 2) == im.keyGrade
                && !inConcept[std::size_t(f - 1)] && !inConcept[std::size_t(f - 2)])
                f -= 2;
            for (int k = f; k <= h; ++k)
                inConcept[std::size_t(k)] = 1;
            if (own >= 0) {
                candidates[std::size_t(own)].first = f;
                setSpan(candidates[std::size_t(own)]);
                continue;
            }
            SpanRecord s;
            s.start = tokens[std::size_t(f)].start;
            s.end = tokens[std::size_t(h)].end;
            s.type = headType;
            s.source = SpanRecord::Rule;
            local.push_back(s);
            candidates.push_back({f, h + 1, int(local.size()) - 1});
        }
    // "PF4 antibody", "anti-GBM antibody", "TPMT activity", "Malaria smear": a name written as a
    // code (capitals or digits), an "anti-" compound or a capitalised word before a test head.
    if (!zh)
        for (int h = 1; h < n; ++h) {
            int value = -1;
            if (inConcept[std::size_t(h)] || im.testHeads.longestMatch(tokens, h, h + 1, value) != 1)
                continue;
            int f = h - 1;
            if (inConcept[std::size_t(f)] || tokens[std::size_t(f)].kind == TokenKind::Punct || tokens[std::size_t(f)].end == tokens[std::size_t(h)].start
                || im.functionWords.longestMatch(tokens, f, f + 1, value) == 1)
                continue;
            // the word before the head with what is joined to it without spaces ("anti-GBM", "HIV-1/2")
            while (f > 0 && !inConcept[std::size_t(f - 1)] && tokens[std::size_t(f - 1)].end == tokens[std::size_t(f)].start)
                --f;
            bool code = false;
            for (int q = tokens[std::size_t(f)].start; q < tokens[std::size_t(h - 1)].end && !code; ++q)
                code = (text[std::size_t(q)] >= 'A' && text[std::size_t(q)] <= 'Z') || (text[std::size_t(q)] >= '0' && text[std::size_t(q)] <= '9');
            const bool anti = tokens[std::size_t(f)].end - tokens[std::size_t(f)].start == 4 && lower(text[std::size_t(tokens[std::size_t(f)].start)]) == 'a'
                              && lower(text[std::size_t(tokens[std::size_t(f)].start + 1)]) == 'n' && lower(text[std::size_t(tokens[std::size_t(f)].start + 2)]) == 't'
                              && lower(text[std::size_t(tokens[std::size_t(f)].start + 3)]) == 'i';
            if (!code && !anti)
                continue;
            if (tokens[std::size_t(f)].kind == TokenKind::Punct)
                ++f;
            SpanRecord s;
            s.start = tokens[std::size_t(f)].start;
            s.end = tokens[std::size_t(h)].end;
            s.type = im.test;
            s.source = SpanRecord::Rule;
            local.push_back(s);
            candidates.push_back({f, h + 1, int(local.size()) - 1});
            for (int k = f; k <= h; ++k)
                inConcept[std::size_t(k)] = 1;
        }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) { return a.first < b.first; });
}

} // namespace sagitta::core::text
