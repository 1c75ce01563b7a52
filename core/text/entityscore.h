#pragma once
// Scores the entity finder against a gold set written inline as [[surface|TYPE]], one sentence a
// line, an optional {notetype} prefix and '#' comments (tests/data/text/entities_*.txt). Exact: the
// same start, end and type; overlap: a span of the same type that shares a character. Only the
// five concept types count (PROBLEM MEDICATION ANATOMY PROCEDURE TEST).
#include "core/text/annotator.h"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace sagitta::core::text {

struct GoldEntity {
    int start = 0, end = 0; // code points in the sentence
    std::string type;
};

struct GoldSentence {
    std::string text; // markup and prefix removed, UTF-8
    std::vector<GoldEntity> entities;
};

// Sentences of a gold file's text; part 0 all, 1 the tuning half (sentences 0, 2, 4, ...),
// 2 the held-out half (1, 3, 5, ...).
std::vector<GoldSentence> parseEntityGold(const std::string &content, int part = 0);

struct EntityCounts {
    int gold = 0, predicted = 0;
    int exactHits = 0;             // predicted spans equal to a gold span
    int overlapPredicted = 0;      // predicted spans overlapping a gold span of the type
    int overlapGold = 0;           // gold spans overlapped by a predicted span of the type
    double exactP() const { return predicted ? double(exactHits) / predicted : 0; }
    double exactR() const { return gold ? double(exactHits) / gold : 0; }
    double exactF() const { return f(exactP(), exactR()); }
    double overlapP() const { return predicted ? double(overlapPredicted) / predicted : 0; }
    double overlapR() const { return gold ? double(overlapGold) / gold : 0; }
    double overlapF() const { return f(overlapP(), overlapR()); }
    static double f(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }
};

inline const std::array<const char *, 5> &entityTypes()
{
    static const std::array<const char *, 5> t{"PROBLEM", "MEDICATION", "ANATOMY", "PROCEDURE", "TEST"};
    return t;
}

struct EntityScore {
    std::array<EntityCounts, 5> perType; // in entityTypes() order
    EntityCounts all;
    std::vector<std::string> misses, falseAlarms; // "sentence :: surface|TYPE", for tuning
};

EntityScore scoreEntities(const Annotator &annotator, const std::vector<GoldSentence> &gold);
// The same for any finder of spans (e.g. the rules plus a trained tagger, core/ml/tagger.h).
EntityScore scoreEntities(const std::function<std::vector<Span>(const std::string &)> &find, const std::vector<GoldSentence> &gold);
// A table: one line per type and one for all, exact and overlap P/R/F1.
std::string formatEntityScore(const std::string &title, const EntityScore &score);

} // namespace sagitta::core::text
