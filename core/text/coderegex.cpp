#include "core/text/coderegex.h"

#define PCRE2_CODE_UNIT_WIDTH 32
#include <pcre2.h>

#include <stdexcept>

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

} // namespace

CodeRegex::CodeRegex(const std::wstring &pattern, bool caseless)
{
    int error = 0;
    PCRE2_SIZE offset = 0;
    const uint32_t options = PCRE2_DOLLAR_ENDONLY | (caseless ? PCRE2_CASELESS : 0u);
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR32>(pattern.c_str()), pattern.size(), options, &error, &offset, nullptr);
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
