#include "core/text/entityscore.h"

#include "core/text/unicode.h"

#include <cstdio>
#include <sstream>

namespace sagitta::core::text {

std::vector<GoldSentence> parseEntityGold(const std::string &content, int part)
{
    std::vector<GoldSentence> out;
    std::istringstream in(content);
    std::string line;
    int index = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        const int i = index++;
        if (part == 1 && i % 2 != 0)
            continue;
        if (part == 2 && i % 2 != 1)
            continue;
        std::u32string s = toU32(line);
        std::size_t at = 0;
        if (!s.empty() && s[0] == U'{') {
            const std::size_t close = s.find(U'}');
            if (close != std::u32string::npos) {
                at = close + 1;
                while (at < s.size() && s[at] == U' ')
                    ++at;
            }
        }
        GoldSentence g;
        std::u32string clean;
        while (at < s.size()) {
            if (s.compare(at, 2, U"[[") == 0) {
                const std::size_t bar = s.find(U'|', at + 2), end = s.find(U"]]", at + 2);
                if (bar != std::u32string::npos && end != std::u32string::npos && bar < end) {
                    GoldEntity e;
                    e.start = int(clean.size());
                    clean += s.substr(at + 2, bar - at - 2);
                    e.end = int(clean.size());
                    e.type = toUtf8(s.substr(bar + 1, end - bar - 1));
                    g.entities.push_back(e);
                    at = end + 2;
                    continue;
                }
            }
            clean += s[at++];
        }
        g.text = toUtf8(clean);
        out.push_back(std::move(g));
    }
    return out;
}

namespace {
int typeIndex(const std::string &type)
{
    for (std::size_t i = 0; i < entityTypes().size(); ++i)
        if (type == entityTypes()[i])
            return int(i);
    return -1;
}
} // namespace

EntityScore scoreEntities(const Annotator &annotator, const std::vector<GoldSentence> &gold)
{
    return scoreEntities([&](const std::string &text) { return annotator.annotate(text); }, gold);
}

EntityScore scoreEntities(const std::function<std::vector<Span>(const std::string &)> &find, const std::vector<GoldSentence> &gold)
{
    EntityScore score;
    for (const GoldSentence &g : gold) {
        std::vector<Span> predicted;
        for (Span &s : find(g.text))
            if (typeIndex(s.type) >= 0)
                predicted.push_back(std::move(s));
        const std::u32string text = toU32(g.text);
        auto surface = [&](int a, int b, const std::string &type) {
            return g.text + " :: " + toUtf8(text.substr(std::size_t(a), std::size_t(b - a))) + "|" + type;
        };
        for (const GoldEntity &e : g.entities) {
            const int t = typeIndex(e.type);
            if (t < 0)
                continue;
            EntityCounts &c = score.perType[std::size_t(t)];
            ++c.gold;
            bool overlap = false;
            for (const Span &p : predicted)
                overlap = overlap || (p.type == e.type && p.start < e.end && e.start < p.end);
            c.overlapGold += overlap;
            bool exact = false;
            for (const Span &p : predicted)
                exact = exact || (p.type == e.type && p.start == e.start && p.end == e.end);
            if (!exact)
                score.misses.push_back(surface(e.start, e.end, e.type));
        }
        for (const Span &p : predicted) {
            EntityCounts &c = score.perType[std::size_t(typeIndex(p.type))];
            ++c.predicted;
            bool overlap = false, exact = false;
            for (const GoldEntity &e : g.entities) {
                overlap = overlap || (p.type == e.type && p.start < e.end && e.start < p.end);
                exact = exact || (p.type == e.type && p.start == e.start && p.end == e.end);
            }
            c.overlapPredicted += overlap;
            c.exactHits += exact;
            if (!exact)
                score.falseAlarms.push_back(surface(p.start, p.end, p.type) + (overlap ? " (boundary)" : ""));
        }
    }
    for (const EntityCounts &c : score.perType) {
        score.all.gold += c.gold;
        score.all.predicted += c.predicted;
        score.all.exactHits += c.exactHits;
        score.all.overlapPredicted += c.overlapPredicted;
        score.all.overlapGold += c.overlapGold;
    }
    return score;
}

std::string formatEntityScore(const std::string &title, const EntityScore &score)
{
    std::string out = title + "\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %-10s %5s %5s   %-17s   %-17s\n", "type", "gold", "pred", "exact P/R/F1", "overlap P/R/F1");
    out += line;
    auto row = [&](const char *name, const EntityCounts &c) {
        std::snprintf(line, sizeof line, "  %-10s %5d %5d   %.2f %.2f %.2f    %.2f %.2f %.2f\n", name, c.gold, c.predicted,
                      c.exactP(), c.exactR(), c.exactF(), c.overlapP(), c.overlapR(), c.overlapF());
        out += line;
    };
    for (std::size_t i = 0; i < entityTypes().size(); ++i)
        row(entityTypes()[i], score.perType[i]);
    row("all", score.all);
    return out;
}

} // namespace sagitta::core::text
