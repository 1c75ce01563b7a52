// Tests core/io text exchange (brat round trip, BioC, CoNLL, JSONL) and core/quality
// inter-annotator agreement.
#include "core/base/error.h"
#include "core/io/textexport.h"
#include "core/quality/agreement.h"

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
};

QTEST_GUILESS_MAIN(TstTextExport)
#include "tst_textexport.moc"
