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
#include <string_view>
#include <vector>

namespace sagitta::core::text {

enum class Language { English, Chinese };

// "zh" when at least 20 % of the letters are CJK characters, else "en".
Language detectLanguage(std::string_view utf8);
const char *languageCode(Language language);
// The language a text is annotated in: code "zh" or "en" when given, else detected.
Language languageOf(const std::string &code, std::string_view utf8);

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

// The engine's own record of a span, before it becomes a Span: no strings, so a caller that
// writes spans out (the command line) allocates nothing per span. Offsets are in code points of
// the window the record came with (see WindowSpans).
struct SpanRecord {
    // Details in the order of their keys; target is the index of the target phrase instead.
    enum Detail { Dose, Duration, Frequency, Route, Unit, Value, DetailCount };
    enum Source : std::uint8_t { Lexicon, Rule, Target };
    int start = 0, end = 0;
    std::uint16_t type = 0;   // Annotator::typeName
    Source source = Lexicon;
    std::int8_t section = -1; // Annotator::sectionName, -1 when none
    bool negated = false, uncertain = false, historical = false, hypothetical = false, family = false;
    int target = -1;          // index into the targets, for a TARGET span
    int detail[DetailCount][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}}; // [start, end), -1 none
    static const char *detailKey(int d);
    static const char *sourceName(Source s);
};

// One window of a note and its spans, in text order.
struct WindowSpans {
    std::u32string_view text; // the window's characters
    int base = 0;             // characters of the note before the window
    const std::vector<SpanRecord> &spans;
};

// Working memory that one caller reuses from note to note (never shared by threads at once).
class AnnotationBuffers {
public:
    AnnotationBuffers();
    ~AnnotationBuffers();
    AnnotationBuffers(const AnnotationBuffers &) = delete;
    AnnotationBuffers &operator=(const AnnotationBuffers &) = delete;

private:
    friend class Annotator;
    struct Impl;
    std::unique_ptr<Impl> m;
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
    void annotateInWindows(std::string_view utf8, const std::function<void(std::vector<Span> &)> &sink,
                           const std::vector<std::string> &targets = {}, std::size_t windowBytes = std::size_t(1) << 20) const;
    // The same as records, the fast path: sink gets each window with its spans; buffers are
    // reused, so a long run of notes allocates (almost) nothing per note.
    void annotateRecords(std::string_view utf8, AnnotationBuffers &buffers, const std::function<void(const WindowSpans &)> &sink,
                         const std::vector<std::string> &targets = {}, std::size_t windowBytes = std::size_t(1) << 20) const;
    // The span of a record, as annotate() gives it.
    Span toSpan(const WindowSpans &window, const SpanRecord &record, const std::vector<std::string> &targets) const;
    const std::string &typeName(int type) const;
    static const std::string &sectionName(int section);

private:
    void annotateWindow(AnnotationBuffers::Impl &b, const std::vector<std::string> &targets, std::vector<bool> &targetDone,
                        int &section) const;
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace sagitta::core::text
