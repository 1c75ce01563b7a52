// Tests core/project/notesimport and the streaming NoteReader: notes are keyed by their source
// (a re-import adds no copies and says what it did), bad lines are reported with their number
// while the good ones come in, encodings are decided per line, empty inputs give no note, and
// a cancelled import keeps its committed batches and resumes without duplicates.
#include "core/base/error.h"
#include "core/project/notesimport.h"
#include "core/project/project.h"
#include "core/text/encoding.h"
#include "core/text/noteimport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace sagitta::core;

namespace {

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
    return path;
}

bool hasProblem(const std::vector<std::string> &problems, const std::string &needle)
{
    for (const std::string &p : problems)
        if (p.find(needle) != std::string::npos)
            return true;
    return false;
}

// Cancels once the sink has been told about the first committed batch.
class CancelAfterFirstBatch : public ProgressSink {
public:
    void report(double, const std::string &message) override
    {
        if (message.find("note(s) read") != std::string::npos)
            m_cancel = true;
    }
    bool cancelled() const override { return m_cancel; }

private:
    bool m_cancel = false;
};

} // namespace

class TstNotesImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reimportAddsNoCopies()
    {
        QTemporaryDir dir;
        const QString csv = writeFile(dir, QStringLiteral("n.csv"),
                                      "ROW_ID,SUBJECT_ID,CATEGORY,TEXT\n1,P1,Radiology,\"No fever.\"\n2,P1,Nursing,Cough.\n"
                                      "3,P2,Nursing,\"Chest pain,\nresolved.\"\n");
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        NotesImportReport first = importNotesFile(*p, csv.toStdString());
        QCOMPARE(first.added, std::size_t(3));
        QCOMPARE(first.problemCount, std::size_t(0));
        QCOMPARE(p->noteStore().notes()[2].text, std::string("Chest pain,\nresolved."));
        NotesImportReport second = importNotesFile(*p, csv.toStdString());
        QCOMPARE(second.added, std::size_t(0));
        QCOMPARE(second.unchanged, std::size_t(3));
        QCOMPARE(p->noteStore().notes().size(), std::size_t(3));

        // Note 1 changed in the file, nobody worked on it: updated. Note 2 changed too, but a
        // person accepted a span on it: kept as it was.
        const auto notes = p->noteStore().notes();
        text::Span s;
        s.start = 0;
        s.end = 5;
        s.type = "PROBLEM";
        s.source = "person";
        p->noteStore().addSpans(notes[1].id, {s}, "accepted");
        const QString changed = writeFile(dir, QStringLiteral("m.csv"),
                                          "ROW_ID,SUBJECT_ID,CATEGORY,TEXT\n1,P1,Radiology,No fever. Mild cough.\n"
                                          "2,P1,Nursing,Cough resolved.\n");
        NotesImportReport third = importNotesFile(*p, changed.toStdString());
        QCOMPARE(third.updated, std::size_t(1));
        QCOMPARE(third.kept, std::size_t(1));
        QCOMPARE(p->noteStore().notes()[0].text, std::string("No fever. Mild cough."));
        QCOMPARE(p->noteStore().notes()[1].text, std::string("Cough."));
        QCOMPARE(p->noteStore().spansBy(notes[1].id, Project::currentUser()).size(), std::size_t(1));
        // The updated note's proposals belong to its new text.
        for (const text::Span &span : p->noteStore().spans(notes[0].id))
            QVERIFY(span.end <= int(std::string("No fever. Mild cough.").size()));
    }

    void badLinesAreReportedAndGoodOnesCome()
    {
        QTemporaryDir dir;
        const QString jsonl = writeFile(dir, QStringLiteral("n.jsonl"),
                                        "{\"id\": \"a\", \"text\": \"No fever.\"}\n"
                                        "{\"id\": \"b\", \"text\": \n"
                                        "{\"id\": \"c\", \"text\": \"Cough.\"}\n"
                                        "{\"id\": \"d\"}\n"
                                        "{\"id\": \"e\", \"text\": \"   \"}\n"
                                        "\n"
                                        "{\"id\": \"f\", \"text\": \"Rash.\"}\n");
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const NotesImportReport r = importNotesFile(*p, jsonl.toStdString());
        QCOMPARE(r.added, std::size_t(3));
        QCOMPARE(r.problemCount, std::size_t(3));
        QVERIFY(hasProblem(r.problems, "n.jsonl:2: not JSON"));
        QVERIFY(hasProblem(r.problems, "n.jsonl:4: no \"text\" string"));
        QVERIFY(hasProblem(r.problems, "n.jsonl:5: empty text"));
        // The parser's message would quote the note: reports hold positions only.
        for (const std::string &problem : r.problems)
            QVERIFY2(problem.find("last read") == std::string::npos, problem.c_str());
        // readNotes without a list throws naming the first bad line and the count of the others.
        try {
            text::readNotes(jsonl.toStdString());
            QFAIL("bad lines were not reported");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("n.jsonl:2") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("2 more") != std::string::npos, e.what());
        }
    }

    void emptyInputsGiveNoNote()
    {
        QTemporaryDir dir;
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        for (const QByteArray &content : {QByteArray(), QByteArray(" \n\t\n")}) {
            const QString txt = writeFile(dir, QStringLiteral("empty.txt"), content);
            const NotesImportReport r = importNotesFile(*p, txt.toStdString());
            QCOMPARE(r.notes(), std::size_t(0));
            QCOMPARE(r.problemCount, std::size_t(1));
            QVERIFY(hasProblem(r.problems, "no text"));
        }
        QVERIFY(p->noteStore().notes().empty());
        const QString csv = writeFile(dir, QStringLiteral("h.csv"), "TEXT\n");
        QCOMPARE(importNotesFile(*p, csv.toStdString()).notes(), std::size_t(0));
        QVERIFY_THROWS_EXCEPTION(Error, importNotesFile(*p, writeFile(dir, QStringLiteral("x.csv"), "").toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, importNotesFile(*p, dir.filePath(QStringLiteral("missing.jsonl")).toStdString()));
    }

    // A UTF-8 file with one stray Latin-1 byte stays UTF-8 (the Chinese text of every line
    // intact, the bad byte replaced and reported); a GB18030 line among UTF-8 ones is read as
    // GB18030.
    void encodingsPerLine()
    {
        QTemporaryDir dir;
        QByteArray bytes;
        bytes += "{\"id\": 1, \"text\": \"\xe8\x82\xba\xe7\x82\x8e caf\xe9\"}\n";  // 肺炎 + Latin-1 e-acute
        bytes += "{\"id\": 2, \"text\": \"\xe8\x82\xba\xe7\x82\x8e\"}\n";          // 肺炎 in UTF-8
        bytes += "{\"id\": 3, \"text\": \"\xd0\xd8\xcd\xb4\"}\n";                  // 胸痛 in GB18030
        const QString jsonl = writeFile(dir, QStringLiteral("mixed.jsonl"), bytes);
        std::vector<std::string> problems;
        const std::vector<Note> notes = text::readNotes(jsonl.toStdString(), {}, &problems);
        QCOMPARE(notes.size(), std::size_t(3));
        QCOMPARE(notes[0].text, std::string("\xe8\x82\xba\xe7\x82\x8e caf\xef\xbf\xbd"));
        QCOMPARE(notes[1].text, std::string("\xe8\x82\xba\xe7\x82\x8e"));
        QCOMPARE(notes[2].text, std::string("\xe8\x83\xb8\xe7\x97\x9b"));
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY(hasProblem(problems, "mixed.jsonl:1: 1 byte(s)"));
        // The same for a whole text file.
        std::string encoding;
        int replaced = 0;
        QCOMPARE(text::decodeText("\xe8\x82\xba\xe7\x82\x8e\xe9", &encoding, &replaced), std::string("\xe8\x82\xba\xe7\x82\x8e\xef\xbf\xbd"));
        QCOMPARE(encoding, std::string("UTF-8"));
        QCOMPARE(replaced, 1);
    }

    // Batches are committed as they go: a cancelled import keeps what it committed, and the
    // re-run adds the rest without a single duplicate.
    void cancelledImportResumesWithoutDuplicates()
    {
        QTemporaryDir dir;
        QByteArray bytes;
        for (int n = 0; n < 3000; ++n)
            bytes += QStringLiteral("{\"id\": %1, \"patient_id\": \"P%2\", \"text\": \"Note %1: denies fever, takes aspirin 81 mg daily.\"}\n")
                         .arg(n)
                         .arg(n % 40)
                         .toUtf8();
        const QString jsonl = writeFile(dir, QStringLiteral("many.jsonl"), bytes);
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        CancelAfterFirstBatch cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, importNotesFile(*p, jsonl.toStdString(), {}, &cancel));
        const std::size_t kept = p->noteStore().notes().size();
        QVERIFY(kept > 0 && kept < 3000);
        const NotesImportReport r = importNotesFile(*p, jsonl.toStdString());
        QCOMPARE(r.unchanged, kept);
        QCOMPARE(r.added, 3000 - kept);
        QCOMPARE(p->noteStore().notes().size(), std::size_t(3000));
    }

    // Two long imports into one project at once, each on its own connection (as two commands
    // or the app and a command): both finish, neither fails on the lock, nothing is doubled.
    void concurrentImportsWaitTheirTurn()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        Project::create(path).reset();
        QStringList files;
        for (int f = 0; f < 2; ++f) {
            QByteArray bytes;
            for (int n = 0; n < 2000; ++n)
                bytes += QStringLiteral("{\"id\": \"%1-%2\", \"text\": \"Note %2 of file %1: no fever, on metformin 500 mg BID.\"}\n")
                             .arg(f)
                             .arg(n)
                             .toUtf8();
            files << writeFile(dir, QStringLiteral("f%1.jsonl").arg(f), bytes);
        }
        NotesImportReport reports[2];
        std::string errors[2];
        std::vector<std::thread> threads;
        for (int f = 0; f < 2; ++f)
            threads.emplace_back([&, f] {
                try {
                    auto p = Project::open(path);
                    p->setBusyTimeout(60000);
                    reports[f] = importNotesFile(*p, files[f].toStdString());
                } catch (const std::exception &e) {
                    errors[f] = e.what();
                }
            });
        for (std::thread &t : threads)
            t.join();
        for (int f = 0; f < 2; ++f) {
            QVERIFY2(errors[f].empty(), errors[f].c_str());
            QCOMPARE(reports[f].added, std::size_t(2000));
        }
        QCOMPARE(Project::open(path)->noteStore().notes().size(), std::size_t(4000));
    }
};

QTEST_GUILESS_MAIN(TstNotesImport)
#include "tst_notesimport.moc"
