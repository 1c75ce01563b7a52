#pragma once
// The span grammar of the entity finder (issue 13), apart from the annotator: the morphology of
// words the lexicon lacks and the token grammar that sets a concept's boundaries (modifiers,
// laterality, sites, "of the ...", eponyms, Chinese site + finding). Internal to core/text.
#include "core/text/annotator.h"
#include "core/text/phrasetrie.h"
#include "core/text/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::text {

struct Candidate {
    int first, last; // tokens
    int spanIndex;
};

// Span grammar (issue 13): words that belong to the concept they stand before (severity,
// acuity, size, laterality, site), the heads that make "Name syndrome" a problem, and "of".
struct SpanGrammar {
    std::uint16_t problem = 0, anatomy = 0, procedure = 0, test = 0, medication = 0;
    PhraseTrie modifiers, drugModifiers, eponymHeads;
    PhraseTrie suffixes; // words that end a concept of a type: value 0 problem, 1 medication, 2 procedure, 3 test
    std::uint64_t keyOf = 0, keyTo = 0, keyAnd = 0, keyThe = 0, keyOn = 0, keyGrade = 0, keySided = 0;
    // English: modifiers of findings only ("decreased", "bulging"); endings that make a word an
    // adjective that joins the concept after it ("eosinophilic", "granulomatous"), less the
    // common words with those endings that do not ("several", "clinical"); units of a size
    // ("4 mm nodule"); what a problem may take after it ("stage 3b").
    PhraseTrie problemModifiers;
    // English: a state of a site before it makes the phrase a finding ("enlarged lymph nodes",
    // "dilated common bile duct"): FINDING_ADJ.
    PhraseTrie findingAdjectives;
    std::vector<std::u32string> adjectiveEndings;
    PhraseTrie notAdjectives, sizeUnits, stageWords;
    // English: specimens and settings before a test ("serum", "portable"); words that never join a
    // concept ("and", "the"); problem heads that take the organism before them ("MSSA
    // bacteremia"); imaging modalities that join the test after them ("CT enterography").
    PhraseTrie testModifiers, functionWords, organismHeads, imaging;
    PhraseTrie testHeads;
    // English: words after a clinical service that make it no concept ("CT surgery consulted",
    // "GI following", "pathology"): SERVICE_NEXT.
    PhraseTrie serviceNext;
    // English: short lab and vital names that are a test only before a value ("K 5.8", "T 38.4",
    // "Cr: 1.9"): VALUE_TEST. One or two letters must be written with a capital.
    PhraseTrie valueTests;
    // Vital signs that are a test only before their value ("体温39.2℃", not "体温下降" or
    // "控制心率"): VALUE_ONLY.
    PhraseTrie valueOnly;
    PhraseTrie procedureModifiers; // "diagnostic", "percutaneous", "经皮", "腹腔镜下": join a procedure // "antibody", "activity": a test of the code before them ("PF4 antibody")
    // Chinese: characters that end a run of modifier characters ("见", "示", "伴"), and the
    // characters after a grade ("Ⅱ度", "2期", "Ⅱ型").
    std::u32string zhStops, zhGradeMarks;
    // Chinese: position characters that join a site to the site after it ("脑室" 旁 "白质"): ZH_SITE_LINK.
    std::u32string zhSiteLinks;
    // Chinese: tails that make the free characters after a site a finding of it ("周围炎", "多囊样改变").
    PhraseTrie zhFindingTails;
    // Chinese: words after a site that make it the name of a service or ward ("乳腺" 外科): ZH_SERVICE.
    PhraseTrie zhServices;
    // Chinese: verbs of treatment that make the finding, lab or site after them its aim ("纠正"
    // 酸中毒, "稳定" 斑块, "保护" 胃黏膜), no concept: ZH_ACTION_VERB.
    PhraseTrie zhActionVerbs;
    // Chinese segmentation (zhsegment.h): characters that make a word holding a term an action on
    // it ("\u6297\u7ed3\u6838") and those that keep it a kind of it ("\u7ed3\u6838\u75c5").
    std::u32string zhActionPrefixes, zhKeepingSuffixes;
    // Chinese words the lexicon lacks typed by their ending ("腺瘤", "胆管癌": PROBLEM; "他汀": MEDICATION),
    // less the common words with those endings that are none ("疾病", "适应症").
    std::vector<std::pair<std::u32string, std::uint16_t>> zhWordEndings;
    std::vector<std::u32string> zhNotConcepts;
    // Chinese drug names the lexicon and the word list lack ("度普利尤单抗", "司维拉姆"): a stem
    // (ZH_DRUG_STEM: "单抗", "替尼", "韦") after a run of the characters drug names are
    // transliterated with (ZH_DRUG_CHARS).
    std::vector<std::u32string> zhDrugStems;
    // Chinese: amounts and degrees that keep a site apart from the finding after it (ZH_APART).
    PhraseTrie zhApart;
    std::u32string zhDrugChars;
    // Loads the rows of grammar_<lang>.tsv: word<TAB>KIND.
    void load(const std::vector<std::pair<std::string, std::string>> &rows);
};

// Morphology of a word the lexicon does not know: 0 problem, 1 medication, 2 procedure, 3 test,
// 4 anatomy (a spine level), -1 none; tokensTaken is how many tokens the word spans.
int morphologyType(const char32_t *w, int len, int &tokensTaken, const std::vector<Token> &tokens, int i, int n,
                   const std::u32string &text);

// Chinese: words of the segmentation (wordStart/wordEnd per token) that no candidate covers and
// whose ending types them become candidates; candidates stay in token order.
void addChineseWordsByEnding(const SpanGrammar &grammar, const std::u32string &text, const std::vector<Token> &tokens,
                             const std::vector<int> &wordStart, const std::vector<int> &wordEnd,
                             std::vector<Candidate> &candidates, std::vector<SpanRecord> &local);

// Extends and merges the sentence's concept candidates (in token order) by the grammar; a span
// dropped by a merge gets type 0xffff in local.
void applySpanGrammar(const SpanGrammar &grammar, const std::u32string &text, const std::vector<Token> &tokens,
                      std::vector<Candidate> &candidates, std::vector<SpanRecord> &local, bool zh);

} // namespace sagitta::core::text
