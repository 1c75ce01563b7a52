// Tests core/text: tokens, sentences, lexicon matching, medication and lab rules, sections,
// and context accuracy on the gold sets in tests/data/text (precision, recall and F1 per
// attribute, with floors that fail the test).
#include "core/text/annotator.h"
#include "core/text/deid.h"
#include "core/text/encoding.h"
#include "core/text/entityscore.h"
#include "core/text/noteimport.h"
#include "core/text/jsonlnotes.h"
#include "core/text/lexiconfile.h"
#include "core/base/error.h"
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core::text;

// Floors of the entity gold sets (issue 13): what the rules reach, less about 0.01 (overlap F1
// 0.969 / 0.912 English tuning / held out, 0.974 / 0.910 Chinese; exact F1 0.940 / 0.801
// English, 0.917 / 0.821 Chinese; overlap precision 0.962 / 0.946 English, 0.973 / 0.932
// Chinese).
#define OVERLAP_EN_TUNE 0.95
#define OVERLAP_EN_HELD 0.90
#define OVERLAP_ZH_TUNE 0.96
#define OVERLAP_ZH_HELD 0.90
#define EXACT_EN_TUNE 0.93
#define EXACT_EN_HELD 0.79
#define EXACT_ZH_TUNE 0.90
#define EXACT_ZH_HELD 0.81
#define PRECISION_EN 0.93
#define PRECISION_ZH 0.92
// The blind sets (entities_blind_*.txt): just below what the rules reach on them (overlap F1
// 0.900 English, 0.918 Chinese; overlap P 0.937 / 0.941; exact F1 0.768 / 0.817).
#define OVERLAP_EN_BLIND 0.89
#define PRECISION_EN_BLIND 0.92
#define EXACT_EN_BLIND 0.75
#define OVERLAP_ZH_BLIND 0.90
#define PRECISION_ZH_BLIND 0.93
#define EXACT_ZH_BLIND 0.80

namespace {

const Span *findSpan(const std::vector<Span> &spans, const std::string &text, const std::string &type = {})
{
    for (const Span &s : spans)
        if (s.text == text && (type.empty() || s.type == type))
            return &s;
    return nullptr;
}

const Span *findType(const std::vector<Span> &spans, const std::string &type)
{
    for (const Span &s : spans)
        if (s.type == type)
            return &s;
    return nullptr;
}

// The span the engine gives a target phrase in text (an empty span when it is not found).
Span targetSpan(const Annotator &a, const std::string &text, const std::string &target)
{
    for (const Span &s : a.annotate(text, {target}))
        if (s.source == "target")
            return s;
    return Span{};
}

struct Score {
    int tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
    double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
    double f1() const
    {
        const double p = precision(), r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
    void add(bool gold, bool predicted)
    {
        tp += gold && predicted;
        fp += !gold && predicted;
        fn += gold && !predicted;
    }
};

// Runs one gold file; returns scores for negated, uncertain, historical, family and (in files
// with a seventh column) hypothetical.
std::array<Score, 5> evaluate(const QString &file, Language language, int &rows, QStringList &errors)
{
    std::array<Score, 5> scores;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return scores;
    const Annotator annotator(language);
    rows = 0;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList c = line.split(QLatin1Char('\t'));
        if (c.size() != 6 && c.size() != 7)
            continue;
        ++rows;
        const auto spans = annotator.annotate(c[0].toStdString(), {c[1].toStdString()});
        const Span *t = nullptr;
        for (const Span &s : spans)
            if (s.source == "target")
                t = &s;
        const bool pred[5] = {t && t->negated, t && t->uncertain, t && t->historical, t && t->experiencer == "family",
                              t && t->hypothetical};
        for (int a = 0; a < c.size() - 2; ++a) {
            const bool gold = c[2 + a] == QLatin1String("1");
            scores[std::size_t(a)].add(gold, pred[a]);
            if (gold != pred[a])
                errors << QStringLiteral("%1 [%2] attribute %3: gold %4").arg(c[0], c[1]).arg(a).arg(gold);
        }
        if (!t)
            errors << QStringLiteral("target not found: %1 [%2]").arg(c[0], c[1]);
    }
    return scores;
}

const char *const kAttributeNames[5] = {"negated", "uncertain", "historical", "family", "hypothetical"};

} // namespace

class TstText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokensAndSentences()
    {
        const std::u32string t = toU32("Dr. Smith saw the non-smoker at 3.5 p.m. today. Temp 38.2 C! \u80f8\u75db\u4e09\u5929\u3002");
        const auto sentences = splitSentences(t);
        QCOMPARE(int(sentences.size()), 3);
        const auto tokens = tokenize(t);
        QVERIFY(tokens.size() > 10);
        // "non-smoker" splits at the hyphen; "3.5" stays one number.
        bool sawNon = false, sawNumber = false;
        for (const Token &k : tokens) {
            const std::string s = toUtf8(t.substr(std::size_t(k.start), std::size_t(k.end - k.start)));
            sawNon = sawNon || s == "non";
            sawNumber = sawNumber || (s == "3.5" && k.kind == TokenKind::Number);
        }
        QVERIFY(sawNon && sawNumber);
        QCOMPARE(tokenKey(U"Nodules"), tokenKey(U"nodule"));
        QCOMPARE(tokenKey(U"arteries"), tokenKey(U"artery"));
        QVERIFY(tokenKey(U"mass") != tokenKey(U"mas"));
    }

    void utf8RoundTrip()
    {
        const std::string s = "Fever \u53d1\u70ed caf\u00e9 \xf0\x9f\x98\x80";
        QCOMPARE(toUtf8(toU32(s)), s);
        QCOMPARE(int(toU32(s).size()), 15);
        QCOMPARE(toU32("\xff\xfe")[0], char32_t(0xfffd)); // broken bytes become U+FFFD
    }

    void encodings()
    {
        std::string enc;
        QCOMPARE(decodeText("\xef\xbb\xbfNo fever", &enc), std::string("No fever"));
        QCOMPARE(enc, std::string("UTF-8"));
        QCOMPARE(decodeText(std::string("\xff\xfeN\0o\0", 6), &enc), std::string("No"));
        QCOMPARE(enc, std::string("UTF-16LE"));
        // "\u80f8\u75db" in GB18030 is not valid UTF-8.
        QCOMPARE(decodeText("\xd0\xd8\xcd\xb4", &enc), std::string("\xe8\x83\xb8\xe7\x97\x9b"));
        QCOMPARE(enc, std::string("GB18030"));
    }

    void deidentification()
    {
        const std::string note = "Seen by Dr. Smith on 03/14/2021. MRN: 12345678. Call (555) 123-4567. "
                                 "A 92-year-old at 12 Oak Street. Follow-up 2021-03-24. Hb 12.5, INR 1.1.";
        const DeidResult a = deidentify(note, "patient-1");
        QVERIFY(a.text.find("Smith") == std::string::npos);
        QVERIFY(a.text.find("12345678") == std::string::npos);
        QVERIFY(a.text.find("123-4567") == std::string::npos);
        QVERIFY(a.text.find("Oak Street") == std::string::npos);
        QVERIFY(a.text.find("92") == std::string::npos && a.text.find("90+") != std::string::npos);
        QVERIFY(a.text.find("03/14/2021") == std::string::npos);
        QVERIFY(a.text.find("Hb 12.5, INR 1.1.") != std::string::npos); // lab values are not PHI
        QVERIFY(a.dateShiftDays <= -30 && a.dateShiftDays >= -395);
        // The same patient always gets the same shift; the ten days between the dates survive.
        QCOMPARE(deidentify(note, "patient-1").text, a.text);
        const auto shifted = findPhi(a.text);
        int dates = 0;
        for (const auto &p : shifted)
            dates += p.category == "DATE";
        QCOMPARE(dates, 2);
        const DeidResult zh = deidentify("\u59d3\u540d\uff1a\u5f20\u4e09\uff0c2021\u5e743\u67085\u65e5\u5165\u9662\uff0c95\u5c81", "p");
        QVERIFY(zh.text.find("\u5f20\u4e09") == std::string::npos);
        QVERIFY(zh.text.find("90+") != std::string::npos);
    }

    void readsNotesFromCsvJsonlAndText()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("NOTEEVENTS.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n"
                "174,22532,167853,2151-08-04,,,Discharge summary,Report,,,\"Admission Date:  [**2151-7-16**]\n"
                "No chest pain, \"\"no\"\" fever.\"\n"
                "175,13702,107527,2118-06-14,,,Radiology,CHEST (PA & LAT),,,\"Small effusion.\"\n");
        f.close();
        const auto notes = readNotes(csv.toStdString());
        QCOMPARE(int(notes.size()), 2);
        QCOMPARE(notes[0].externalId, std::string("174"));
        QCOMPARE(notes[0].patientId, std::string("22532"));
        QCOMPARE(notes[0].noteType, std::string("Discharge summary"));
        QVERIFY(notes[0].text.find("\n") != std::string::npos); // multi-line quoted field
        QVERIFY(notes[0].text.find("\"no\" fever") != std::string::npos);
        QCOMPARE(notes[1].title, std::string("Radiology: CHEST (PA & LAT)"));

        const QString jsonl = dir.filePath(QStringLiteral("n.jsonl"));
        QFile j(jsonl);
        QVERIFY(j.open(QIODevice::WriteOnly));
        j.write("{\"id\": 7, \"text\": \"\u60a3\u8005\u5426\u8ba4\u80f8\u75db\u3002\", \"patient_id\": \"P9\"}\n\n");
        j.close();
        const auto z = readNotes(jsonl.toStdString());
        QCOMPARE(int(z.size()), 1);
        QCOMPARE(z[0].language, std::string("zh"));
        QCOMPARE(z[0].externalId, std::string("7"));

        const QString bad = dir.filePath(QStringLiteral("bad.csv"));
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("ID,BODY\n1,\"unterminated\n");
        b.close();
        try {
            readNotes(bad.toStdString());
            QFAIL("a broken CSV must not load");
        } catch (const sagitta::core::Error &e) {
            QVERIFY(std::string(e.what()).find("bad.csv") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(sagitta::core::Error, readNotes(csv.toStdString(), {"NOPE", "", "", ""}));
    }

    void lexiconFiles()
    {
        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &bytes) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return f.fileName().toStdString();
        };
        Annotator a(Language::English);
        QCOMPARE(loadLexiconFile(a, write(QStringLiteral("t.obo"),
                                          "format-version: 1.2\n\n[Term]\nid: X:1\nname: frobnitz syndrome\n"
                                          "synonym: \"FBS\" EXACT []\n\n[Typedef]\nname: part of\n"),
                                 "PROBLEM"),
                 std::size_t(2));
        QCOMPARE(loadLexiconFile(a, write(QStringLiteral("MRCONSO.RRF"),
                                          "C0000001|ENG|P|L1|PF|S1|Y|A1||||SRC|PT|1|zorblax|0|N|256|\n"
                                          "C0000001|FRE|P|L2|PF|S2|Y|A2||||SRC|PT|1|zorblaxe|0|N|256|\n"
                                          "C0000002|ENG|P|L3|PF|S3|Y|A3||||SRC|PT|2|obsoletium|0|O|256|\n"),
                                 "MEDICATION"),
                 std::size_t(1));
        QCOMPARE(loadLexiconFile(a, write(QStringLiteral("l.csv"), "term,type\nquuxoscopy,PROCEDURE\n")), std::size_t(1));
        const auto spans = a.annotate("No frobnitz syndrome or FBS; zorblax given; quuxoscopy done; obsoletium.");
        QVERIFY(findSpan(spans, "frobnitz syndrome", "PROBLEM") && findSpan(spans, "frobnitz syndrome", "PROBLEM")->negated);
        QVERIFY(findSpan(spans, "FBS", "PROBLEM"));
        QVERIFY(findSpan(spans, "zorblax", "MEDICATION"));
        QVERIFY(findSpan(spans, "quuxoscopy", "PROCEDURE"));
        QVERIFY(!findSpan(spans, "obsoletium")); // suppressed in MRCONSO
        QVERIFY_THROWS_EXCEPTION(sagitta::core::Error, loadLexiconFile(a, write(QStringLiteral("bad.rrf"), "a|b\n")));
    }

    void lexiconLongestMatchCaseAndPlural()
    {
        const Annotator a(Language::English);
        QVERIFY(a.lexiconSize() > 3000); // thousands of terms, ours
        const auto spans = a.annotate("Two Pulmonary Nodules and a pleural effusion. Type 2 diabetes mellitus.");
        QVERIFY(findSpan(spans, "Pulmonary Nodules", "PROBLEM"));
        QVERIFY(findSpan(spans, "pleural effusion", "PROBLEM"));
        QVERIFY(findSpan(spans, "Type 2 diabetes mellitus", "PROBLEM")); // longest, not "diabetes"
        QVERIFY(!findSpan(spans, "effusion"));
    }

    void chineseMatchesOverCharacters()
    {
        const Annotator a(Language::Chinese);
        QVERIFY(a.lexiconSize() > 2500);
        const auto spans = a.annotate("\u60a3\u8005\u5426\u8ba4\u54af\u8840\u3001\u53d1\u70ed\u3002\u53f3\u80ba\u4e0a\u53f6\u89c1\u4e00\u5b9e\u6027\u7ed3\u8282\u3002");
        const Span *h = findSpan(spans, "\u54af\u8840", "PROBLEM");
        QVERIFY(h && h->negated);
        const Span *f = findSpan(spans, "\u53d1\u70ed", "PROBLEM");
        QVERIFY(f && f->negated);
        const Span *n = findSpan(spans, "\u5b9e\u6027\u7ed3\u8282", "PROBLEM"); // longest: "solid nodule"
        QVERIFY(n && !n->negated);
        QVERIFY(findSpan(spans, "\u53f3\u80ba\u4e0a\u53f6", "ANATOMY"));
        QCOMPARE(detectLanguage("\u60a3\u8005\u5426\u8ba4\u80f8\u75db"), Language::Chinese);
        QCOMPARE(detectLanguage("No chest pain"), Language::English);
    }

    void medicationAttributesAndLabValues()
    {
        const Annotator a(Language::English);
        const auto spans = a.annotate("MEDICATIONS: Metformin 500 mg PO twice daily for 7 days. Creatinine 1.8 mg/dL.");
        const Span *m = findSpan(spans, "Metformin", "MEDICATION");
        QVERIFY(m);
        QCOMPARE(QString::fromStdString(m->details.at("dose")), QStringLiteral("500 mg"));
        QCOMPARE(QString::fromStdString(m->details.at("route")), QStringLiteral("PO"));
        QCOMPARE(QString::fromStdString(m->details.at("frequency")), QStringLiteral("twice daily"));
        QCOMPARE(QString::fromStdString(m->details.at("duration")), QStringLiteral("for 7 days"));
        QVERIFY(findSpan(spans, "500 mg", "DOSE"));
        QCOMPARE(QString::fromStdString(m->section), QStringLiteral("medications"));
        const Span *c = findSpan(spans, "Creatinine", "TEST");
        QVERIFY(c);
        QCOMPARE(QString::fromStdString(c->details.at("value")), QStringLiteral("1.8"));
        QCOMPARE(QString::fromStdString(c->details.at("unit")), QStringLiteral("mg/dL"));
        const Annotator zh(Language::Chinese);
        const auto z = zh.annotate("\u65e2\u5f80\u53f2\uff1a\u7cd6\u5c3f\u75c510\u5e74\uff0c\u53e3\u670d\u4e8c\u7532\u53cc\u80cd500mg \u6bcf\u65e5\u4e24\u6b21\u3002");
        const Span *d = findSpan(z, "\u4e8c\u7532\u53cc\u80cd", "MEDICATION");
        QVERIFY(d);
        QCOMPARE(QString::fromStdString(d->details.at("dose")), QStringLiteral("500mg"));
        QCOMPARE(QString::fromStdString(d->details.at("route")), QStringLiteral("\u53e3\u670d"));
        QCOMPARE(QString::fromStdString(d->details.at("frequency")), QStringLiteral("\u6bcf\u65e5\u4e24\u6b21"));
        const Span *dm = findSpan(z, "\u7cd6\u5c3f\u75c5", "PROBLEM");
        QVERIFY(dm && dm->historical); // past medical history section
    }

    // A medication list: each drug takes its own dose, and each dose is reported once (the first
    // drug's scan used to run on into the second's dose, which then came out twice).
    void medicationListDosesOnce()
    {
        for (const auto &[language, note] : {std::pair{Language::Chinese, "\u957f\u671f\u533b\u5631\uff1a\u963f\u53f8\u5339\u6797 100mg qd\uff0c\u6c2f\u5421\u683c\u96f7 75mg qd\uff0c\u963f\u6258\u4f10\u4ed6\u6c40 20mg qn\u3002"},
                                            std::pair{Language::English, "Medications: aspirin 325 mg daily, clopidogrel 75 mg daily, atorvastatin 40 mg nightly."}}) {
            const Annotator a(language);
            const auto spans = a.annotate(note);
            int doses = 0;
            QStringList medications;
            for (const Span &s : spans) {
                doses += s.type == "DOSE" ? 1 : 0;
                if (s.type == "MEDICATION")
                    medications << QString::fromStdString(s.text + "=" + (s.details.count("dose") ? s.details.at("dose") : std::string()));
            }
            QCOMPARE(doses, 3);
            const QStringList want = language == Language::Chinese
                                         ? QStringList{QStringLiteral("\u963f\u53f8\u5339\u6797=100mg"), QStringLiteral("\u6c2f\u5421\u683c\u96f7=75mg"), QStringLiteral("\u963f\u6258\u4f10\u4ed6\u6c40=20mg")}
                                         : QStringList{QStringLiteral("aspirin=325 mg"), QStringLiteral("clopidogrel=75 mg"), QStringLiteral("atorvastatin=40 mg")};
            QCOMPARE(medications, want);
        }
        // A Chinese course is the number and its unit, not the character before ("6周期" is cycles).
        const Annotator zh(Language::Chinese);
        const auto spans = zh.annotate("\u4e88\u5934\u5b62\u66f2\u677e\u6297\u611f\u67d37\u5929\u3002");
        QVERIFY(findSpan(spans, "7\u5929", "DURATION"));
        QVERIFY(!findType(zh.annotate("\u4e88FOLFOX\u65b9\u6848\u5316\u7597 6\u5468\u671f\u3002"), "DURATION"));
    }

    void sectionsSetContext()
    {
        const Annotator a(Language::English);
        const auto spans = a.annotate("PAST MEDICAL HISTORY: Hypertension.\nFAMILY HISTORY: Colon cancer.\nIMPRESSION: Pneumonia.");
        QVERIFY(findSpan(spans, "Hypertension")->historical);
        QCOMPARE(findSpan(spans, "Colon cancer")->experiencer, std::string("family"));
        const Span *p = findSpan(spans, "Pneumonia");
        QVERIFY(!p->historical && p->experiencer == "patient");
        QCOMPARE(p->section, std::string("impression"));
        QVERIFY(!findSpan(a.annotate("ALLERGIES: Penicillin."), "ALLERGIES")); // a header is no concept
    }

    // "ruled out for X" negates what follows; "X was ruled out" what precedes; "rule out X"
    // leaves it possible.
    void ruledOutBothWays()
    {
        const Annotator a(Language::English);
        auto target = [&](const std::string &text, const std::string &t) { return targetSpan(a, text, t); };
        QVERIFY(target("He was ruled out for myocardial infarction.", "myocardial infarction").negated);
        QVERIFY(target("Myocardial infarction was ruled out.", "Myocardial infarction").negated);
        const Span r = target("Rule out pulmonary embolism.", "pulmonary embolism");
        QVERIFY(r.uncertain && !r.negated);
        QVERIFY(target("CT unremarkable for acute hemorrhage.", "acute hemorrhage").negated);
    }

    // A negation reaches the end of a list of concepts however long, but not free text beyond
    // its window.
    void negationAcrossAList()
    {
        const Annotator a(Language::English);
        const auto spans = a.annotate("Denies fever, chills, nausea, vomiting, diarrhea, constipation, melena, hematochezia, "
                                      "dysuria, or hematuria.");
        QVERIFY(findSpan(spans, "hematuria") && findSpan(spans, "hematuria")->negated);
        const auto prose = a.annotate("No fever was recorded during the long night shift by the nurses on the ward, and "
                                      "today she reports a cough.");
        QVERIFY(findSpan(prose, "fever")->negated);
        QVERIFY(!findSpan(prose, "cough")->negated);
        QVERIFY(targetSpan(a, "He was started on heparin for presumed pulmonary embolism.", "pulmonary embolism").uncertain);
    }

    // "non" negates only the word it is joined to; pseudo-triggers and "not clear whether"
    // are not negations.
    void triggersThatAreNotNegations()
    {
        const Annotator a(Language::English);
        auto target = [&](const std::string &text, const std::string &t) { return targetSpan(a, text, t); };
        QVERIFY(target("The patient is a non-smoker.", "smoker").negated);
        QVERIFY(!target("A non-contrast head CT showed a subdural hematoma.", "subdural hematoma").negated);
        QVERIFY(!target("Biopsy confirmed non-small cell lung cancer.", "lung cancer").negated);
        QVERIFY(!target("Gram-negative bacteremia was treated with cefepime.", "bacteremia").negated);
        QVERIFY(!target("No improvement in her dyspnea was noted.", "dyspnea").negated);
        const Span m = target("Not clear whether the lesion represents metastasis.", "metastasis");
        QVERIFY(m.uncertain && !m.negated);
    }

    // A long note is read in windows; what it finds is what one pass over the whole note finds
    // (sections carried across windows, offsets in the whole note), and a note without any
    // sentence end is cut into bounded sentences instead of one that grows without end.
    void longNotesInWindows()
    {
        const Annotator en(Language::English);
        std::string note;
        for (int n = 0; note.size() < 9000; ++n) {
            note += n % 3 == 0 ? "Family history:\n" : n % 3 == 1 ? "Past medical history:\n" : "Assessment:\n";
            note += "Hypertension and diabetes. Denies chest pain. Possible pneumonia of the left lung. \u80ba\u708e noted.\n";
        }
        std::vector<Span> whole, windowed;
        en.annotateInWindows(note, [&](std::vector<Span> &s) { whole.insert(whole.end(), s.begin(), s.end()); }, {"left lung"},
                             std::size_t(1) << 30);
        int windows = 0;
        en.annotateInWindows(note, [&](std::vector<Span> &s) {
            ++windows;
            windowed.insert(windowed.end(), s.begin(), s.end());
        }, {"left lung"}, 1024);
        QVERIFY(windows >= 8);
        QCOMPARE(windowed.size(), whole.size());
        int targets = 0;
        for (std::size_t n = 0; n < whole.size(); ++n) {
            QCOMPARE(windowed[n].start, whole[n].start);
            QCOMPARE(windowed[n].end, whole[n].end);
            QCOMPARE(windowed[n].type, whole[n].type);
            QCOMPARE(windowed[n].section, whole[n].section);
            QCOMPARE(windowed[n].negated, whole[n].negated);
            QCOMPARE(windowed[n].historical, whole[n].historical);
            QCOMPARE(windowed[n].experiencer, whole[n].experiencer);
            targets += windowed[n].type == "TARGET";
        }
        QCOMPARE(targets, 1); // the first occurrence only, as in one pass
        const std::u32string noStops(20000, U'a');
        std::u32string words;
        for (int n = 0; n < 5000; ++n)
            words += U"word ";
        for (const std::u32string &t : {noStops, words})
            for (const Range &r : splitSentences(t))
                QVERIFY(r.end - r.start <= 2 * 4096 + 1);
    }

    // JSONL notes are streamed line by line: fields read where simdjson finds them, anything it
    // does not take read by a full parse, so ids, targets and messages are those of nlohmann's.
    void jsonlNotesStream()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.jsonl"));
        std::string longText(3u << 20, 'a'); // longer than the reader's first buffer
        QByteArray content = "\xef\xbb\xbf{\"id\": 5, \"text\": \"fever\", \"patient_id\": [1, {\"a\": null}]}\n"
                             "{\"targets\": [\"t\", 3, \"u\\u00e9\"], \"text\": \"x\\ny \\\"q\\\"\", \"id\": \"a\\u0041\"}\n"
                             "   \r\n"
                             "not json\n"
                             "{\"id\": 1.50, \"text\": \"slow\"}\n"
                             "{\"id\": 2, \"text\": 3}\n"
                             "{\"id\": 3, \"text\": \"a\"} trailing\n"
                             "{\"id\": 4, \"text\": \"raw\ttab\"}\n"
                             "{\"text\": \"first\", \"text\": \"second\", \"targets\": [\"x\"], \"targets\": 7}\n";
        content += QByteArray("{\"text\": \"") + QByteArray::fromStdString(longText) + "\"}\n";
        content += QByteArray("{\"id\": \"gb\", \"text\": \"") + QByteArray::fromHex("bbbcd5dfb7f1c8cfd0d8cdb4") + "\"}\n";
        content += "{\"id\": -0, \"text\": \"no newline at the end\"}";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();

        JsonlNoteReader reader(path.toStdString());
        JsonlNote n;
        QVERIFY(reader.next(n));
        QCOMPARE(n.line, 1);
        QCOMPARE(n.id, std::string("5"));
        QCOMPARE(std::string(n.text), std::string("fever"));
        QVERIFY(n.problem.empty() && n.targets.empty());
        QVERIFY(reader.next(n));
        QCOMPARE(n.line, 2);
        QCOMPARE(n.id, std::string("\"aA\"")); // as nlohmann writes it: unescaped
        QCOMPARE(std::string(n.text), std::string("x\ny \"q\""));
        QCOMPARE(n.targets, (std::vector<std::string>{"t", "u\u00e9"}));
        QVERIFY(reader.next(n)); // line 3 is blank
        QCOMPARE(n.line, 4);
        QVERIFY(n.problem.rfind("not JSON (error at byte ", 0) == 0);
        QVERIFY(reader.next(n));
        QCOMPARE(n.id, std::string("1.5"));
        QCOMPARE(std::string(n.text), std::string("slow"));
        QVERIFY(reader.next(n));
        QCOMPARE(n.problem, std::string("no \"text\" string"));
        QVERIFY(reader.next(n));
        QVERIFY(n.problem.rfind("not JSON", 0) == 0); // trailing content
        QVERIFY(reader.next(n));
        QVERIFY(n.problem.rfind("not JSON", 0) == 0); // a raw tab inside a string
        QVERIFY(reader.next(n));
        QCOMPARE(std::string(n.text), std::string("second")); // the last of a repeated key, as a full parse
        QVERIFY(n.targets.empty() && n.id.empty());
        QVERIFY(reader.next(n));
        QCOMPARE(n.text.size(), longText.size());
        QVERIFY(reader.next(n));
        QCOMPARE(std::string(n.text), std::string("\u60a3\u8005\u5426\u8ba4\u80f8\u75db")); // GB18030 on its own line
        QCOMPARE(n.replaced, 0);
        QVERIFY(reader.next(n));
        QCOMPARE(n.line, 12);
        QCOMPARE(n.id, std::string("0"));
        QCOMPARE(std::string(n.text), std::string("no newline at the end"));
        QVERIFY(!reader.next(n));
        QVERIFY_THROWS_EXCEPTION(sagitta::core::Error, JsonlNoteReader(dir.filePath(QStringLiteral("missing.jsonl")).toStdString()));
    }

    // Ambiguous abbreviations by the words around them (resources/text/abbrev_context_en.tsv) and
    // the span grammar's boundaries (modifiers, adjectives, sizes, stages, vessel segments).
    void abbreviationsAndBoundaries()
    {
        const Annotator en{Language::English};
        QVERIFY(findSpan(en.annotate("CTA chest positive for PE, started heparin."), "PE", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("PE: NAD, HEENT unremarkable."), "PE", "TEST"));
        auto spans = en.annotate("T 38.4, HR 112, O2 sat 91% RA, RR 24.");
        QVERIFY(!findSpan(spans, "RA"));
        QVERIFY(findSpan(spans, "O2 sat", "TEST"));
        QVERIFY(findSpan(en.annotate("History of RA on methotrexate."), "RA", "PROBLEM"));
        spans = en.annotate("ANA positive; C3 and C4 low.");
        QVERIFY(findSpan(spans, "C3", "TEST"));
        QVERIFY(findSpan(spans, "C4", "TEST"));
        QVERIFY(findSpan(en.annotate("Diagnostic paracentesis to rule out SBP."), "SBP", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("SBP 90 overnight."), "SBP", "TEST"));
        QVERIFY(findSpan(en.annotate("Pt with PT/OT eval today."), "PT/OT", "PROCEDURE"));
        QVERIFY(findSpan(en.annotate("PT 14.1, INR 1.3."), "PT", "TEST"));
        QVERIFY(!findSpan(en.annotate("Methylphenidate ER 36 mg every morning."), "ER"));
        QVERIFY(findSpan(en.annotate("He has eosinophilic esophagitis."), "eosinophilic esophagitis", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Exam with ascending weakness."), "ascending weakness", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Incidental 4 mm nodule was noted."), "4 mm nodule", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Occlusion of the right M1 segment."), "Occlusion of the right M1 segment", "PROBLEM"));
        QVERIFY(!findSpan(en.annotate("Several nodules were seen."), "Several nodules"));
        QVERIFY(findSpan(en.annotate("Course complicated by cytokine release syndrome."), "cytokine release syndrome", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("If inadequate response, start a TNF inhibitor."), "TNF inhibitor", "MEDICATION"));
        QVERIFY(!findSpan(en.annotate("The syndrome resolved."), "The syndrome"));
        // The convention's examples: imaging with its site, laterality and sub-parts with anatomy,
        // spine levels as one span, acuity and exertion with the problem.
        QVERIFY(findSpan(en.annotate("Renal ultrasound was ordered."), "Renal ultrasound", "TEST"));
        QVERIFY(findSpan(en.annotate("We obtained a CT of the chest today."), "CT of the chest", "TEST"));
        QVERIFY(findSpan(en.annotate("Thrombus in the left atrium."), "left atrium", "ANATOMY"));
        QVERIFY(findSpan(en.annotate("Disc bulge at C5-C6 is seen."), "C5-C6", "ANATOMY"));
        QVERIFY(findSpan(en.annotate("Tear of the posterior horn of the medial meniscus."), "Tear of the posterior horn of the medial meniscus", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Admitted with acute on chronic systolic heart failure."), "acute on chronic systolic heart failure", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Reports exertional dyspnea."), "exertional dyspnea", "PROBLEM"));
        // Names take their modifiers and hyphenated words; organisms as "G. species"; a service is
        // no concept; Chinese findings take 症 but not the 症 of 症状.
        QVERIFY(findSpan(en.annotate("Known IgG4-related disease."), "IgG4-related disease", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Rheum: adult-onset Still disease."), "adult-onset Still disease", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Urine culture grew E. coli resistant to ciprofloxacin."), "E. coli", "PROBLEM"));
        spans = en.annotate("Labs: Na 132, K 5.8, Cr: 1.9; T 38.4. Vitamin K given.");
        QVERIFY(findSpan(spans, "K", "TEST"));
        QVERIFY(findSpan(spans, "Cr", "TEST"));
        QVERIFY(findSpan(spans, "T", "TEST"));
        QVERIFY(!findSpan(spans, "K", "MEDICATION"));
        spans = en.annotate("CT surgery consulted for valve replacement.");
        QVERIFY(!findSpan(spans, "CT"));
        QVERIFY(!findSpan(spans, "surgery"));
        // An organism the lexicon knows joins its infection; a head that is a term on its own still
        // takes the words before it; a percentage or grade joins the finding; a finding noun joins its site.
        QVERIFY(findSpan(en.annotate("He was treated for MSSA bacteremia with cefazolin."), "MSSA bacteremia", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Course complicated by Clostridioides difficile colitis."), "Clostridioides difficile colitis", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("He had carbon monoxide poisoning."), "carbon monoxide poisoning", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Day +5, grade 2 cytokine release syndrome."), "grade 2 cytokine release syndrome", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Cath showed 90% stenosis of the mid RCA."), "90% stenosis of the mid RCA", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Known submandibular gland enlargement."), "submandibular gland enlargement", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("Scheduled for right shoulder reconstruction."), "right shoulder reconstruction", "PROCEDURE"));
        QVERIFY(findSpan(en.annotate("Admitted with new-onset atrial fibrillation."), "new-onset atrial fibrillation", "PROBLEM"));
        QVERIFY(findSpan(en.annotate("CT shows a dilated common bile duct."), "dilated common bile duct", "PROBLEM")); // a state of a site
        QVERIFY(findSpan(en.annotate("There is a 2.1 x 1.8 cm hypoechoic nodule."), "2.1 x 1.8 cm hypoechoic nodule", "PROBLEM")); // a size's dimensions
        QVERIFY(findSpan(en.annotate("Continue metoprolol succinate 50 mg daily."), "metoprolol succinate", "MEDICATION")); // a salt after a drug
        QVERIFY(findSpan(en.annotate("Give PO vancomycin."), "PO vancomycin", "MEDICATION")); // a route before it, as "oral" and "IV"
        const Annotator zh{Language::Chinese};
        QVERIFY(findSpan(zh.annotate("主诉：突发胸痛2小时。"), "突发胸痛", "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("血磷2.1mmol/L，高磷血症。"), "高磷血症", "PROBLEM"));
        QVERIFY(!findSpan(zh.annotate("暂停免疫治疗。"), "免疫治疗")); // a generic treatment word alone
        QVERIFY(findSpan(zh.annotate("最高体温39.2℃。"), "体温", "TEST")); // a vital sign before its value
        QVERIFY(!findSpan(zh.annotate("予物理降温后体温下降。"), "体温"));
        QVERIFY(findSpan(zh.annotate("患者行右股骨头置换，术后恢复好。"), "右股骨头置换", "PROCEDURE")); // a site before a procedure head
        QVERIFY(findSpan(zh.annotate("出院诊断：急性结石性胆囊炎。"), "急性结石性胆囊炎", "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("提示原发性甲状旁腺功能亢进症。"), "原发性甲状旁腺功能亢进症", "PROBLEM"));
        QVERIFY(!findSpan(zh.annotate("高血压症状不明显。"), "高血压症"));
        QVERIFY(findSpan(zh.annotate("予度普利尤单抗治疗。"), "度普利尤单抗", "MEDICATION")); // a drug stem after transliteration
        QVERIFY(findSpan(zh.annotate("化疗后出现Ⅱ度骨髓抑制。"), "Ⅱ度骨髓抑制", "PROBLEM"));
        // A site takes the free characters after it that end in a finding's tail; a site beside a
        // site is one site; a scope takes the operation done through it.
        QVERIFY(findSpan(zh.annotate("胆囊周围炎。"), "胆囊周围炎", "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("双侧卵巢多囊样改变。"), "双侧卵巢多囊样改变", "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("左侧脑室旁白质软化。"), "左侧脑室旁白质软化", "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("行胸腔镜下胸腺切除术。"), "胸腔镜下胸腺切除术", "PROCEDURE"));
        // An allergy history names the drug, not a finding; a site before 外科 names a service.
        QVERIFY(zh.annotate("否认药物过敏史。").empty());
        QVERIFY(findSpan(zh.annotate("用药后出现过敏反应。"), "过敏反应", "PROBLEM"));
        QVERIFY(zh.annotate("转乳腺外科进一步治疗。").empty());
        // The 化疗 convention of the gold sets: a chemotherapy or radiotherapy word alone is no
        // concept (化疗后), nor a course right after the drugs it gives (the drugs are the
        // concepts); a named course on its own is a procedure (辅助化疗, 辅助放疗).
        for (const char *note : {"化疗后出现骨髓抑制。", "予维奈克拉联合阿扎胞苷诱导化疗。", "予FOLFOX方案化疗。", "行放疗。"})
            QVERIFY2(!findType(zh.annotate(note), "PROCEDURE"), note);
        QVERIFY(findSpan(zh.annotate("予FOLFOX方案化疗。"), "FOLFOX", "MEDICATION"));
        QVERIFY(findSpan(zh.annotate("术后行新辅助化疗。"), "新辅助化疗", "PROCEDURE"));
        QVERIFY(findSpan(zh.annotate("行辅助放疗25次。"), "辅助放疗", "PROCEDURE"));
        // The anaesthesia an operation is done under is no concept; the operation is.
        spans = zh.annotate("全麻下行腹腔镜阑尾切除术。");
        QVERIFY(!findSpan(spans, "全麻"));
        QVERIFY(findSpan(spans, "腹腔镜阑尾切除术", "PROCEDURE"));
        QVERIFY(findSpan(zh.annotate("肝脾肋下未触及。"), "肝脾", "ANATOMY"));
        // A change after 较前 is no finding of its own; a state before a site ending its clause is
        // the site's finding.
        QVERIFY(!findSpan(zh.annotate("病灶较前增大。"), "增大"));
        QVERIFY(findSpan(zh.annotate("纵隔内未见肿大淋巴结。"), "肿大淋巴结", "PROBLEM"));
        // The blood an operation lost is a measurement; a finding or lab that a treatment aims at
        // is no concept ("抗血小板", "纠正酸中毒").
        QVERIFY(!findType(zh.annotate("手术顺利，术中出血约10ml。"), "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("皮下出血2处。"), "皮下出血", "PROBLEM"));
        QVERIFY(zh.annotate("予双联抗血小板治疗。").empty());
        QVERIFY(zh.annotate("予纠正酸中毒治疗。").empty());
        QVERIFY(findSpan(zh.annotate("复查血小板计数。"), "血小板计数", "TEST"));
        QVERIFY(findSpan(zh.annotate("（胃窦）慢性非萎缩性胃炎。"), "慢性非萎缩性胃炎", "PROBLEM"));
        QVERIFY(findSpan(zh.annotate("入院诊断：1.肺部感染 2.2型糖尿病"), "肺部感染", "PROBLEM")); // list items stay apart
        QVERIFY(findSpan(zh.annotate("T8-T10椎体及附件骨质破坏。"), "T8-T10椎体及附件骨质破坏", "PROBLEM")); // sites sharing a finding
        QVERIFY(findSpan(zh.annotate("气管及主支气管通畅。"), "气管", "ANATOMY"));
        QVERIFY(findSpan(zh.annotate("行经导管动脉化疗栓塞术。"), "经导管动脉化疗栓塞术", "PROCEDURE"));
        // Terms must stand as words (segmentation over segwords_zh.tsv) and not follow an action.
        spans = zh.annotate("各瓣膜听诊区未闻及病理性杂音。");
        QVERIFY(!findSpan(spans, "病理"));
        QVERIFY(findSpan(spans, "病理性杂音", "PROBLEM"));
        QVERIFY(!findSpan(zh.annotate("予四联抗结核治疗。"), "结核"));
        QVERIFY(findSpan(zh.annotate("既往肺结核病史。"), "肺结核", "PROBLEM"));
    }

    // Entity finding (issue 13) on gold sets written by people who never saw the lexicons
    // (tests/data/text/entities_*.txt). Part 1 is the even sentences, the half the rules were
    // tuned on; part 2 the odd ones, held out; part 0 a whole file (a set nobody tuned on). Exact
    // and overlap P/R/F1 per type; floors fail the test. Another gold set is one more row here.
    void entityGold_data()
    {
        struct GoldSet {
            const char *tag, *file;
            Language language;
            int part;
            int minSentences;
            double overlapF1, precision, exactF1;
        };
        const GoldSet sets[] = {
            {"English tuning", "entities_en.txt", Language::English, 1, 260, OVERLAP_EN_TUNE, PRECISION_EN, EXACT_EN_TUNE},
            {"English held out", "entities_en.txt", Language::English, 2, 260, OVERLAP_EN_HELD, PRECISION_EN, EXACT_EN_HELD},
            {"Chinese tuning", "entities_zh.txt", Language::Chinese, 1, 170, OVERLAP_ZH_TUNE, PRECISION_ZH, EXACT_ZH_TUNE},
            {"Chinese held out", "entities_zh.txt", Language::Chinese, 2, 170, OVERLAP_ZH_HELD, PRECISION_ZH, EXACT_ZH_HELD},
            // Written blind (a helper who never saw the rules, lexicons or the sets above) after
            // the rules, and never tuned on: every sentence counts.
            {"English blind", "entities_blind_en.txt", Language::English, 0, 340, OVERLAP_EN_BLIND, PRECISION_EN_BLIND, EXACT_EN_BLIND},
            {"Chinese blind", "entities_blind_zh.txt", Language::Chinese, 0, 170, OVERLAP_ZH_BLIND, PRECISION_ZH_BLIND, EXACT_ZH_BLIND},
        };
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("language");
        QTest::addColumn<int>("part");
        QTest::addColumn<int>("minSentences");
        QTest::addColumn<double>("overlapF1Floor");
        QTest::addColumn<double>("precisionFloor");
        QTest::addColumn<double>("exactF1Floor");
        for (const GoldSet &g : sets)
            QTest::newRow(g.tag) << QStringLiteral(SAGITTA_TEST_DATA "/text/") + QLatin1String(g.file) << int(g.language) << g.part
                                 << g.minSentences << g.overlapF1 << g.precision << g.exactF1;
    }

    void entityGold()
    {
        QFETCH(QString, file);
        QFETCH(int, language);
        QFETCH(int, part);
        QFETCH(int, minSentences);
        QFETCH(double, overlapF1Floor);
        QFETCH(double, precisionFloor);
        QFETCH(double, exactF1Floor);
        QFile f(file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
        const auto gold = parseEntityGold(f.readAll().toStdString(), part);
        QVERIFY(gold.size() >= std::size_t(minSentences));
        const Annotator annotator{Language(language)};
        const EntityScore score = scoreEntities(annotator, gold);
        qInfo("%s", formatEntityScore(QTest::currentDataTag(), score).c_str());
        qInfo("%s: overlap F1 %.3f (floor %.2f), overlap P %.3f (floor %.2f), exact F1 %.3f (floor %.2f)", QTest::currentDataTag(),
              score.all.overlapF(), overlapF1Floor, score.all.overlapP(), precisionFloor, score.all.exactF(), exactF1Floor);
        if (qEnvironmentVariableIsSet("SAGITTA_TEXT_ERRORS")) {
            for (const std::string &e : score.misses)
                qInfo("MISS %s", e.c_str());
            for (const std::string &e : score.falseAlarms)
                qInfo("FALSE %s", e.c_str());
        }
        QVERIFY(score.all.gold > 100);
        QVERIFY2(score.all.overlapF() >= overlapF1Floor, "overlap F1 below its floor");
        QVERIFY2(score.all.overlapP() >= precisionFloor, "overlap precision below its floor");
        QVERIFY2(score.all.exactF() >= exactF1Floor, "exact F1 below its floor");
    }

    void goldAccuracy_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("language");
        QTest::addColumn<double>("negationFloor");
        QTest::addColumn<double>("otherFloor");
        QTest::newRow("English") << QStringLiteral(SAGITTA_TEST_DATA "/text/gold_en.tsv") << int(Language::English) << 0.95 << 0.90;
        QTest::newRow("Chinese") << QStringLiteral(SAGITTA_TEST_DATA "/text/gold_zh.tsv") << int(Language::Chinese) << 0.95 << 0.90;
    }

    void goldAccuracy()
    {
        QFETCH(QString, file);
        QFETCH(int, language);
        QFETCH(double, negationFloor);
        QFETCH(double, otherFloor);
        int rows = 0;
        QStringList errors;
        const auto scores = evaluate(file, Language(language), rows, errors);
        QVERIFY(rows >= (language == int(Language::English) ? 300 : 150));
        const char *const *names = kAttributeNames;
        for (int a = 0; a < 4; ++a) {
            const Score &s = scores[std::size_t(a)];
            qInfo("%s %-10s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d, %d sentences)", QTest::currentDataTag(), names[a],
                  s.precision(), s.recall(), s.f1(), s.tp, s.fp, s.fn, rows);
        }
        if (qEnvironmentVariableIsSet("SAGITTA_TEXT_ERRORS"))
            for (const QString &e : errors)
                qInfo("%s", qPrintable(e));
        QVERIFY2(scores[0].f1() >= negationFloor, "negation F1 below its floor");
        for (int a = 1; a < 4; ++a)
            QVERIFY2(scores[std::size_t(a)].f1() >= otherFloor, names[a]);
    }

    // Sentences of the kinds rules used to get wrong (issue 11: durations, history sections,
    // list markers, terminators across categories, instructions, pseudo-triggers, Chinese words
    // bound to a negation, backward and trailing cues), written before the rules that handle
    // them. Accuracy per attribute (rows where gold and engine agree) and F1 have floors.
    void contextRulesGeneralise_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("language");
        QTest::addColumn<int>("minRows");
        QTest::newRow("English") << QStringLiteral(SAGITTA_TEST_DATA "/text/context_extra_en.tsv") << int(Language::English) << 60;
        QTest::newRow("Chinese") << QStringLiteral(SAGITTA_TEST_DATA "/text/context_extra_zh.tsv") << int(Language::Chinese) << 40;
        QTest::newRow("English held out") << QStringLiteral(SAGITTA_TEST_DATA "/text/context_heldout_en.tsv") << int(Language::English) << 30;
        QTest::newRow("Chinese held out") << QStringLiteral(SAGITTA_TEST_DATA "/text/context_heldout_zh.tsv") << int(Language::Chinese) << 20;
    }

    void contextRulesGeneralise()
    {
        QFETCH(QString, file);
        QFETCH(int, language);
        QFETCH(int, minRows);
        int rows = 0;
        QStringList errors;
        const auto scores = evaluate(file, Language(language), rows, errors);
        QVERIFY(rows >= minRows);
        for (int a = 0; a < 5; ++a) {
            const Score &s = scores[std::size_t(a)];
            const int wrong = s.fp + s.fn;
            qInfo("%s %-12s accuracy %.3f (%d of %d rows wrong) P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", QTest::currentDataTag(),
                  kAttributeNames[a], 1.0 - double(wrong) / rows, wrong, rows, s.precision(), s.recall(), s.f1(), s.tp, s.fp, s.fn);
        }
        if (qEnvironmentVariableIsSet("SAGITTA_TEXT_ERRORS"))
            for (const QString &e : errors)
                qInfo("%s", qPrintable(e));
        for (int a = 0; a < 5; ++a) {
            const Score &s = scores[std::size_t(a)];
            QVERIFY2(1.0 - double(s.fp + s.fn) / rows >= 0.95, kAttributeNames[a]);
            if (s.tp + s.fn >= 5) // F1 means something only with a few positives
                QVERIFY2(s.f1() >= 0.90, kAttributeNames[a]);
        }
    }
};

QTEST_GUILESS_MAIN(TstText)
#include "tst_text.moc"
