// `sagitta text annotate NOTES.jsonl --lang en --json` timed as the process users run, on notes
// that are not from our gold sets or demo notes: a seeded generator of its own vocabulary and
// sentence shapes (sections, lists, medications with doses, values, negations, instructions),
// many short notes in one file and 10-100 KB notes in another. Medians of runs, in MB/s, beside
// the same text through the engine in this process and the process on an empty file (its start).
#include "core/text/annotator.h"
#include "tests/bench/bench_child.h"
#include "tests/bench/bench_labels.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace fs = std::filesystem;

namespace sagitta::bench {

namespace {

const char *const kProblems[] = {
    "pneumonia", "pleural effusion", "atelectasis", "cough", "fever", "chills", "night sweats", "weight loss",
    "abdominal pain", "nausea", "vomiting", "diarrhea", "constipation", "hematuria", "dysuria", "back pain",
    "headache", "dizziness", "syncope", "palpitations", "chest pain", "shortness of breath", "wheezing", "edema",
    "rash", "pruritus", "jaundice", "anemia", "hypertension", "diabetes mellitus", "hyperlipidemia",
    "atrial fibrillation", "heart failure", "coronary artery disease", "stroke", "seizure", "migraine",
    "depression", "anxiety", "insomnia", "osteoarthritis", "gout", "kidney stones", "cholelithiasis",
    "pancreatitis", "appendicitis", "diverticulitis", "cellulitis", "sepsis", "urinary tract infection",
    "pulmonary embolism", "deep vein thrombosis", "pneumothorax", "fracture", "hernia", "lymphadenopathy",
    "splenomegaly", "hepatomegaly", "ascites", "thyroid nodule", "renal cyst", "liver lesion", "mass",
    "asthma", "COPD", "sleep apnea", "obesity", "hypothyroidism", "melanoma", "breast cancer", "colon cancer",
};
const char *const kMedications[] = {"metformin", "lisinopril", "atorvastatin", "amlodipine", "aspirin", "warfarin",
                                    "apixaban", "metoprolol", "furosemide", "omeprazole", "levothyroxine", "insulin",
                                    "prednisone", "amoxicillin", "ceftriaxone", "vancomycin", "acetaminophen",
                                    "ibuprofen", "gabapentin", "sertraline", "albuterol", "heparin", "ondansetron"};
const char *const kDoses[] = {"5 mg", "10 mg", "20 mg", "25 mg", "40 mg", "81 mg", "100 mg", "250 mg", "500 mg",
                              "1 g", "2 g", "0.5 mg", "12.5 mg", "1000 mg"};
const char *const kRoutes[] = {"po", "IV", "orally", "by mouth", "subcutaneously", "IM", "inhaled"};
const char *const kFrequencies[] = {"daily", "twice daily", "bid", "tid", "q8h", "every 6 hours", "at bedtime",
                                    "as needed", "once a day", "weekly"};
const char *const kTests[] = {"hemoglobin", "white blood cell count", "platelets", "creatinine", "sodium",
                              "potassium", "glucose", "troponin", "lactate", "bilirubin", "ALT", "INR", "TSH"};
const char *const kUnits[] = {"g/dL", "mg/dL", "mmol/L", "ng/mL", "U/L", "K/uL", "%"};
const char *const kAnatomy[] = {"right lower lobe", "left upper lobe", "liver", "gallbladder", "pancreas", "spleen",
                                "left kidney", "right kidney", "bladder", "lumbar spine", "cervical spine", "left knee",
                                "right shoulder", "thyroid", "abdomen", "pelvis", "chest wall"};
const char *const kRelatives[] = {"mother", "father", "sister", "brother", "grandmother", "uncle", "aunt", "son"};
const char *const kSections[] = {"Chief complaint", "History of present illness", "Past medical history",
                                 "Medications", "Allergies", "Family history", "Social history",
                                 "Review of systems", "Physical exam", "Findings", "Impression", "Assessment and plan"};
const char *const kLinkers[] = {"The patient", "She", "He", "Pt", "Patient"};
const char *const kTimes[] = {"two days", "3 weeks", "several months", "one year", "48 hours", "a week", "10 days"};

template <std::size_t N>
const char *pick(std::mt19937 &random, const char *const (&list)[N])
{
    return list[std::uniform_int_distribution<std::size_t>(0, N - 1)(random)];
}

// One sentence of one of many shapes.
std::string sentence(std::mt19937 &random)
{
    const std::string p = pick(random, kProblems), q = pick(random, kProblems), r = pick(random, kProblems);
    const std::string who = pick(random, kLinkers);
    const int value = std::uniform_int_distribution<int>(1, 400)(random);
    switch (std::uniform_int_distribution<int>(0, 23)(random)) {
    case 0: return who + " reports " + p + " for " + pick(random, kTimes) + ".";
    case 1: return who + " denies " + p + ", " + q + " or " + r + ".";
    case 2: return "No evidence of " + p + " in the " + pick(random, kAnatomy) + ".";
    case 3: return "There is a small " + p + " in the " + pick(random, kAnatomy) + ", likely benign.";
    case 4: return "Possible " + p + " versus " + q + "; clinical correlation recommended.";
    case 5: return "History of " + p + " and " + q + ", on " + pick(random, kMedications) + ".";
    case 6:
        return std::string("Started ") + pick(random, kMedications) + " " + pick(random, kDoses) + " " + pick(random, kRoutes)
               + " " + pick(random, kFrequencies) + ".";
    case 7: return std::string(pick(random, kTests)) + " " + std::to_string(value / 10) + "." + std::to_string(value % 10) + " "
               + pick(random, kUnits) + ".";
    case 8: return std::string("Her ") + pick(random, kRelatives) + " had " + p + " at age " + std::to_string(30 + value % 50) + ".";
    case 9: return "Status post " + p + " repair in " + std::to_string(1980 + value % 40) + ".";
    case 10: return "Return to clinic if " + p + " or " + q + " develops.";
    case 11: return "Findings are concerning for " + p + ", cannot exclude " + q + ".";
    case 12: return "The " + std::string(pick(random, kAnatomy)) + " is unremarkable without " + p + ".";
    case 13: return who + " was admitted with " + p + " and treated with " + pick(random, kMedications) + ".";
    case 14: return "Negative for " + p + ", positive for " + q + ".";
    case 15: return std::to_string(20 + value % 70) + "-year-old with " + p + " and " + q + " presents with " + r + ".";
    case 16: return "Interval improvement of " + p + " compared with the prior exam.";
    case 17: return "1) " + p + " 2) " + q + " 3) " + r;
    case 18: return who + " quit smoking " + std::to_string(1 + value % 30) + " years ago and drinks socially.";
    case 19: return "Continue " + std::string(pick(random, kMedications)) + " " + pick(random, kDoses) + " " + pick(random, kFrequencies)
               + " for " + p + ".";
    case 20: return "Mild " + p + " without " + q + " or " + r + ".";
    case 21: return "Rule out " + p + "; " + q + " was ruled out last year.";
    case 22: return "Vitals: BP " + std::to_string(100 + value % 60) + "/" + std::to_string(60 + value % 30) + ", HR "
               + std::to_string(55 + value % 60) + ", \"afebrile\", SpO2 9" + std::to_string(value % 10) + "%.";
    default: return "Discussed " + p + " \u2014 risks and benefits reviewed; follow up in " + pick(random, kTimes) + ".";
    }
}

// A note of about `bytes`: sections with sentences (long notes) or a few sentences (short ones).
std::string note(std::mt19937 &random, std::size_t bytes)
{
    std::string text;
    if (bytes < 1000) {
        while (text.size() < bytes)
            text += (text.empty() ? "" : " ") + sentence(random);
        return text;
    }
    while (text.size() < bytes) {
        text += std::string(pick(random, kSections)) + ":\n";
        const int count = std::uniform_int_distribution<int>(2, 12)(random);
        for (int s = 0; s < count; ++s)
            text += sentence(random) + (s % 3 == 2 ? "\n" : " ");
        text += "\n\n";
    }
    return text;
}

std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\', out += c;
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else
            out += c;
    }
    return out + "\"";
}

// Medians of runs of a command: wall time, and the CPU time it used (user + system, from its
// rusage), which other load on a shared machine does not inflate as much. The runs are waited
// for without polling (runChild's polling for peak memory takes CPU from the command on a
// machine with few cores): peak memory comes from one more run through runChild.
struct CommandTimes {
    double wall = 0, cpu = 0, maxRssMb = 0;
    int status = 0;
};

CommandTimes timeCommand(int runs, const std::vector<std::string> &args)
{
    std::vector<char *> argv;
    for (const auto &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<double> wall, cpu;
    CommandTimes t;
    for (int r = 0; r < runs; ++r) {
        pid_t pid = 0;
        const auto t0 = std::chrono::steady_clock::now();
        if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
            t.status = -1;
            break;
        }
        int status = 0;
        rusage usage{};
        wait4(pid, &status, 0, &usage);
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        auto seconds = [](const timeval &v) { return double(v.tv_sec) + double(v.tv_usec) / 1e6; };
        cpu.push_back(seconds(usage.ru_utime) + seconds(usage.ru_stime));
        if (t.status == 0)
            t.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    if (wall.empty())
        return t;
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    t.wall = wall[wall.size() / 2];
    t.cpu = cpu[cpu.size() / 2];
    t.maxRssMb = runChild(args).maxRssMb;
    return t;
}

} // namespace

// Note texts of about `bytes` in all, each of minBytes..maxBytes.
std::vector<std::string> benchNotes(std::size_t bytes, std::size_t minBytes, std::size_t maxBytes, unsigned seed)
{
    std::mt19937 random(seed);
    std::vector<std::string> texts;
    for (std::size_t total = 0; total < bytes; total += texts.back().size())
        texts.push_back(note(random, std::uniform_int_distribution<std::size_t>(minBytes, maxBytes)(random)));
    return texts;
}

// A JSONL file of the notes: ids numbers and strings, a target phrase now and then.
void writeBenchNotes(const fs::path &path, const std::vector<std::string> &texts)
{
    std::mt19937 random(7);
    std::ofstream out(path, std::ios::binary);
    for (std::size_t n = 0; n < texts.size(); ++n) {
        std::string line = "{\"id\": " + (n % 5 == 4 ? jsonString("N-" + std::to_string(n)) : std::to_string(n));
        line += ", \"text\": " + jsonString(texts[n]);
        if (n % 7 == 3)
            line += ", \"targets\": [" + jsonString(pick(random, kProblems)) + "]";
        out << line << "}\n";
    }
}

// The bench's notes files, for comparing outputs: short.jsonl, long.jsonl.
void writeTextBenchFiles(const fs::path &dir)
{
    fs::create_directories(dir);
    writeBenchNotes(dir / "short.jsonl", benchNotes(std::size_t(8) << 20, 60, 200, 20240611));
    writeBenchNotes(dir / "long.jsonl", benchNotes(std::size_t(16) << 20, 10000, 100000, 20240611));
}

void textCommandBench()
{
    std::printf("\n== sagitta text annotate NOTES.jsonl --lang en --json, as the process (one core) ==\n");
    const fs::path dir = fs::temp_directory_path() / ("sagitta-textbench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    struct Set {
        const char *name;
        std::size_t bytes, minBytes, maxBytes;
    };
    const fs::path empty = dir / "empty.jsonl";
    std::ofstream(empty).close();
    const CommandTimes start = timeCommand(5, {SAGITTA_EXE, "text", "annotate", empty.string(), "--lang", "en", "--json"});
    for (const Set &set : {Set{"short notes (60-200 B)", std::size_t(8) << 20, 60, 200},
                           Set{"long notes (10-100 KB)", std::size_t(16) << 20, 10000, 100000}}) {
        const fs::path file = dir / "notes.jsonl";
        const std::vector<std::string> texts = benchNotes(set.bytes, set.minBytes, set.maxBytes, 20240611);
        writeBenchNotes(file, texts);
        const double mb = double(fs::file_size(file)) / (1024.0 * 1024.0);
        const CommandTimes run = timeCommand(5, {SAGITTA_EXE, "text", "annotate", file.string(), "--lang", "en", "--json"});
        std::printf("%-58s %10.1f MB/s  (%.2f s for %zu notes, %.1f MB; peak RSS %.0f MB; exit %d)  target >= 20 MB/s\n",
                    set.name, mb / run.wall, run.wall, texts.size(), mb, run.maxRssMb, run.status);
        std::printf("%-58s %10.1f MB/s  (%.2f s of CPU)\n", "  the same by the CPU time it used", mb / run.cpu, run.cpu);
        // The same texts through the engine in this process: no reading, parsing or writing.
        const core::text::Annotator annotator(core::text::Language::English);
        std::size_t textBytes = 0;
        for (const std::string &t : texts)
            textBytes += t.size();
        core::text::AnnotationBuffers buffers;
        std::size_t spans = 0;
        const double ms = medianMs(3, [&] {
            for (const std::string &t : texts)
                annotator.annotateRecords(t, buffers, [&spans](const core::text::WindowSpans &w) { spans += w.spans.size(); });
        });
        std::printf("%-58s %10.1f MB/s\n", "  the engine alone in this process (annotateRecords)",
                    double(textBytes) / (1024.0 * 1024.0) / (ms / 1000.0));
        fs::remove(file);
    }
    std::printf("%-58s %10.1f ms  (%.1f ms of CPU)\n", "the command on an empty file (start and exit)", start.wall * 1000.0,
                start.cpu * 1000.0);
    fs::remove_all(dir);
}

} // namespace sagitta::bench
