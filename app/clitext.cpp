// `sagitta text annotate FILE [--lang en|zh] [--json]`: the clinical text engine from the
// command line. A .jsonl FILE is a batch: one note per line {"id", "text", "targets"} in, one
// line per note {"id", "language", "spans"} out.
#include "app/cli.h"

#include "core/base/error.h"
#include "core/text/annotator.h"
#include "core/io/textexport.h"
#include "core/project/importer.h"
#include "core/project/noteexport.h"
#include "core/project/notesimport.h"
#include "core/quality/agreement.h"
#include "core/text/deid.h"
#include "core/text/encoding.h"
#include "core/text/jsonlnotes.h"
#include "core/text/spanjson.h"
#include "core/text/lexiconfile.h"
#include "core/text/noteimport.h"
#include "core/project/project.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <string_view>

using nlohmann::json;

namespace sagitta {
namespace app {

namespace {

// One annotator per language, built on first use.
class Annotators {
public:
    explicit Annotators(const std::string &forced, std::vector<std::string> lexicons = {})
        : m_forced(forced), m_lexicons(std::move(lexicons))
    {
    }
    const core::text::Annotator &forText(std::string_view text)
    {
        using core::text::Language;
        const Language lang = core::text::languageOf(m_forced, text);
        auto &slot = m_annotators[lang == Language::Chinese ? 1 : 0];
        if (!slot) {
            slot = std::make_unique<core::text::Annotator>(lang);
            for (const std::string &spec : m_lexicons) {
                // FILE or FILE:TYPE
                const auto colon = spec.rfind(':');
                const bool typed = colon != std::string::npos && colon + 1 < spec.size()
                                   && spec.find('/', colon) == std::string::npos;
                core::text::loadLexiconFile(*slot, typed ? spec.substr(0, colon) : spec,
                                            typed ? spec.substr(colon + 1) : "PROBLEM");
            }
        }
        return *slot;
    }

private:
    std::string m_forced;
    std::vector<std::string> m_lexicons;
    std::unique_ptr<core::text::Annotator> m_annotators[2];
};

} // namespace

namespace {

std::string readDecoded(const std::string &file)
{
    return core::text::readTextFile(file);
}

// `sagitta text agreement TEXT A.ann B.ann`: author B against author A on one note.
int runAgreement(const std::vector<std::string> &args)
{
    if (args.size() != 4)
        throw core::Error("usage: sagitta text agreement NOTE.txt A.ann B.ann");
    const std::string text = readDecoded(args[1]);
    std::vector<core::text::Span> a, b;
    try {
        a = core::io::fromBratAnn(text, readDecoded(args[2]));
    } catch (const std::exception &e) {
        throw core::Error(args[2] + ": " + e.what());
    }
    try {
        b = core::io::fromBratAnn(text, readDecoded(args[3]));
    } catch (const std::exception &e) {
        throw core::Error(args[3] + ": " + e.what());
    }
    const core::quality::Agreement r = core::quality::agreement(text, a, b);
    auto score = [](const core::quality::SpanScore &s) {
        return json{{"precision", s.precision()}, {"recall", s.recall()}, {"f1", s.f1()}, {"tp", s.tp}, {"fp", s.fp}, {"fn", s.fn}};
    };
    std::cout << json{{"exact", score(r.exact)}, {"overlap", score(r.overlap)}, {"kappa", r.kappa}, {"tokens", r.tokens}}.dump(2)
              << std::endl;
    return 0;
}

// `sagitta text deid FILE [--patient KEY] [--surrogates]`: the de-identified text on standard
// output; --surrogates writes fake values of the same kind instead of [CATEGORY] tags.
int runDeid(const std::vector<std::string> &args)
{
    std::string file, patient;
    bool surrogates = false;
    for (std::size_t n = 1; n < args.size(); ++n) {
        if (args[n] == "--patient" && n + 1 < args.size())
            patient = args[++n];
        else if (args[n] == "--surrogates")
            surrogates = true;
        else if (file.empty())
            file = args[n];
        else
            throw core::Error("unexpected argument " + args[n]);
    }
    if (file.empty())
        throw core::Error("usage: sagitta text deid FILE [--patient KEY] [--surrogates]");
    std::cout << core::text::deidentify(readDecoded(file), patient.empty() ? file : patient, surrogates).text;
    return 0;
}

} // namespace

int runTextCommand(const std::vector<std::string> &args)
{
    if (!args.empty() && args[0] == "agreement")
        return runAgreement(args);
    if (!args.empty() && args[0] == "deid")
        return runDeid(args);
    // args: annotate FILE [--lang en|zh] [--json | --format brat|bioc|conll|jsonl]
    std::string file, lang, format;
    std::vector<std::string> lexicons;
    bool asJson = false, keepPhi = false;
    for (std::size_t n = 1; n < args.size(); ++n) {
        if (args[n] == "--json")
            asJson = true;
        else if (args[n] == "--lang" && n + 1 < args.size())
            lang = args[++n];
        else if (args[n] == "--format" && n + 1 < args.size())
            format = args[++n];
        else if (args[n] == "--keep-phi")
            keepPhi = true;
        else if (args[n] == "--lexicon" && n + 1 < args.size())
            lexicons.push_back(args[++n]);
        else if (file.empty())
            file = args[n];
        else
            throw core::Error("unexpected argument " + args[n]);
    }
    if (args.empty() || args[0] != "annotate" || file.empty())
        throw core::Error("usage: sagitta text annotate FILE [--lang en|zh] [--json | --format brat|bioc|conll|jsonl]");
    if (!format.empty() && format != "brat" && format != "bioc" && format != "conll" && format != "jsonl")
        throw core::Error("--format must be brat, bioc, conll or jsonl");
    if (!lang.empty() && lang != "en" && lang != "zh")
        throw core::Error("--lang must be en or zh");
    Annotators annotators(lang, lexicons);
    const bool batch = file.size() > 6 && file.compare(file.size() - 6, 6, ".jsonl") == 0;
    if (!batch) {
        std::string encoding;
        int replaced = 0;
        const std::string content = core::text::readTextFile(file, &encoding, &replaced);
        if (replaced > 0)
            std::cerr << "sagitta: " << file << ": " << replaced << " byte(s) valid in no supported encoding were replaced by U+FFFD\n";
        const auto &annotator = annotators.forText(content);
        if (!format.empty()) {
            // Exports leave Sagitta: de-identified unless the user keeps PHI on purpose. The
            // de-identified text is annotated again so that offsets match it.
            core::io::AnnotatedNote note{file, content, keepPhi ? annotator.annotate(content) : std::vector<core::text::Span>{}};
            if (!keepPhi) {
                note.text = core::text::deidentify(content, file).text;
                note.spans = annotator.annotate(note.text);
            }
            if (format == "brat")
                std::cout << core::io::toBratAnn(note);
            else if (format == "bioc")
                std::cout << core::io::toBioC({note});
            else if (format == "conll")
                std::cout << core::io::toConll(note);
            else
                std::cout << core::io::toJsonl(note);
            return 0;
        }
        // Spans are written as they are found, window by window: a note of any size.
        if (asJson) {
            const json head{{"file", file}, {"encoding", encoding}, {"language", core::text::languageCode(annotator.language())}};
            std::string text = head.dump();
            text.pop_back(); // the closing brace: the spans follow
            std::cout << text << ",\"spans\":[";
            bool first = true;
            core::text::AnnotationBuffers buffers;
            std::string out;
            annotator.annotateRecords(content, buffers, [&](const core::text::WindowSpans &window) {
                for (const core::text::SpanRecord &r : window.spans) {
                    out += first ? "\n" : ",\n";
                    core::text::appendSpanJson(out, annotator, window, r, {});
                    first = false;
                }
                std::cout.write(out.data(), std::streamsize(out.size()));
                out.clear();
            });
            std::cout << "\n]}" << std::endl;
        } else {
            annotator.annotateInWindows(content, [](std::vector<core::text::Span> &spans) {
                for (const auto &s : spans)
                    std::cout << s.start << "-" << s.end << "\t" << s.type << "\t" << s.text << (s.negated ? "\tnegated" : "")
                              << (s.uncertain ? "\tuncertain" : "") << (s.historical ? "\thistorical" : "")
                              << (s.hypothetical ? "\thypothetical" : "") << (s.experiencer != "patient" ? "\tfamily" : "") << "\n";
            });
        }
        std::cout.flush();
        return 0;
    }
    // A batch is streamed: one line in, one line out, memory bounded by the longest line. The
    // encoding is decided per line (a stray byte never mangles the others). Output goes through
    // one reused buffer, written out a MiB at a time.
    core::text::JsonlNoteReader reader(file);
    core::text::JsonlNote note;
    core::text::AnnotationBuffers buffers;
    std::string out;
    out.reserve(std::size_t(2) << 20);
    auto flush = [&out] {
        std::cout.write(out.data(), std::streamsize(out.size()));
        out.clear();
    };
    int failures = 0;
    while (reader.next(note)) {
        if (note.replaced > 0)
            std::cerr << "sagitta: " << file << ":" << note.line << ": " << note.replaced
                      << " byte(s) valid in no supported encoding were replaced by U+FFFD\n";
        if (!note.problem.empty()) {
            std::cerr << "sagitta: " << file << ":" << note.line << ": " << note.problem << std::endl;
            ++failures;
            continue;
        }
        const auto &annotator = annotators.forText(note.text);
        out += "{\"id\":";
        out += note.id.empty() ? std::to_string(note.line) : note.id;
        out += ",\"language\":\"";
        out += core::text::languageCode(annotator.language());
        out += "\",\"spans\":[";
        bool first = true;
        annotator.annotateRecords(note.text, buffers, [&](const core::text::WindowSpans &window) {
            for (const core::text::SpanRecord &r : window.spans) {
                if (!first)
                    out += ',';
                core::text::appendSpanJson(out, annotator, window, r, note.targets);
                first = false;
            }
            if (out.size() > (std::size_t(1) << 20)) // a long note: write as it goes
                flush();
        }, note.targets);
        out += "]}\n";
        if (out.size() > (std::size_t(1) << 20))
            flush();
    }
    flush();
    std::cout.flush();
    return failures == 0 ? 0 : 1;
}

// `sagitta notes export --project P --format F OUT [--keep-phi] [--accepted-only]` and
// `sagitta notes agreement --project P AUTHOR_A AUTHOR_B [--import-brat DIR --as AUTHOR]`.
int runNotesExchange(const std::vector<std::string> &args)
{
    std::string project, format, out, importDir, importAs;
    std::vector<std::string> positional;
    bool keepPhi = false, acceptedOnly = false;
    for (std::size_t n = 1; n < args.size(); ++n) {
        const std::string &a = args[n];
        const bool valued = a == "--project" || a == "--format" || a == "--import-brat" || a == "--as";
        if (valued && n + 1 >= args.size())
            throw core::Error(a + " needs a value");
        if (a == "--project")
            project = args[++n];
        else if (a == "--format")
            format = args[++n];
        else if (a == "--import-brat")
            importDir = args[++n];
        else if (a == "--as")
            importAs = args[++n];
        else if (a == "--keep-phi")
            keepPhi = true;
        else if (a == "--accepted-only")
            acceptedOnly = true;
        else
            positional.push_back(a);
    }
    if (project.empty())
        throw core::Error("--project FILE.sagitta is required");
    // Readers change nothing: a read-only project (or folder) exports and compares too.
    const bool imports = !importDir.empty();
    auto p = core::Project::open(project, imports ? core::Project::Access::ReadWrite : core::Project::Access::Auto);
    if (args[0] == "export") {
        if (positional.size() != 1)
            throw core::Error("usage: sagitta notes export --project FILE.sagitta --format brat|bioc|conll|jsonl OUT [--keep-phi]");
        core::NoteExportOptions o;
        o.format = format == "brat"    ? core::NoteFormat::Brat
                   : format == "bioc"  ? core::NoteFormat::BioC
                   : format == "conll" ? core::NoteFormat::Conll
                   : format == "jsonl" ? core::NoteFormat::Jsonl
                                       : throw core::Error("--format must be brat, bioc, conll or jsonl");
        o.path = positional[0];
        o.deidentify = !keepPhi;
        o.acceptedOnly = acceptedOnly;
        const int n = core::exportNotes(*p, o);
        if (!p->readOnly())
            p->audit("notes.export", std::to_string(n) + " note(s), " + format + (keepPhi ? ", PHI kept" : ", de-identified"));
        std::cout << n << " note(s) written to " << o.path << (keepPhi ? " (PHI kept)" : " (de-identified)") << std::endl;
        return 0;
    }
    if (!importDir.empty()) {
        std::vector<std::string> problems;
        const int n = core::importBratFolder(*p, importDir, importAs.empty() ? "imported" : importAs, problems);
        for (const std::string &problem : problems)
            std::cerr << "sagitta: " << problem << std::endl;
        std::cerr << n << " note(s) with spans imported as " << (importAs.empty() ? "imported" : importAs) << std::endl;
    }
    if (positional.size() != 2)
        throw core::Error("usage: sagitta notes agreement --project FILE.sagitta AUTHOR_A AUTHOR_B [--import-brat DIR --as AUTHOR]");
    const core::AgreementReport r = core::authorAgreement(*p, positional[0], positional[1]);
    json outJson{{"reference", positional[0]}, {"compared", positional[1]}, {"notes", r.notes.size()}, {"tokens", r.tokens},
                 {"kappa", r.kappa}};
    for (const auto &[name, score] : {std::pair{"exact", &r.exact}, std::pair{"overlap", &r.overlap}})
        outJson[name] = {{"tp", score->tp}, {"fp", score->fp}, {"fn", score->fn}, {"precision", score->precision()},
                         {"recall", score->recall()}, {"f1", score->f1()}};
    std::cout << outJson.dump(2) << std::endl;
    return 0;
}

int runNotesCommand(const std::vector<std::string> &args)
{
    if (!args.empty() && (args[0] == "export" || args[0] == "agreement"))
        return runNotesExchange(args);
    // args: import FILE --project P [--text-column C] [--id-column C] [--patient-column C] [--type-column C]
    if (args.empty() || args[0] != "import")
        throw core::Error("usage: sagitta notes import FILE --project FILE.sagitta [--text-column C] [--id-column C] "
                          "[--patient-column C] [--type-column C]");
    std::string file, project;
    core::text::NoteColumns columns;
    for (std::size_t n = 1; n < args.size(); ++n) {
        const std::string &a = args[n];
        const bool valued = a == "--project" || a == "--text-column" || a == "--id-column" || a == "--patient-column"
                            || a == "--type-column";
        if (valued && n + 1 >= args.size())
            throw core::Error(a + " needs a value");
        if (a == "--project")
            project = args[++n];
        else if (a == "--text-column")
            columns.text = args[++n];
        else if (a == "--id-column")
            columns.id = args[++n];
        else if (a == "--patient-column")
            columns.patient = args[++n];
        else if (a == "--type-column")
            columns.type = args[++n];
        else if (file.empty())
            file = a;
        else
            throw core::Error("unexpected argument " + a);
    }
    if (file.empty() || project.empty())
        throw core::Error("usage: sagitta notes import FILE --project FILE.sagitta");
    // The file is checked (readable, its header) before the project is created or opened.
    { core::text::NoteReader check(file, columns); }
    auto p = core::Project::openOrCreate(project);
    p->setBusyTimeout(120000); // another long import commits in short batches: wait for our turn
    const core::NotesImportReport r = core::importNotesFile(*p, file, columns);
    for (const std::string &problem : r.problems)
        std::cerr << "sagitta: " << problem << "\n";
    if (r.problemCount > r.problems.size())
        std::cerr << "sagitta: ... and " << (r.problemCount - r.problems.size()) << " more problem(s)\n";
    std::cout << r.notes() << " note(s) imported from " << file << ": " << r.added << " added, " << r.updated << " updated, "
              << r.unchanged << " already in the project, " << r.kept << " kept (changed in the file but already labelled); "
              << r.problemCount << " line(s) skipped" << std::endl;
    return r.problemCount == 0 ? 0 : 1;
}

} // namespace app
} // namespace sagitta
