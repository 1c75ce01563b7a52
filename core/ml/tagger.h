#pragma once
// The clinical entity tagger (issue 10): a third source of entity proposals beside the lexicon
// and the rules. Tokens come from core/text's tokenizer (Chinese: one token per character); each
// token is a character CNN over its characters (hashed code points, width-3 filters, max over
// the token) joined to a hashed word embedding (the token's normalised key); a BiLSTM reads the
// sentence and a linear layer gives IOB tags over the five concept types of
// text::entityTypes() (PROBLEM MEDICATION ANATOMY PROCEDURE TEST). Plain C++ header: no torch.
#include "core/ml/train.h"
#include "core/text/annotator.h"

#include <memory>
#include <string>
#include <vector>

namespace sagitta::core::ml {

struct TagSpan {
    int start = 0, end = 0; // code points in the sentence, [start, end)
    std::string type;       // one of text::entityTypes(); other types are ignored
};

// One training sentence. group keys the held-out split (a note: sentences of one note are never
// on both sides); weight scales its loss (people's accepted spans 1, engine proposals 0.3).
struct TagSentence {
    std::string text; // UTF-8
    std::vector<TagSpan> spans;
    std::string group;
    double weight = 1.0;
};

struct TagOptions {
    int charBuckets = 4096, charDim = 24, charFilters = 48;
    int wordBuckets = 8192, wordDim = 48;
    int hidden = 64;               // per direction
    int maxTokenChars = 16;        // characters a token's CNN sees
    double heldOutFraction = 0.25; // of the groups (at least one when there are two or more)
};

// Trains the tagger (cross-entropy over the tokens, Adam; options.batchSize above 64 is taken as
// 16). history's metric is the held-out exact entity F1 ("entity F1"); result.metric the final
// one. weights: torch::save bytes; sidecarJson: {"task": "tag", the sizes, the tag names}.
// Throws core::Error when there are no sentences or no spans of the five types.
TrainResult trainTagger(const std::vector<TagSentence> &sentences, const TrainOptions &options,
                        const TagOptions &tag = {}, ProgressSink *progress = nullptr, MetricSink *metrics = nullptr);

// A trained tagger, for inference (CPU).
class TagModel {
public:
    // From trainTagger's weights and sidecar. Throws core::Error naming `what` for a sidecar of
    // another task ("... is a <task> model, not a tagger"), or damaged weights.
    static TagModel load(const std::string &weights, const std::string &sidecarJson, const std::string &what = "model");
    // A weights file and its sidecar (default: the path with ".json" appended).
    static TagModel loadFiles(const std::string &weightsPath, const std::string &sidecarPath = {});
    TagModel(TagModel &&) noexcept;
    TagModel &operator=(TagModel &&) noexcept;
    ~TagModel();

    // Entity spans of a text (sentences split as the annotator does), in text order. Spans come
    // with text, type and source "tagger".
    std::vector<text::Span> tag(const std::string &utf8) const;

private:
    TagModel();
    struct Impl;
    std::unique_ptr<Impl> m;
};

// The rules and lexicon, plus each tagger span that overlaps no concept span of the annotator
// (source "tagger"), in text order.
std::vector<text::Span> annotateWithTagger(const text::Annotator &annotator, const TagModel &model, const std::string &utf8);

} // namespace sagitta::core::ml
