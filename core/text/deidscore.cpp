#include "core/text/deidscore.h"

#include "core/text/deid.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <cstdio>

namespace sagitta::core::text {

std::vector<GoldNote> parseDeidGold(const std::string &content)
{
    std::vector<GoldNote> notes;
    std::string body;
    auto flush = [&] {
        GoldNote note;
        const std::u32string in = toU32(body);
        std::u32string plain;
        for (std::size_t i = 0; i < in.size();) {
            if (in.compare(i, 2, U"[[") == 0) {
                const std::size_t bar = in.find(U'|', i + 2), close = in.find(U"]]", i + 2);
                if (bar != std::u32string::npos && close != std::u32string::npos && bar < close) {
                    GoldSpan s;
                    s.start = int(plain.size());
                    plain += in.substr(i + 2, bar - i - 2);
                    s.end = int(plain.size());
                    s.category = toUtf8(in.substr(bar + 1, close - bar - 1));
                    note.spans.push_back(s);
                    i = close + 2;
                    continue;
                }
            }
            plain += in[i++];
        }
        note.text = toUtf8(plain);
        while (!note.text.empty() && note.text.back() == '\n')
            note.text.pop_back();
        if (!note.text.empty())
            notes.push_back(std::move(note));
        body.clear();
    };
    std::size_t at = 0;
    while (at < content.size()) {
        std::size_t eol = content.find('\n', at);
        if (eol == std::string::npos)
            eol = content.size();
        std::string line = content.substr(at, eol - at);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        at = eol + 1;
        if (line == "=====")
            flush();
        else if (!line.empty() && line[0] == '#')
            continue;
        else
            body += line + "\n";
    }
    flush();
    return notes;
}

const char *phiGroupName(PhiGroup g)
{
    static const char *names[] = {"names", "dates", "ids", "locations", "contacts"};
    return names[int(g)];
}

PhiGroup goldGroup(const std::string &c)
{
    if (c.rfind("NAME", 0) == 0)
        return PhiGroup::Names;
    if (c == "DATE" || c == "AGE")
        return PhiGroup::Dates;
    if (c == "PHONE" || c == "FAX" || c == "EMAIL" || c == "URL" || c == "IP")
        return PhiGroup::Contacts;
    if (c == "HOSPITAL" || c == "STREET" || c == "CITY" || c == "STATE" || c == "ZIP" || c == "COUNTRY"
        || c == "LOCATION_OTHER" || c == "LOCATION" || c == "ADDRESS" || c == "ORGANIZATION")
        return PhiGroup::Locations;
    return PhiGroup::Ids;
}

PhiGroup predictedGroup(const std::string &c) { return goldGroup(c); }

namespace {

struct Token {
    int start, end;
};

std::vector<Token> tokens(const std::u32string &t)
{
    std::vector<Token> out;
    for (int i = 0; i < int(t.size());) {
        if (isCjk(t[std::size_t(i)])) {
            out.push_back({i, i + 1});
            ++i;
        } else if (isLatinLetter(t[std::size_t(i)]) || isDigit(t[std::size_t(i)])) {
            int j = i;
            while (j < int(t.size()) && (isLatinLetter(t[std::size_t(j)]) || isDigit(t[std::size_t(j)])))
                ++j;
            out.push_back({i, j});
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

} // namespace

std::string textShape(const std::u32string &t)
{
    std::string out;
    for (char32_t c : t) {
        char k = isCjk(c) ? 'X' : isDigit(c) ? '9' : (c >= U'A' && c <= U'Z') ? 'A' : isLatinLetter(c) ? 'a' : c < 128 ? char(c) : '?';
        if (k == '\n')
            k = '|';
        if (out.empty() || out.back() != k || !(k == 'X' || k == '9' || k == 'A' || k == 'a'))
            out += k;
    }
    return out;
}

// A span with the words around it (line breaks as |), for reading the misses of a tuning set.
static std::string context(const std::u32string &text, int start, int end)
{
    const std::size_t from = std::size_t(std::max(0, start - 40)), to = std::min(text.size(), std::size_t(end) + 30);
    std::u32string around = text.substr(from, std::size_t(start) - from) + U"[" + text.substr(std::size_t(start), std::size_t(end - start)) + U"]"
                            + text.substr(std::size_t(end), to - std::size_t(end));
    std::replace(around.begin(), around.end(), U'\n', U'|');
    return "<< " + toUtf8(around) + " >>";
}

DeidScore scoreDeid(const std::vector<GoldNote> &notes, int stride, int part)
{
    DeidScore s;
    for (std::size_t n = 0; n < notes.size(); ++n) {
        if (int(n % std::size_t(stride)) != part)
            continue;
        const GoldNote &note = notes[n];
        ++s.notes;
        const std::u32string text = toU32(note.text);
        const std::vector<PhiSpan> found = findPhi(note.text);
        // Per character: gold group (-1 none), predicted group (-1 none).
        std::vector<int> gold(text.size(), -1), pred(text.size(), -1);
        for (const GoldSpan &g : note.spans)
            for (int i = g.start; i < g.end; ++i)
                gold[std::size_t(i)] = int(goldGroup(g.category));
        for (const PhiSpan &p : found)
            for (int i = p.start; i < p.end && i < int(text.size()); ++i)
                pred[std::size_t(i)] = int(predictedGroup(p.category));
        for (const Token &t : tokens(text)) {
            int g = -1, p = -1;
            for (int i = t.start; i < t.end; ++i) {
                if (gold[std::size_t(i)] >= 0)
                    g = gold[std::size_t(i)];
                if (pred[std::size_t(i)] >= 0)
                    p = pred[std::size_t(i)];
            }
            if (g >= 0) {
                ++s.groups[std::size_t(g)].goldTokens;
                ++s.overall.goldTokens;
                if (p >= 0) {
                    ++s.groups[std::size_t(g)].goldFound;
                    ++s.overall.goldFound;
                }
            } else {
                ++s.otherTokens;
                if (p >= 0)
                    ++s.otherRemoved;
            }
            if (p >= 0) {
                ++s.groups[std::size_t(p)].predictedTokens;
                ++s.overall.predictedTokens;
                if (g >= 0) {
                    ++s.groups[std::size_t(p)].predictedGold;
                    ++s.overall.predictedGold;
                }
            }
        }
        for (const GoldSpan &g : note.spans) {
            bool all = true;
            for (const Token &t : tokens(text))
                if (t.start < g.end && t.end > g.start) {
                    bool hit = false;
                    for (int i = t.start; i < t.end; ++i)
                        hit = hit || pred[std::size_t(i)] >= 0;
                    all = all && hit;
                }
            if (!all) {
                s.misses.push_back(g.category + " " + toUtf8(text.substr(std::size_t(g.start), std::size_t(g.end - g.start))) + "   "
                                   + context(text, g.start, g.end));
                ++s.missShapes[g.category + " " + textShape(text.substr(std::size_t(g.start), std::size_t(g.end - g.start)))];
            }
        }
        for (const PhiSpan &p : found) {
            // A removed span that holds clinical (non-identifier) tokens; gold parts in [brackets].
            bool clinical = false;
            for (const Token &t : tokens(text))
                if (t.start < p.end && t.end > p.start && gold[std::size_t(t.start)] < 0)
                    clinical = true;
            if (!clinical)
                continue;
            std::u32string shown;
            for (int i = p.start; i < p.end && i < int(text.size()); ++i) {
                if (gold[std::size_t(i)] >= 0 && (i == p.start || gold[std::size_t(i - 1)] < 0))
                    shown += U'[';
                shown += text[std::size_t(i)];
                if (gold[std::size_t(i)] >= 0 && (i + 1 == p.end || gold[std::size_t(i + 1)] < 0))
                    shown += U']';
            }
            s.falseHits.push_back(p.category + " " + toUtf8(shown) + "   " + context(text, p.start, p.end));
            ++s.falseHitShapes[p.category + " " + textShape(shown)];
            ++s.falseHitRules[p.category + " rule " + std::to_string(p.rule)];
        }
    }
    return s;
}

std::string formatDeidScore(const DeidScore &s)
{
    std::string out;
    char line[160];
    auto row = [&](const char *name, const DeidScore::Counts &c) {
        std::snprintf(line, sizeof line, "  %-10s recall %.3f (%d/%d)  precision %.3f (%d/%d)\n", name, c.recall(), c.goldFound,
                      c.goldTokens, c.precision(), c.predictedGold, c.predictedTokens);
        out += line;
    };
    for (int g = 0; g < phiGroupCount; ++g)
        row(phiGroupName(PhiGroup(g)), s.groups[std::size_t(g)]);
    row("overall", s.overall);
    std::snprintf(line, sizeof line, "  clinical tokens removed %.4f (%d/%d), %d notes\n", s.otherRemovedShare(), s.otherRemoved,
                  s.otherTokens, s.notes);
    out += line;
    return out;
}

} // namespace sagitta::core::text
