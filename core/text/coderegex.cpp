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
// order of preference, through one comparison per character. A group is factored only when
// every alternative is literal (letters, spaces, escaped punctuation) and the pattern is
// case-sensitive. Order is kept exactly: two literal words can both match at one position only
// when one is a prefix of the other, so branches are ordered by the first word they hold, and a
// node where a shorter word falls between the longer words that extend it is left unfactored.
using Atoms = std::vector<std::wstring>; // one literal character each ("a", "\\.")

std::wstring join(const Atoms &atoms, std::size_t from = 0)
{
    std::wstring s;
    for (std::size_t i = from; i < atoms.size(); ++i)
        s += atoms[i];
    return s;
}

std::wstring trie(const std::vector<std::pair<Atoms, int>> &words, std::size_t depth)
{
    // words: in preference order, all sharing their first `depth` atoms.
    if (words.size() == 1)
        return join(words[0].first, depth);
    int endIndex = -1;
    std::vector<std::pair<std::wstring, std::vector<std::pair<Atoms, int>>>> groups; // by next atom, in order of first word
    for (const auto &w : words) {
        if (w.first.size() == depth) {
            if (endIndex < 0)
                endIndex = w.second;
            continue; // a repeated word never wins over its first copy
        }
        const std::wstring &next = w.first[depth];
        auto g = std::find_if(groups.begin(), groups.end(), [&](const auto &x) { return x.first == next; });
        if (g == groups.end())
            groups.push_back({next, {w}});
        else
            g->second.push_back(w);
    }
    bool exact = true;
    if (endIndex >= 0)
        for (const auto &g : groups) {
            const bool before = g.second.front().second < endIndex, after = g.second.back().second > endIndex;
            exact = exact && !(before && after);
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
            parts.push_back(g.first + trie(g.second, depth + 1));
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

std::wstring factorAlternations(const std::wstring &p)
{
    static const std::wstring meta = L"^$.|?*+()[]{}";
    std::wstring out;
    bool inClass = false;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const wchar_t c = p[i];
        if (c == L'\\' && i + 1 < p.size()) {
            out += c;
            out += p[++i];
            continue;
        }
        if (inClass) {
            inClass = c != L']';
            out += c;
            continue;
        }
        if (c == L'[') {
            inClass = true;
            out += c;
            continue;
        }
        if (c != L'(' || p.compare(i, 3, L"(?:") != 0) {
            out += c;
            continue;
        }
        // (?: then literal words separated by | up to the closing parenthesis?
        std::vector<std::pair<Atoms, int>> words(1);
        std::size_t j = i + 3;
        bool literal = true;
        for (; j < p.size() && p[j] != L')'; ++j) {
            if (p[j] == L'|') {
                words.push_back({{}, int(words.size())});
            } else if (p[j] == L'\\' && j + 1 < p.size() && !std::iswalnum(p[j + 1])) {
                words.back().first.push_back(p.substr(j, 2));
                ++j;
            } else if (meta.find(p[j]) == std::wstring::npos && p[j] != L'\\') {
                words.back().first.push_back(std::wstring(1, p[j]));
            } else {
                literal = false;
                break;
            }
        }
        if (!literal || j >= p.size() || words.size() < 3) {
            out += c;
            continue;
        }
        out += L"(?:" + trie(words, 0) + L")";
        i = j; // the closing parenthesis is written above
    }
    return out;
}

} // namespace

CodeRegex::CodeRegex(const std::wstring &pattern, bool caseless)
{
    int error = 0;
    PCRE2_SIZE offset = 0;
    const uint32_t options = PCRE2_DOLLAR_ENDONLY | (caseless ? PCRE2_CASELESS : 0u);
    const std::wstring source = caseless ? pattern : factorAlternations(pattern);
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
