// Tests core/io text exchange (brat round trip, BioC, CoNLL, JSONL) and core/quality
// inter-annotator agreement.
#include "core/base/error.h"
#include "core/io/textexport.h"
#include "core/quality/agreement.h"
#include "core/text/spanjson.h"

#include <QtTest>

using namespace sagitta::core;

namespace {

text::Span span(int start, int end, const std::string &type, const std::string &t = {})
{
    text::Span s;
    s.start = start;
    s.end = end;
    s.type = type;
    s.text = t;
    return s;
}

} // namespace

class TstTextExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bratRoundTrip()
    {
        const text::Annotator a(text::Language::English);
        io::AnnotatedNote note{"n1", "Denies chest pain. Mother had breast cancer.\nMetformin 500 mg daily.", {}};
        note.spans = a.annotate(note.text);
        const std::string ann = io::toBratAnn(note);
        QVERIFY(ann.find("PROBLEM 7 17\tchest pain") != std::string::npos);
        QVERIFY(ann.find("Negated T1") != std::string::npos);
        QVERIFY(ann.find("Experiencer T2 Family") != std::string::npos);
        const auto back = io::fromBratAnn(note.text, ann);
        QCOMPARE(back.size(), note.spans.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].start, note.spans[i].start);
            QCOMPARE(back[i].end, note.spans[i].end);
            QCOMPARE(back[i].text, note.spans[i].text);
            QCOMPARE(back[i].negated, note.spans[i].negated);
            QCOMPARE(back[i].experiencer, note.spans[i].experiencer);
        }
        QVERIFY_THROWS_EXCEPTION(Error, io::fromBratAnn("short", "T1\tPROBLEM 0 99\tx\n"));
    }

    void chineseOffsetsAreCharacters()
    {
        const text::Annotator a(text::Language::Chinese);
        io::AnnotatedNote note{"z", "\u60a3\u8005\u5426\u8ba4\u54af\u8840\u3002", {}};
        note.spans = a.annotate(note.text);
        const std::string ann = io::toBratAnn(note);
        QVERIFY2(ann.find("PROBLEM 4 6\t") != std::string::npos, ann.c_str());
    }

    void bioCConllJsonl()
    {
        const text::Annotator a(text::Language::English);
        io::AnnotatedNote note{"n<1>", "No pleural effusion. Aspirin 81 mg daily.", {}};
        note.spans = a.annotate(note.text);
        const std::string bioc = io::toBioC({note});
        QVERIFY(bioc.find("<id>n&lt;1&gt;</id>") != std::string::npos);
        QVERIFY(bioc.find("<location offset=\"3\" length=\"16\"/>") != std::string::npos);
        QVERIFY(bioc.find("<infon key=\"negated\">true</infon>") != std::string::npos);
        const std::string conll = io::toConll(note);
        QVERIFY(conll.find("pleural\tB-PROBLEM\neffusion\tI-PROBLEM\n") != std::string::npos);
        QVERIFY(conll.find("No\tO\n") != std::string::npos);
        QVERIFY(conll.find("\n\n") != std::string::npos); // sentence break
        const std::string jsonl = io::toJsonl(note);
        QVERIFY(jsonl.find("\"negated\":true") != std::string::npos);
        QCOMPARE(std::count(jsonl.begin(), jsonl.end(), '\n'), 1L);
    }

    void agreementBetweenAuthors()
    {
        const std::string text = "Fever and cough with chest pain and rash today";
        // a: fever(0-5) cough(10-15) chest pain(21-31) rash(36-40)
        const std::vector<text::Span> a{span(0, 5, "PROBLEM"), span(10, 15, "PROBLEM"), span(21, 31, "PROBLEM"),
                                        span(36, 40, "PROBLEM")};
        // b: fever exact, "chest" only (overlap), rash as another type, plus a spurious "today".
        const std::vector<text::Span> b{span(0, 5, "PROBLEM"), span(21, 26, "PROBLEM"), span(36, 40, "TEST"),
                                        span(41, 46, "PROBLEM")};
        const quality::Agreement r = quality::agreement(text, a, b);
        QCOMPARE(r.exact.tp, 1);
        QCOMPARE(r.exact.fp, 3);
        QCOMPARE(r.exact.fn, 3);
        QCOMPARE(r.overlap.tp, 2);
        QCOMPARE(r.overlap.fn, 2);
        QVERIFY(r.kappa < 1.0 && r.kappa > -1.0);
        const quality::Agreement same = quality::agreement(text, a, a);
        QCOMPARE(same.exact.f1(), 1.0);
        QCOMPARE(same.kappa, 1.0);
        QCOMPARE(same.tokens, 9);
    }

    // The command line writes spans without building JSON objects: its bytes must be those of
    // spanJson(span).dump() for every span, whatever the characters (quotes, backslashes,
    // control characters, CJK, emoji), details, sections and targets.
    void fastSpanJsonIsNlohmannsDump()
    {
        const text::Annotator en(text::Language::English), zh(text::Language::Chinese);
        auto times = [](const std::string &s, int n) {
            std::string out;
            for (int k = 0; k < n; ++k)
                out += s;
            return out;
        };
        const std::vector<std::pair<const text::Annotator *, std::string>> notes = {
            {&en, times("Past medical history: diabetes.\nMedications: metformin 500 mg po bid, lisinopril 10mg daily for 7 days.\n"
                              "Hemoglobin 12.5 g/dL, sodium 129 mmol/L. No \"chest\\pain\"\tor fever.\x01 Mother had breast cancer.\n",
                        12)}, // several windows: offsets carried across them
            {&en, "Family history:\r\nfather with stroke \xf0\x9f\x98\x80 and \xe2\x80\xa8 possible pneumonia in 1998."},
            {&zh, "\u65e2\u5f80\u53f2\uff1a\u9ad8\u8840\u538b\u3002\u60a3\u8005\u5426\u8ba4\u80f8\u75db\uff0c\u53e3\u670d\u4e8c\u7532\u53cc\u80cd 0.5g \u6bcf\u65e5\u4e24\u6b21\u3002"},
        };
        const std::vector<std::string> targets = {"chest\\pain", "\"fever\"", "breast cancer", "\u80f8\u75db", "stroke"};
        int compared = 0;
        for (const auto &item : notes) {
            const text::Annotator *annotator = item.first;
            const std::string &note = item.second;
            text::AnnotationBuffers buffers;
            annotator->annotateRecords(note, buffers, [&](const text::WindowSpans &window) {
                for (const text::SpanRecord &r : window.spans) {
                    std::string fast;
                    text::appendSpanJson(fast, *annotator, window, r, targets);
                    QCOMPARE(QString::fromStdString(fast),
                             QString::fromStdString(io::spanJson(annotator->toSpan(window, r, targets)).dump()));
                    ++compared;
                }
            }, targets, 1024);
        }
        QVERIFY(compared > 15);
        for (const std::string s : {std::string("a\"b\\c\x1f\x7f\xc3\xa9"), std::string("\xe4\xb8\xad\n\t\b\f\r")}) {
            std::string fast;
            text::appendJsonString(fast, s);
            QCOMPARE(QString::fromStdString(fast), QString::fromStdString(nlohmann::json(s).dump()));
        }
    }
};

QTEST_GUILESS_MAIN(TstTextExport)
#include "tst_textexport.moc"
