// Text de-identification against the synthetic gold sets tests/data/text/deid_en.txt and
// deid_zh.txt (written before the rules). Even notes are the tuning half, odd notes the held-out
// half; the floors below are what the held-out half reached minus a small margin, so a change that
// loses identifiers fails here. Two more sets by helpers that saw only the conventions: a second
// development set (deid_dev_*.txt, tuned on) and a blind set (deid_blind_*.txt, never tuned on).
// SAGITTA_DEID_DETAIL=1 prints what the tuning sets miss, with context; SAGITTA_DEID_SHAPES=1 what
// the held-out half and the blind sets miss, only as counts of category and shape.
#include "core/text/coderegex.h"
#include "core/text/deid.h"
#include "core/text/deidscore.h"
#include "core/text/unicode.h"

#include <QFile>
#include <QtTest>

#include <map>

using namespace sagitta::core::text;

class TstDeid : public QObject {
    Q_OBJECT

    static std::vector<GoldNote> load(const char *name)
    {
        QFile f(QStringLiteral(SAGITTA_TEST_DATA "/text/") + QLatin1String(name));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", name);
        const QByteArray bytes = f.readAll();
        return parseDeidGold(std::string(bytes.constData(), std::size_t(bytes.size())));
    }

    static void report(const char *what, const DeidScore &s, bool detail = false)
    {
        qInfo("%s\n%s", what, formatDeidScore(s).c_str());
        if (detail && qEnvironmentVariableIsSet("SAGITTA_DEID_DETAIL")) {
            for (const std::string &m : s.misses)
                qInfo("  miss  %s", m.c_str());
            for (const std::string &m : s.falseHits)
                qInfo("  extra %s", m.c_str());
        }
        if (!detail && qEnvironmentVariableIsSet("SAGITTA_DEID_SHAPES")) {
            for (const auto &[k, n] : s.missShapes)
                qInfo("  miss shape  %3d  %s", n, k.c_str());
            for (const auto &[k, n] : s.falseHitShapes)
                qInfo("  extra shape %3d  %s", n, k.c_str());
            for (const auto &[k, n] : s.falseHitRules)
                qInfo("  extra layer %3d  %s", n, k.c_str());
        }
    }

    struct Floors {
        double names, dates, ids, locations, contacts, overall, maxClinical;
    };
    static void check(const DeidScore &s, const Floors &f)
    {
        QVERIFY2(s.groups[0].recall() >= f.names, "names recall fell");
        QVERIFY2(s.groups[1].recall() >= f.dates, "dates recall fell");
        QVERIFY2(s.groups[2].recall() >= f.ids, "IDs recall fell");
        QVERIFY2(s.groups[3].recall() >= f.locations, "locations recall fell");
        QVERIFY2(s.groups[4].recall() >= f.contacts, "contacts recall fell");
        QVERIFY2(s.overall.recall() >= f.overall, "overall recall fell");
        QVERIFY2(s.otherRemovedShare() <= f.maxClinical, "too many clinical words removed");
    }

    // A whole set scored, reported (its misses with SAGITTA_DEID_DETAIL when it is a tuning set) and
    // checked against its floors.
    static void scoreSet(const char *file, const char *what, bool tuning, const Floors &f)
    {
        const DeidScore s = scoreDeid(load(file), 1, 0);
        report(what, s, tuning);
        check(s, f);
    }

private Q_SLOTS:
    void codeRegexKeepsPreference()
    {
        // Literal alternations become tries; the first listed word that matches still wins, and
        // back references, lookahead and the iterator's restart point behave as std::regex's.
        using Spans = std::vector<std::pair<int, int>>;
        QCOMPARE(CodeRegex(L"(?:Ann|Annie|Anna|Bo)").findAll(L"Annie Anna Bo"), (Spans{{0, 3}, {6, 9}, {11, 13}}));
        QCOMPARE(CodeRegex(L"(?:Annie|Ann|Anna|Bo)").findAll(L"Annie Anna"), (Spans{{0, 5}, {6, 9}}));
        QCOMPARE(CodeRegex(L"(?:Anna|Ann|Annie|Bo)").findAll(L"Annie Anna"), (Spans{{0, 3}, {6, 10}}));
        QCOMPARE(CodeRegex(L"\\b(?:St\\. Paul|St\\. Louis|Salem)\\b").findAll(L"St. Louis, Salem"), (Spans{{0, 9}, {11, 16}}));
        QCOMPARE(CodeRegex(L"(?:Ann|Annie|Bo)ie").findAll(L"Annie"), (Spans{{0, 5}})); // backtracks into the trie
        QCOMPARE(CodeRegex(L"(?:^|[^\\d])(\\d{3})(?!\\d)").findAll(L"123 4567 890", 1), (Spans{{0, 3}, {9, 12}}));
        QCOMPARE(CodeRegex(L"\\d{1,2}([-/.])\\d{1,2}\\1\\d{4}").findAll(L"3/4/2021 3/4.2021"), (Spans{{0, 8}}));
        QCOMPARE(CodeRegex(L"(?:[Ss]on|Sonny|sonar|[Dd]ad)").findAll(L"Sonny sonar dad"), (Spans{{0, 3}, {6, 9}, {12, 15}}));
        QCOMPARE(CodeRegex(L"(?:spring|SPRINGTIME|Summer|fall)", true).findAll(L"Springtime SUMMER"), (Spans{{0, 6}, {11, 17}}));
        QCOMPARE(CodeRegex(L"\\b(?:on|since|from|(?:him|her)self as|dated?|to) (\\d+)").findAll(L"herself as 12, dated 3", 1),
                 (Spans{{11, 13}, {21, 22}}));
        QCOMPARE(CodeRegex(L"(?:^|[^a])(b)").findAll(L"bbbab", 1), (Spans{{0, 1}, {2, 3}})); // the consumed character
        QVERIFY(CodeRegex(L"^ab$").search(L"ab"));
        QVERIFY(!CodeRegex(L"^ab$").search(L"ab\n"));
        QVERIFY(CodeRegex(L"DISEASE", true).search(L"a disease"));
    }

    void goldParses()
    {
        const auto en = load("deid_en.txt"), zh = load("deid_zh.txt");
        QCOMPARE(int(en.size()), 211);
        QCOMPARE(int(zh.size()), 110);
        // Marks are stripped and spans point at their surface.
        QVERIFY(en[0].text.rfind("DISCHARGE SUMMARY\nPatient: Harold Jenkins ", 0) == 0);
        QCOMPARE(en[0].spans[0].category, std::string("NAME_PATIENT"));
        QCOMPARE(en[0].spans[0].start, 27);
        QCOMPARE(en[0].spans[0].end, 41);
    }

    void surrogates()
    {
        const std::string note = "Signed by Anna Kowalczyk, MD. Her daughter Zofia called 617.555.0142. Zofia agrees. "
                                 "MRN: 4471-2209. \xe6\x82\xa3\xe8\x80\x85\xe5\xbc\xa0\xe4\xbc\x9f\xef\xbc\x8c\xe7\x94\xb7"
                                 "\xef\xbc\x8c" "45\xe5\xb2\x81\xe3\x80\x82\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81\xe5\x8f\xb7 "
                                 "11010519491231002X";
        const DeidResult r = deidentify(note, "p1", true);
        for (const char *gone : {"Kowalczyk", "Zofia", "555.0142", "4471-2209", "\xe5\xbc\xa0\xe4\xbc\x9f", "11010519491231002X",
                                 "[NAME]", "[PHONE]", "[ID]"})
            QVERIFY2(r.text.find(gone) == std::string::npos, gone);
        QCOMPARE(deidentify(note, "p1", true).text, r.text); // the same patient, the same surrogates
        QVERIFY(deidentify(note, "p2", true).text != r.text);
        // Each replaced identifier's surrogate, read back through mapOffset; one identifier, one surrogate.
        const std::u32string in = toU32(note), out = toU32(r.text);
        std::map<std::u32string, std::u32string> seen;
        bool idCard = false;
        for (const PhiSpan &s : r.replaced) {
            const std::u32string original = in.substr(std::size_t(s.start), std::size_t(s.end - s.start));
            const int at = mapOffset(r, s.start, false);
            const std::u32string fake = out.substr(std::size_t(at), std::size_t(s.replacementLength));
            QVERIFY(fake != original);
            if (seen.count(original))
                QVERIFY(seen[original] == fake);
            seen[original] = fake;
            if (original.size() == 18 && s.category == "ID") {
                idCard = true;
                QVERIFY(chineseIdCardValid(std::wstring(fake.begin(), fake.end()))); // a surrogate card still checks
            }
        }
        QVERIFY(idCard);
        QVERIFY(seen.count(U"Zofia"));
    }

    void layers()
    {
        // Eponyms used clinically stay; the same word as a person's name goes.
        const DeidResult e = deidentify("Parkinson disease, Foley catheter, Graves disease, Whipple procedure, Swan-Ganz catheter, "
                                        "Hodgkin lymphoma, Crohn disease, Babinski sign negative. Dr. Foley saw her.",
                                        "p1");
        for (const char *kept : {"Parkinson disease", "Foley catheter", "Graves disease", "Whipple procedure", "Swan-Ganz",
                                 "Hodgkin lymphoma", "Crohn disease", "Babinski sign"})
            QVERIFY2(e.text.find(kept) != std::string::npos, kept);
        QVERIFY(e.text.find("Dr. [NAME] saw") != std::string::npos);
        // Signatures, relations, a name repeated later, dotted phones, SSN, dates in other orders.
        const DeidResult a = deidentify("Signed by Anna Kowalczyk, MD. Her daughter Zofia called 617.555.0142. SSN 123-45-6789. "
                                        "Seen 2021/3/4 and 2021.03.04. Zofia agrees. Lives in Springfield, IL 62704.",
                                        "p1");
        for (const char *gone : {"Kowalczyk", "Zofia", "555.0142", "6789", "2021/3/4", "2021.03.04", "Springfield", "62704"})
            QVERIFY2(a.text.find(gone) == std::string::npos, gone);
        QVERIFY(a.text.find("Lives in [ADDRESS]") != std::string::npos);
        // Dates keep their form after the shift (intervals survive).
        QVERIFY(a.text.find("Seen 20") != std::string::npos && a.text.find("[DATE]") == std::string::npos);
        // Chinese: anchors, ID card with a valid check character, 住院号, bed, address, landline with area code.
        const DeidResult z = deidentify("患者王小明，男，92岁，身份证号11010519491231002X，住院号：ZY123456，3床。"
                                        "现住址：浙江省杭州市西湖区文三路90号2单元301室。主治医师：李华。联系人：女儿王芳，电话0571-87654321。",
                                        "p2");
        for (const char *gone : {"王小明", "92", "11010519491231002X", "ZY123456", "文三路", "李华", "王芳", "0571", "87654321"})
            QVERIFY2(z.text.find(gone) == std::string::npos, gone);
        QVERIFY(z.text.find("[ID]床") != std::string::npos);
        // Third pass: lexicon and unknown capitalised names, more date forms, postcodes, brands kept.
        const DeidResult t = deidentify("Seen Tuesday, 3/4/2021 and at the end of March, 2021 with Dong-hyun Kim. Discussed with "
                                        "Okonkwo-Bassey and Zielinski. Moved to Leeds LS1 4AP last spring. Continue Eliquis 5 mg BID x7d, "
                                        "Helicobacter pylori treated. Strength 5/5, pain 4/10. Follow-up 6/12.",
                                        "p3");
        for (const char *gone : {"Tuesday", "3/4/2021", "end of March", "Dong-hyun", "Kim", "Okonkwo", "Zielinski", "LS1 4AP", "6/12"})
            QVERIFY2(t.text.find(gone) == std::string::npos, gone);
        for (const char *kept : {"Eliquis 5 mg BID x7d", "Helicobacter pylori", "Strength 5/5", "pain 4/10"})
            QVERIFY2(t.text.find(kept) != std::string::npos, kept);
        const DeidResult d = deidentify("患者阿卜杜拉·买买提，男，67岁。", "p4");
        QVERIFY(d.text.find("阿卜杜拉") == std::string::npos);
        QVERIFY(d.text.find("患者[NAME]") != std::string::npos);
        // Fourth pass: clinical words kept (Chinese lexicon terms after a label or in a list, dose
        // ratios, words before credentials, peoples, compound eponyms, obstetric and TNM codes) ...
        const DeidResult k = deidentify("Buprenorphine-naloxone 8/2 mg daily. Ottawa rules negative. ESR of 96. Charge RN aware. "
                                        "Chest PT twice daily. An African-American woman, G3P2, T2N0M0, Epstein-Barr virus, "
                                        "Guillain-Barré syndrome, Behçet disease, fluid in the pouch of Douglas. CA19-9 high.",
                                        "p5");
        for (const char *kept : {"8/2 mg", "Ottawa rules", "ESR of 96", "Charge RN", "Chest PT", "African-American", "G3P2",
                                 "T2N0M0", "Epstein-Barr", "Guillain-Barré", "Behçet", "pouch of Douglas", "CA19-9"})
            QVERIFY2(k.text.find(kept) != std::string::npos, kept);
        const DeidResult kz = deidentify("产科超声：宫高、腹围符合孕周。异烟肼、利福平、吡嗪酰胺抗结核。查体：房颤，余正常。"
                                         "王副主任查房。长春新碱化疗。饮食：普食，体位：平卧。",
                                         "p6");
        for (const char *kept : {"宫高", "利福平", "房颤", "副主任", "长春新碱", "普食", "平卧"})
            QVERIFY2(kz.text.find(kept) != std::string::npos, kept);
        QVERIFY(kz.text.find("王") == std::string::npos);
        // ... and more identifiers found: numbers after number/#/ID, more labels, bracketed UDI,
        // names in two capitalised parts after a place word, wards with a direction.
        const DeidResult m = deidentify("Prior authorization number 88412390. Invoice 445213 sent. UDI (01)00643169007222. "
                                        "Evaluated at Cedars-Sinai and Hebrew SeniorLife. Moved to 4-West 12.",
                                        "p7");
        for (const char *gone : {"88412390", "445213", "00643169007222", "Cedars", "Sinai", "SeniorLife", "West 12"})
            QVERIFY2(m.text.find(gone) == std::string::npos, gone);
        // Fifth pass: grouped numbers after labels, phones after a phone word, places after a capitalised
        // verb, landmarks, towns before an ambiguous state, capitals after a label, Chinese titles.
        const DeidResult f = deidentify("PATIENT: SMITH, JOHN A. MRN: 0048 2913. SSN 123 45 6789. Mobile 07700 900123. "
                                        "Lives in East Boston. Swimming in Lake Tahoe. Moved from Boulder, CO. Seen at St. Luke's. "
                                        "Aged ninety-two. Will Turner was seen. Seen 2023Mar03. Odds ratio OR 1.5.",
                                        "p8");
        for (const char *gone : {"SMITH", "JOHN", "2913", "6789", "900123", "East", "Tahoe", "Lake", "CO.", "Luke", "ninety", "Will", "Mar03"})
            QVERIFY2(f.text.find(gone) == std::string::npos, gone);
        QVERIFY(f.text.find("OR 1.5") != std::string::npos);
        const DeidResult g = deidentify("王建国副主任医师查房，麻醉医生蒋红，上级医师陈主任，患儿母亲张女士代诉。", "p9");
        for (const char *gone : {"王建国", "蒋红", "陈", "张"})
            QVERIFY2(g.text.find(gone) == std::string::npos, gone);
        for (const char *kept : {"副主任医师", "麻醉医生", "上级医师", "主任", "母亲"})
            QVERIFY2(g.text.find(kept) != std::string::npos, kept);
        QVERIFY(chineseIdCardValid(L"11010519491231002X"));
        QVERIFY(chineseIdCardValid(L"440304199001011233"));
        QVERIFY(!chineseIdCardValid(L"440304199001011234"));
    }

    void accentedNames()
    {
        // Diacritics and typographic apostrophes: the same patterns as plain names, the rest of the
        // text untouched (offsets are those of the text).
        const std::string note = "Seen with her son José Núñez today. Dr. Łukasz Wójcik reviewed the films.\n"
                                 "Patient: Zoë O’Neil, 67F. Café-au-lait spots; naïve to insulin. Signed: Ștefan Ionescu, MD";
        const DeidResult r = deidentify(note, "p1", false);
        for (const char *gone : {"José", "Núñez", "Łukasz", "Wójcik", "Zoë", "O’Neil", "Ștefan", "Ionescu"})
            QVERIFY2(r.text.find(gone) == std::string::npos, gone);
        for (const char *kept : {"Café-au-lait spots; naïve to insulin.", "reviewed the films", "67F"})
            QVERIFY2(r.text.find(kept) != std::string::npos, kept);
    }

    void englishHeldOut()
    {
        const auto notes = load("deid_en.txt");
        report("English tuning half", scoreDeid(notes, 2, 0), true);
        const DeidScore s = scoreDeid(notes, 2, 1);
        report("English held-out half", s);
        // Reached: names 0.987, dates 0.992, IDs 0.945, locations 0.932, contacts 1.000, overall 0.974,
        // clinical tokens removed 0.0050 (the goal is under 0.5%).
        check(s, {0.98, 0.985, 0.93, 0.92, 0.99, 0.965, 0.005});
    }

    void threadsGiveTheSameSpans()
    {
        // A long text runs its patterns on several threads; the spans are those of one thread.
        std::string text;
        for (const GoldNote &n : load("deid_en.txt"))
            text += n.text + "\n\n";
        while (text.size() < 300000)
            text += text;
        qputenv("SAGITTA_DEID_THREADS", "1");
        const std::vector<PhiSpan> one = findPhi(text);
        qputenv("SAGITTA_DEID_THREADS", "3");
        const std::vector<PhiSpan> three = findPhi(text);
        qunsetenv("SAGITTA_DEID_THREADS");
        QVERIFY(one.size() > 1000);
        QCOMPARE(three.size(), one.size());
        for (std::size_t i = 0; i < one.size(); ++i)
            QVERIFY(one[i].start == three[i].start && one[i].end == three[i].end && std::string(one[i].category) == three[i].category);
    }

    void chineseHeldOut()
    {
        const auto notes = load("deid_zh.txt");
        report("Chinese tuning half", scoreDeid(notes, 2, 0), true);
        const DeidScore s = scoreDeid(notes, 2, 1);
        report("Chinese held-out half", s);
        // Reached: names 0.978, dates 1.000, IDs 1.000, locations 0.989, contacts 1.000, overall 0.991,
        // clinical tokens removed 0.0033.
        check(s, {0.968, 0.99, 0.99, 0.979, 0.99, 0.981, 0.005});
    }

    // A second development set (deid_dev_*.txt: 135 English and 74 Chinese notes by a helper that
    // saw only the conventions), tuned on like the even half above; SAGITTA_DEID_DETAIL=1 prints its misses.
    void englishDev()
    {
        // Reached: names 0.985, dates 1.000, IDs 0.994, locations 0.934, contacts 1.000, overall 0.976,
        // clinical tokens removed 0.0105 (most of them labels such as Room marked with their value).
        scoreSet("deid_dev_en.txt", "English development set 2", true, {0.975, 0.99, 0.98, 0.92, 0.99, 0.965, 0.012});
    }

    void chineseDev()
    {
        // Reached: names 0.961, dates 1.000, IDs 0.987, locations 0.970, contacts 1.000, overall 0.974,
        // clinical tokens removed 0.0101 (buildings and rooms with their number are marked here, not in
        // the other sets).
        scoreSet("deid_dev_zh.txt", "Chinese development set 2", true, {0.95, 0.99, 0.97, 0.96, 0.99, 0.965, 0.012});
    }

    // A third development set (deid_dev3_*.txt, by another helper that saw only the conventions;
    // more identifiers and places), tuned on like the second.
    void englishDev3()
    {
        // First measure: overall 0.896 (names 0.928, IDs 0.899, locations 0.809). Reached: names 0.989,
        // dates 0.995, IDs 0.971, locations 0.873, contacts 1.000, overall 0.949, removed 0.0100.
        scoreSet("deid_dev3_en.txt", "English development set 3", true, {0.975, 0.985, 0.96, 0.85, 0.99, 0.935, 0.012});
    }

    void chineseDev3()
    {
        // First measure: overall 0.895 (names 0.853). Reached: names 0.996, dates 0.989, IDs 1.000,
        // locations 0.957, contacts 1.000, overall 0.975, removed 0.0143.
        scoreSet("deid_dev3_zh.txt", "Chinese development set 3", true, {0.985, 0.98, 0.99, 0.945, 0.99, 0.965, 0.016});
    }

    // The blind sets (deid_blind_en.txt, deid_blind_zh.txt: 127 English and 65 Chinese notes written by
    // a helper that never saw the rules or the other notes) are scored whole and only as shapes: they
    // measure how the rules generalise and are never tuned on.
    void englishBlind()
    {
        // First measure: names 0.911, dates 0.989, IDs 0.964, locations 0.871, contacts 0.975, overall
        // 0.931, clinical tokens removed 0.0058. After the rules from the second development set: names
        // 0.955, dates 0.989, IDs 0.964, locations 0.884, contacts 0.975, overall 0.950, removed 0.0065; after
        // the third: names 0.957, locations 0.886, overall 0.951, removed 0.0068.
        scoreSet("deid_blind_en.txt", "English blind set", false, {0.945, 0.98, 0.95, 0.875, 0.96, 0.94, 0.007});
    }

    void chineseBlind()
    {
        // First measure: names 0.865, dates 0.995, IDs 0.958, locations 0.887, contacts 1.000, overall
        // 0.923, clinical tokens removed 0.0054. After the rules from the second development set: names
        // 0.906, dates 0.995, IDs 0.958, locations 0.896, contacts 1.000, overall 0.936, removed 0.0059; after
        // the third: names 0.915, locations 0.909, overall 0.943, removed 0.0065.
        scoreSet("deid_blind_zh.txt", "Chinese blind set", false, {0.905, 0.985, 0.94, 0.895, 0.99, 0.933, 0.007});
    }
};

QTEST_GUILESS_MAIN(TstDeid)
#include "tst_deid.moc"
