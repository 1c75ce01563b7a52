#include "core/text/deid.h"

#include "core/text/unicode.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <regex>

namespace sagitta::core::text {

namespace {

struct Pattern {
    std::wregex regex;
    const char *category;
    int group; // capture group holding the PHI (0 = whole match)
};

const std::vector<Pattern> &patterns()
{
    using std::regex_constants::ECMAScript;
    using std::regex_constants::icase;
    static const std::vector<Pattern> p = [] {
        std::vector<Pattern> v;
        auto add = [&](const wchar_t *re, const char *cat, int group = 0, bool ci = false) {
            v.push_back({std::wregex(re, ci ? (ECMAScript | icase) : ECMAScript), cat, group});
        };
        add(L"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "EMAIL");
        add(L"\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b", "DATE");
        add(L"\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b", "DATE");
        add(L"\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b",
            "DATE");
        add(L"\\b\\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.? \\d{4}\\b", "DATE");
        add(L"\\d{4}\u5e74\\d{1,2}\u6708\\d{1,2}\u65e5", "DATE");
        add(L"(?:\\+?1[ -])?\\(?\\d{3}\\)?[ -]\\d{3}-\\d{4}\\b", "PHONE");
        add(L"(?:^|[^\\d])(1[3-9]\\d{9})(?!\\d)", "PHONE", 1);
        add(L"\\b(?:MRN|MR#|Medical record number|Record number|Acct|Account)[:#\\s]*([A-Z0-9-]{4,})", "ID", 1, true);
        add(L"(?:\u4f4f\u9662\u53f7|\u75c5\u6848\u53f7|\u95e8\u8bca\u53f7|\u75c5\u5386\u53f7|\u8eab\u4efd\u8bc1\u53f7?)[:\uff1a\\s]*([0-9Xx]{4,})", "ID", 1);
        add(L"(?:^|[^\\d.])(\\d{7,})(?![\\d.])", "ID", 1);
        add(L"\\b\\d{1,5} [A-Z][a-z]+(?: [A-Z][a-z]+)* (?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Way|Court|Ct)\\b",
            "ADDRESS");
        add(L"[\u4e00-\u9fff]{2,10}(?:\u8def|\u8857|\u9053|\u5df7)\\d+\u53f7", "ADDRESS");
        add(L"\\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\\.? ([A-Z][a-zA-Z'-]+(?: [A-Z][a-zA-Z'-]+)?)", "NAME", 1);
        add(L"\\b(?:Patient name|Name|Patient)[:\uff1a] *([A-Z][a-zA-Z'-]+(?:,? [A-Z][a-zA-Z'-]+)*)", "NAME", 1);
        add(L"\u59d3\u540d[:\uff1a] *([\u4e00-\u9fff]{2,4})", "NAME", 1);
        add(L"\\b((?:9\\d|1[0-4]\\d))(?:[- ]year[- ]old|[- ]?yo\\b|[- ]?y/o)", "AGE", 1, true);
        add(L"((?:9\\d|1[0-4]\\d))\u5c81", "AGE", 1);
        return v;
    }();
    return p;
}

std::wstring toWide(const std::u32string &s) { return std::wstring(s.begin(), s.end()); }

// Parses the dates the patterns find; returns false when it is not a calendar date.
bool parseDate(const std::string &s, int &y, int &m, int &d, int &style)
{
    static const char *months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    char mon[16] = {};
    if (std::sscanf(s.c_str(), "%d-%d-%d", &y, &m, &d) == 3 && y > 999) {
        style = 0;
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
    default: std::snprintf(buf, sizeof buf, "%d %s %d", t.tm_mday, names[t.tm_mon], t.tm_year + 1900); break;
    }
    return buf;
}

} // namespace

std::vector<PhiSpan> findPhi(const std::string &utf8)
{
    const std::wstring w = toWide(toU32(utf8));
    std::vector<PhiSpan> found;
    for (const Pattern &p : patterns()) {
        for (auto it = std::wsregex_iterator(w.begin(), w.end(), p.regex); it != std::wsregex_iterator(); ++it) {
            const auto &m = *it;
            if (!m[std::size_t(p.group)].matched)
                continue;
            const int start = int(m.position(std::size_t(p.group)));
            found.push_back({start, start + int(m.length(std::size_t(p.group))), p.category});
        }
    }
    // Earlier, longer matches win; overlapping later ones are dropped.
    std::sort(found.begin(), found.end(), [](const PhiSpan &a, const PhiSpan &b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<PhiSpan> out;
    for (const PhiSpan &s : found)
        if (out.empty() || s.start >= out.back().end)
            out.push_back(s);
    return out;
}

DeidResult deidentify(const std::string &utf8, const std::string &patientKey)
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
