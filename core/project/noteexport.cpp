#include "core/project/noteexport.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/io/textexport.h"
#include "core/text/deid.h"
#include "core/text/encoding.h"
#include "core/text/unicode.h"

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace sagitta::core {

std::string noteStem(const Note &note)
{
    return "note-" + std::to_string(note.id);
}

namespace {

void writeFile(const std::string &path, const std::string &content)
{
    writeFileAtomically(path, content);
}

// The note as it leaves the project: de-identified text with the spans moved along.
void deidentifyItem(ExportItem &item)
{
    io::AnnotatedNote &a = item.note;
    const text::DeidResult deid = text::deidentify(a.text, item.patientKey);
    a.text = deid.text;
    std::vector<text::Span> kept;
    for (text::Span &s : a.spans) {
        const int start = text::mapOffset(deid, s.start, false), end = text::mapOffset(deid, s.end, true);
        if (end <= start)
            continue;
        s.start = start;
        s.end = end;
        kept.push_back(std::move(s));
    }
    a.spans = std::move(kept);
}

} // namespace

std::vector<ExportItem> collectNotes(const Project &project, const NoteExportOptions &o)
{
    std::vector<ExportItem> items;
    for (const Note &note : project.noteStore().notes()) {
        if (!o.noteIds.empty() && std::find(o.noteIds.begin(), o.noteIds.end(), note.id) == o.noteIds.end())
            continue;
        ExportItem item{{noteStem(note), note.text, {}}, note.patientId.empty() ? noteStem(note) : note.patientId};
        for (text::Span &s : project.noteStore().spans(note.id))
            if (s.status == "accepted" || (!o.acceptedOnly && s.status == "proposed"))
                item.note.spans.push_back(std::move(s));
        items.push_back(std::move(item));
    }
    return items;
}

int writeNotes(std::vector<ExportItem> items, const NoteExportOptions &o, ProgressSink *progress)
{
    std::vector<io::AnnotatedNote> out;
    for (std::size_t n = 0; n < items.size(); ++n) {
        if (o.deidentify)
            deidentifyItem(items[n]);
        io::AnnotatedNote &a = items[n].note;
        const std::u32string text = text::toU32(a.text);
        for (text::Span &s : a.spans)
            s.text = text::toUtf8(std::u32string_view(text).substr(std::size_t(s.start), std::size_t(s.end - s.start)));
        out.push_back(std::move(a));
        reportProgress(progress, double(n + 1) / double(items.size()), "exporting notes");
        if (isCancelled(progress))
            throw Cancelled();
    }
    switch (o.format) {
    case NoteFormat::Brat: {
        std::error_code ec;
        fs::create_directories(o.path, ec);
        if (ec)
            throw Error(o.path + ": cannot create folder: " + ec.message());
        for (const io::AnnotatedNote &a : out) {
            writeFile((fs::path(o.path) / (a.id + ".txt")).string(), a.text);
            writeFile((fs::path(o.path) / (a.id + ".ann")).string(), io::toBratAnn(a));
        }
        break;
    }
    case NoteFormat::BioC: writeFile(o.path, io::toBioC(out)); break;
    case NoteFormat::Conll: {
        std::string all;
        for (const io::AnnotatedNote &a : out)
            all += "-DOCSTART- " + a.id + "\n\n" + io::toConll(a) + "\n";
        writeFile(o.path, all);
        break;
    }
    case NoteFormat::Jsonl: {
        std::string all;
        for (const io::AnnotatedNote &a : out) {
            all += io::toJsonl(a);
            if (all.empty() || all.back() != '\n')
                all += '\n';
        }
        writeFile(o.path, all);
        break;
    }
    }
    return int(out.size());
}

int exportNotes(const Project &project, const NoteExportOptions &o, ProgressSink *progress)
{
    return writeNotes(collectNotes(project, o), o, progress);
}

int importBratFolder(Project &project, const std::string &folder, const std::string &author, std::vector<std::string> &problems)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(folder + ": not a folder");
    if (author.empty())
        throw Error("imported annotations need an author name");
    std::map<std::string, const Note *> byStem;
    const std::vector<Note> notes = project.noteStore().notes();
    for (const Note &n : notes) {
        byStem[noteStem(n)] = &n;
        if (!n.externalId.empty())
            byStem.emplace(n.externalId, &n);
    }
    int imported = 0;
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".ann")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path &file : files) {
        const auto it = byStem.find(file.stem().string());
        if (it == byStem.end()) {
            problems.push_back(file.string() + ": no note named " + file.stem().string() + " in the project");
            continue;
        }
        try {
            std::vector<text::Span> spans = io::fromBratAnn(it->second->text, text::readTextFile(file.string()));
            if (spans.empty())
                continue; // the annotator found nothing in this note
            for (text::Span &s : spans)
                s.source = "person";
            project.noteStore().addSpans(it->second->id, spans, "accepted", author);
            ++imported;
        } catch (const std::exception &e) {
            problems.push_back(file.string() + ": " + e.what());
        }
    }
    return imported;
}

AgreementReport authorAgreement(const Project &project, const std::string &authorA, const std::string &authorB)
{
    AgreementReport r;
    double kappaSum = 0;
    for (const Note &n : project.noteStore().notes()) {
        const std::vector<text::Span> a = project.noteStore().spansBy(n.id, authorA), b = project.noteStore().spansBy(n.id, authorB);
        if (a.empty() && b.empty())
            continue;
        NoteAgreement na{n.id, quality::agreement(n.text, a, b)};
        for (auto [pooled, one] : {std::pair{&r.exact, &na.agreement.exact}, std::pair{&r.overlap, &na.agreement.overlap}}) {
            pooled->tp += one->tp;
            pooled->fp += one->fp;
            pooled->fn += one->fn;
        }
        kappaSum += na.agreement.kappa * na.agreement.tokens;
        r.tokens += na.agreement.tokens;
        r.notes.push_back(na);
    }
    r.kappa = r.tokens > 0 ? kappaSum / r.tokens : 1.0;
    return r;
}

} // namespace sagitta::core
