#pragma once
// The word lists behind text de-identification (core/text/deid.cpp), read once from the embedded
// resources (resources/text/*.tsv) or held here. Internal to core/text.
#include <string>
#include <unordered_set>

namespace sagitta::core::text::deidwords {

// The terms of the Chinese clinical lexicons (lexicon_zh*.tsv, first column, two characters or more).
const std::unordered_set<std::wstring> &zhClinicalTerms();
// Family (S) or given (G) names of names_en.tsv as a regex alternation ("(?!)" when none).
std::wstring lexiconNames(char kind);
// Frequency of a word of two or three characters in the general Chinese word list
// (segwords_zh.tsv), 0 if absent.
double zhWordFrequency(const std::wstring &word);
// Whether jieba's dictionary tags a word of two or three characters as a person name (names_zh.tsv).
bool zhPersonName(const std::wstring &word);
// Chinese given-name characters that end a name early (a verb or particle right after it).
bool zhStop(wchar_t c);
// Common English given names as a regex alternation.
const std::wstring &givenNames();
// Capitalised small words, titles, roles, relations and section words that are never a name.
bool isStopWord(const std::wstring &t);
// Lower-case words of the English dictionary (words_en.tsv) and of the clinical lexicons.
const std::unordered_set<std::wstring> &knownWords();
// The words of the English clinical lexicons alone.
const std::unordered_set<std::wstring> &clinicalWords();
// Medical eponyms and other capitalised words of clinical text that no word list holds.
bool knownEponym(const std::wstring &t);
// Peoples, languages and faiths ("African-American", "Jamaican", "Jehovah's Witness").
bool peopleWord(const std::wstring &t);

} // namespace sagitta::core::text::deidwords
