#pragma once
// Surrogates for de-identified text: a realistic fake value of the same kind in place of each
// identifier (names for names, a hospital for a hospital, digits for digits in the same layout),
// as tools that de-identify notes for sharing do. The choice is a function of the patient key
// and the original, so one identifier gets the same surrogate everywhere in a patient's notes;
// the words of a name are replaced one by one, so "Zofia Kowalczyk" and a later "Kowalczyk"
// stay the same person. Word lists are Sagitta's own, short and invented-sounding.
#include <string>

namespace sagitta::core::text {

// category: as PhiSpan (NAME, ID, PHONE, EMAIL, URL, IP, ADDRESS, HOSPITAL); DATE and AGE are
// handled by deidentify (shifted, 90+).
std::string surrogate(const std::string &category, const std::string &original, const std::string &patientKey);

} // namespace sagitta::core::text
