#pragma once
// The clinical text engine: sections, sentences and tokens; lexicon concepts (longest match
// first, case- and plural-insensitive, over characters for Chinese); medication attributes
// and test values by rule; and context in the way of NegEx/ConText (negated, uncertain,
// historical, hypothetical, experienced by family) from trigger terms with a direction, a
// scope window and terminators. Rules and the default lexicons live in resources/text.
// An Annotator is immutable after construction and may be shared by threads.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sagitta::core::text {

enum class Language { English, Chinese };

// "zh" when at least 20 % of the letters are CJK characters, else "en".
Language detectLanguage(const std::string &utf8);
const char *languageCode(Language language);
// The language a text is annotated in: code "zh" or "en" when given, else detected.
Language languageOf(const std::string &code, const std::string &utf8);

struct Span {
    int start = 0, end = 0;    // code points in the note, [start, end)
    std::string text;          // UTF-8
    std::string type;          // PROBLEM, MEDICATION, ANATOMY, PROCEDURE, TEST, DOSE, ROUTE, FREQUENCY, DURATION, TARGET
    std::string source;        // lexicon, rule, target
    std::string section;       // canonical section name, empty if none
    bool negated = false, uncertain = false, historical = false, hypothetical = false;
    std::string experiencer = "patient"; // or "family"
    std::map<std::string, std::string> details; // dose, route, frequency, duration, value, unit, target
    // Set when the span is stored in a project: its row and review status.
    std::int64_t id = 0;
    std::string status;   // proposed, accepted, rejected
    std::string author;
};

class Annotator {
public:
    explicit Annotator(Language language);
    ~Annotator();

    // Adds lexicon entries from TSV text: term<TAB>TYPE per line, '#' comments.
    void addLexicon(const std::string &tsv);
    std::size_t lexiconSize() const;
    Language language() const;

    // Spans of the note: lexicon concepts with their attributes, plus one TARGET span (the
    // first occurrence) for each target phrase found in the text.
    // Notes of any length are read in windows of about 1 MiB (cut at line breaks, else at
    // sentence ends), the section carried from one window to the next: time is linear in the
    // text and the working memory bounded by a window.
    std::vector<Span> annotate(const std::string &utf8, const std::vector<std::string> &targets = {}) const;
    // The same, handing each window's spans (offsets in the whole note, in text order) to sink
    // as they are found, so a caller can write them out without holding them all.
    void annotateInWindows(const std::string &utf8, const std::function<void(std::vector<Span> &)> &sink,
                           const std::vector<std::string> &targets = {}, std::size_t windowBytes = std::size_t(1) << 20) const;

private:
    std::vector<Span> annotateWindow(const std::u32string &text, const std::vector<std::string> &targets,
                                     std::vector<bool> &targetDone, std::string &section) const;
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace sagitta::core::text
