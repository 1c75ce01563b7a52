#include "core/text/coderegex.h"

#define PCRE2_CODE_UNIT_WIDTH 32
#include <pcre2.h>

#include <algorithm>
#include <cwctype>
#include <stdexcept>
#include <vector>

static_assert(sizeof(wchar_t) == sizeof(PCRE2_UCHAR32), "wchar_t must hold one code point");

namespace sagitta::core::text {

namespace {

pcre2_code *codeOf(const std::shared_ptr<void> &p) { return static_cast<pcre2_code *>(p.get()); }

// One JIT stack and match context per thread: patterns with nested quantifiers need more than
// PCRE2's 32 KiB default.
pcre2_match_context *matchContext()
{
    struct Holder {
        pcre2_jit_stack *stack = pcre2_jit_stack_create(64 * 1024, 8 * 1024 * 1024, nullptr);
        pcre2_match_context *context = pcre2_match_context_create(nullptr);
        Holder() { pcre2_jit_stack_assign(context, nullptr, stack); }
        ~Holder()
        {
            pcre2_match_context_free(context);
            pcre2_jit_stack_free(stack);
        }
    };
    thread_local Holder holder;
    return holder.context;
}

struct MatchData {
    pcre2_match_data *data;
    explicit MatchData(const pcre2_code *code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
    ~MatchData() { pcre2_match_data_free(data); }
    MatchData(const MatchData &) = delete;
    MatchData &operator=(const MatchData &) = delete;
};

[[noreturn]] void fail(int rc)
{
    PCRE2_UCHAR32 message[256];
    pcre2_get_error_message(rc, message, 256);
    std::string text;
    for (const PCRE2_UCHAR32 *c = message; *c; ++c)
        text += char(*c);
    throw std::runtime_error("regular expression failed: " + text);
}

// Literal alternations as tries. PCRE2 tries the words of (?:Aaron|Abby|...|Zoe) one by one at
// every candidate position; (?:A(?:aron|bby|...)|...|Zoe) reaches the same words, in the same
// order of preference, through one comparison per character. Runs of literal alternatives
// (characters, escaped punctuation, [Xx] case pairs) are factored; other alternatives stay where
// they are, between the runs. Order is kept exactly: literal words can both match at one
// position only when one is a prefix of the other, so branches are ordered by the first word
// they hold, and a node is left unfactored where a shorter word falls between longer words
// extending it, or where two different atoms could match the same character.
struct Atom {
    std::wstring text;  // as written
    std::wstring chars; // the characters it matches, sorted
};
using Atoms = std::vector<Atom>;
using Words = std::vector<std::pair<Atoms, int>>; // in order of preference, with their index

std::wstring join(const Atoms &atoms, std::size_t from = 0)
{
    std::wstring s;
    for (std::size_t i = from; i < atoms.size(); ++i)
        s += atoms[i].text;
    return s;
}

bool overlap(const std::wstring &a, const std::wstring &b)
{
    return a.find_first_of(b) != std::wstring::npos;
}

std::wstring trie(const Words &words, std::size_t depth)
{
    if (words.size() == 1)
        return join(words[0].first, depth);
    int endIndex = -1;
    std::vector<std::pair<std::wstring, Words>> groups; // by the next atom's characters, in order of first word
    for (const auto &w : words) {
        if (w.first.size() == depth) {
            if (endIndex < 0)
                endIndex = w.second;
            continue; // a repeated word never wins over its first copy
        }
        const std::wstring &next = w.first[depth].chars;
        auto g = std::find_if(groups.begin(), groups.end(), [&](const auto &x) { return x.first == next; });
        if (g == groups.end())
            groups.push_back({next, {w}});
        else
            g->second.push_back(w);
    }
    bool exact = true;
    for (std::size_t a = 0; a < groups.size(); ++a) {
        for (std::size_t b = a + 1; b < groups.size(); ++b)
            exact = exact && !overlap(groups[a].first, groups[b].first);
        if (endIndex >= 0)
            exact = exact && !(groups[a].second.front().second < endIndex && groups[a].second.back().second > endIndex);
    }
    std::vector<std::wstring> parts;
    if (!exact) {
        for (const auto &w : words)
            parts.push_back(join(w.first, depth));
    } else {
        bool endPlaced = endIndex < 0;
        for (const auto &g : groups) {
            if (!endPlaced && g.second.front().second > endIndex) {
                parts.emplace_back();
                endPlaced = true;
            }
            parts.push_back(g.second.front().first[depth].text + trie(g.second, depth + 1));
        }
        if (!endPlaced)
            parts.emplace_back();
    }
    if (parts.size() == 1)
        return parts[0];
    std::wstring out = L"(?:";
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? L"|" : L"") + parts[i];
    return out + L")";
}

// The index just past the ] of the class opening at i.
std::size_t classEnd(const std::wstring &p, std::size_t i)
{
    std::size_t j = i + 1;
    if (j < p.size() && p[j] == L'^')
        ++j;
    if (j < p.size() && p[j] == L']')
        ++j;
    for (; j < p.size() && p[j] != L']'; ++j)
        if (p[j] == L'\\')
            ++j;
    return j + 1;
}

// An alternative as literal atoms; false when it holds anything else.
bool literalAtoms(const std::wstring &alt, bool caseless, Atoms &atoms)
{
    static const std::wstring meta = L"^$.|?*+()[]{}";
    auto set = [&](wchar_t c) {
        std::wstring s(1, c);
        if (caseless && std::towlower(c) != std::towupper(c)) {
            s = {wchar_t(std::towupper(c)), wchar_t(std::towlower(c))};
        }
        return s;
    };
    for (std::size_t j = 0; j < alt.size(); ++j) {
        const wchar_t c = alt[j];
        if (c == L'\\') {
            if (j + 1 >= alt.size() || std::iswalnum(alt[j + 1]))
                return false;
            atoms.push_back({alt.substr(j, 2), set(alt[j + 1])});
            ++j;
        } else if (c == L'[') {
            // [Xx]: one letter in either case
            if (j + 3 < alt.size() && alt[j + 3] == L']' && alt[j + 1] != alt[j + 2] && std::iswalpha(alt[j + 1])
                && std::towlower(alt[j + 1]) == std::towlower(alt[j + 2])) {
                atoms.push_back({alt.substr(j, 4), set(std::towupper(alt[j + 1])) + (caseless ? L"" : std::wstring(1, std::towlower(alt[j + 1])))});
                std::sort(atoms.back().chars.begin(), atoms.back().chars.end());
                j += 3;
            } else {
                return false;
            }
        } else if (meta.find(c) != std::wstring::npos) {
            return false;
        } else {
            atoms.push_back({std::wstring(1, c), set(c)});
            std::sort(atoms.back().chars.begin(), atoms.back().chars.end());
        }
    }
    return true;
}

std::wstring factorAlternations(const std::wstring &p, bool caseless)
{
    std::wstring out;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const wchar_t c = p[i];
        if (c == L'\\' && i + 1 < p.size()) {
            out += p.substr(i, 2);
            ++i;
            continue;
        }
        if (c == L'[') {
            const std::size_t e = std::min(classEnd(p, i), p.size());
            out += p.substr(i, e - i);
            i = e - 1;
            continue;
        }
        if (c != L'(' || p.compare(i, 3, L"(?:") != 0) {
            out += c;
            continue;
        }
        // The group's alternatives at its own level, up to its closing parenthesis.
        std::vector<std::wstring> alts(1);
        std::size_t j = i + 3;
        int depth = 0;
        for (; j < p.size(); ++j) {
            const wchar_t d = p[j];
            if (d == L'\\' && j + 1 < p.size()) {
                alts.back() += p.substr(j, 2);
                ++j;
                continue;
            }
            if (d == L'[') {
                const std::size_t e = std::min(classEnd(p, j), p.size());
                alts.back() += p.substr(j, e - j);
                j = e - 1;
                continue;
            }
            if (d == L'(')
                ++depth;
            if (d == L')' && depth-- == 0)
                break;
            if (d == L'|' && depth == 0)
                alts.emplace_back();
            else
                alts.back() += d;
        }
        if (j >= p.size()) { // unbalanced: PCRE2 will say so
            out += p.substr(i);
            break;
        }
        std::vector<std::wstring> parts;
        Words run;
        auto flush = [&] {
            if (run.size() >= 3)
                parts.push_back(trie(run, 0));
            else
                for (const auto &w : run)
                    parts.push_back(join(w.first));
            run.clear();
        };
        for (const std::wstring &alt : alts) {
            Atoms atoms;
            if (literalAtoms(alt, caseless, atoms)) {
                run.push_back({atoms, int(run.size())});
            } else {
                flush();
                parts.push_back(factorAlternations(alt, caseless));
            }
        }
        flush();
        out += L"(?:";
        for (std::size_t n = 0; n < parts.size(); ++n)
            out += (n ? L"|" : L"") + parts[n];
        out += L")";
        i = j;
    }
    return out;
}

} // namespace

CodeRegex::CodeRegex(const std::wstring &pattern, bool caseless)
{
    int error = 0;
    PCRE2_SIZE offset = 0;
    const uint32_t options = PCRE2_DOLLAR_ENDONLY | (caseless ? PCRE2_CASELESS : 0u);
    std::wstring source = factorAlternations(pattern, caseless);
    if (source.compare(0, 7, L"(?:^|[^") == 0) {
        const std::size_t e = classEnd(source, 5);
        if (e < source.size() && source[e] == L')') {
            source = L"(?<![" + source.substr(7, e - 8) + L"])" + source.substr(e + 1);
            m_lookbehindPrefix = true;
        }
    }
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR32>(source.c_str()), source.size(), options, &error, &offset, nullptr);
    if (!code) {
        PCRE2_UCHAR32 message[256];
        pcre2_get_error_message(error, message, 256);
        std::string text;
        for (const PCRE2_UCHAR32 *c = message; *c; ++c)
            text += char(*c);
        throw std::invalid_argument("regular expression at offset " + std::to_string(offset) + ": " + text);
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // falls back to the interpreter where JIT is unavailable
    code_ = std::shared_ptr<void>(code, [](void *c) { pcre2_code_free(static_cast<pcre2_code *>(c)); });
}

std::vector<std::pair<int, int>> CodeRegex::findAll(const std::wstring &subject, int group) const
{
    std::vector<std::pair<int, int>> out;
    const MatchData md(codeOf(code_));
    const auto *s = reinterpret_cast<PCRE2_SPTR32>(subject.c_str());
    PCRE2_SIZE at = 0;
    while (at <= subject.size()) {
        const int rc = pcre2_match(codeOf(code_), s, subject.size(), at, 0, md.data, matchContext());
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0)
            fail(rc);
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md.data);
        if (group < rc && ov[2 * group] != PCRE2_UNSET)
            out.emplace_back(int(ov[2 * group]), int(ov[2 * group + 1]));
        at = ov[1] > ov[0] ? ov[1] : ov[1] + 1; // an empty match moves on by one
        if (m_lookbehindPrefix && ov[1] > ov[0])
            at = ov[1] + 1; // (?:^|[^X]) consumed a character after the previous match
    }
    return out;
}

bool CodeRegex::search(const std::wstring &subject) const
{
    const MatchData md(codeOf(code_));
    const int rc = pcre2_match(codeOf(code_), reinterpret_cast<PCRE2_SPTR32>(subject.c_str()), subject.size(), 0, 0, md.data,
                               matchContext());
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    if (rc < 0)
        fail(rc);
    return true;
}

} // namespace sagitta::core::text
