// The character-CNN + BiLSTM entity tagger (tagger.h). Includes torch: keep it in torch_sources.
#include "core/ml/tagger.h"

#include "core/base/error.h"
#include "core/ml/torchcommon.h"
#include "core/text/entityscore.h"
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace sagitta::core::ml {

namespace {

constexpr const char *kModelName = "charcnn-bilstm";

// Tag 0 is O; type t has B = 1 + 2t and I = 2 + 2t.
int tagCount() { return 1 + 2 * int(text::entityTypes().size()); }

int typeIndex(const std::string &type)
{
    for (std::size_t i = 0; i < text::entityTypes().size(); ++i)
        if (type == text::entityTypes()[i])
            return int(i);
    return -1;
}

std::vector<std::string> tagNames()
{
    std::vector<std::string> names{"O"};
    for (const char *t : text::entityTypes()) {
        names.push_back(std::string("B-") + t);
        names.push_back(std::string("I-") + t);
    }
    return names;
}

// A sentence as the network reads it: per token the word bucket, the character buckets and
// (training) the tag; offsets for decoding.
struct Encoded {
    std::vector<std::int64_t> words, chars, tags; // chars: tokens x maxTokenChars
    std::vector<text::Token> tokens;
    double weight = 1;
};

std::int64_t charBucket(char32_t c, int buckets)
{
    return std::int64_t(((std::uint64_t(c) * 0x9E3779B97F4A7C15ull) >> 40) % std::uint64_t(buckets - 1)) + 1;
}

Encoded encode(std::u32string_view s, std::vector<text::Token> tokens, const TagOptions &o)
{
    Encoded e;
    e.tokens = std::move(tokens);
    const int c = o.maxTokenChars;
    e.chars.assign(e.tokens.size() * std::size_t(c), 0);
    for (std::size_t i = 0; i < e.tokens.size(); ++i) {
        const text::Token &t = e.tokens[i];
        e.words.push_back(std::int64_t(t.key % std::uint64_t(o.wordBuckets - 1)) + 1);
        for (int k = 0; k < c && t.start + k < t.end; ++k)
            e.chars[i * std::size_t(c) + std::size_t(k)] = charBucket(s[std::size_t(t.start + k)], o.charBuckets);
    }
    return e;
}

void setTags(Encoded &e, const std::vector<TagSpan> &spans)
{
    e.tags.assign(e.tokens.size(), 0);
    for (const TagSpan &sp : spans) {
        const int t = typeIndex(sp.type);
        if (t < 0)
            continue;
        bool first = true;
        for (std::size_t i = 0; i < e.tokens.size(); ++i)
            if (e.tokens[i].start < sp.end && sp.start < e.tokens[i].end) {
                e.tags[i] = first ? 1 + 2 * t : 2 + 2 * t;
                first = false;
            }
    }
}

// Token tags to spans in code points of the text the tokens index: B starts a span, I continues
// one of its type (an I after O or another type starts one).
std::vector<TagSpan> decode(const std::vector<text::Token> &tokens, const std::vector<std::int64_t> &tags)
{
    std::vector<TagSpan> out;
    int open = -1;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const int tag = int(tags[i]);
        if (tag == 0) {
            open = -1;
            continue;
        }
        const int type = (tag - 1) / 2;
        const bool begin = (tag - 1) % 2 == 0;
        if (begin || open != type) {
            out.push_back({tokens[i].start, tokens[i].end, text::entityTypes()[std::size_t(type)]});
            open = type;
        } else {
            out.back().end = tokens[i].end;
        }
    }
    return out;
}

struct TaggerNetImpl : torch::nn::Module {
    TaggerNetImpl(const TagOptions &o)
        : charEmb(register_module("charEmb", torch::nn::Embedding(torch::nn::EmbeddingOptions(o.charBuckets, o.charDim).padding_idx(0)))),
          wordEmb(register_module("wordEmb", torch::nn::Embedding(torch::nn::EmbeddingOptions(o.wordBuckets, o.wordDim).padding_idx(0)))),
          conv(register_module("conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(o.charDim, o.charFilters, 3).padding(1)))),
          lstm(register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(o.charFilters + o.wordDim, o.hidden)
                                                           .batch_first(true)
                                                           .bidirectional(true)))),
          out(register_module("out", torch::nn::Linear(2 * o.hidden, tagCount()))),
          maxChars(o.maxTokenChars)
    {
    }
    // chars [B, T, C], words [B, T], lengths [B] (int64, CPU) -> logits [B, T, tags]
    torch::Tensor forward(const torch::Tensor &chars, const torch::Tensor &words, const torch::Tensor &lengths)
    {
        const std::int64_t b = words.size(0), t = words.size(1);
        torch::Tensor c = charEmb(chars.reshape({b * t, maxChars})).permute({0, 2, 1});
        c = std::get<0>(torch::relu(conv(c)).max(2)).reshape({b, t, -1});
        torch::Tensor x = torch::cat({c, wordEmb(words)}, 2);
        x = torch::dropout(x, 0.3, is_training());
        auto packed = torch::nn::utils::rnn::pack_padded_sequence(x, lengths, true, false);
        auto h = std::get<0>(lstm->forward_with_packed_input(packed));
        torch::Tensor y = std::get<0>(torch::nn::utils::rnn::pad_packed_sequence(h, true, 0.0, t));
        y = torch::dropout(y, 0.3, is_training());
        return out(y);
    }
    torch::nn::Embedding charEmb, wordEmb;
    torch::nn::Conv1d conv;
    torch::nn::LSTM lstm;
    torch::nn::Linear out;
    int maxChars;
};
TORCH_MODULE(TaggerNet);

struct Batch {
    torch::Tensor chars, words, lengths, tags, mask, weights;
};

Batch makeBatch(const std::vector<const Encoded *> &items, int maxChars, torch::Device device)
{
    std::int64_t t = 1;
    for (const Encoded *e : items)
        t = std::max<std::int64_t>(t, std::int64_t(e->tokens.size()));
    const std::int64_t b = std::int64_t(items.size());
    torch::Tensor chars = torch::zeros({b, t, maxChars}, torch::kInt64), words = torch::zeros({b, t}, torch::kInt64);
    torch::Tensor tags = torch::zeros({b, t}, torch::kInt64), mask = torch::zeros({b, t});
    torch::Tensor lengths = torch::zeros({b}, torch::kInt64), weights = torch::zeros({b});
    auto ca = chars.accessor<std::int64_t, 3>();
    auto wa = words.accessor<std::int64_t, 2>();
    auto ta = tags.accessor<std::int64_t, 2>();
    auto ma = mask.accessor<float, 2>();
    for (std::int64_t i = 0; i < b; ++i) {
        const Encoded &e = *items[std::size_t(i)];
        const std::int64_t n = std::max<std::int64_t>(1, std::int64_t(e.tokens.size()));
        lengths[i] = n;
        weights[i] = float(e.weight);
        for (std::int64_t j = 0; j < std::int64_t(e.tokens.size()); ++j) {
            wa[i][j] = e.words[std::size_t(j)];
            for (int k = 0; k < maxChars; ++k)
                ca[i][j][k] = e.chars[std::size_t(j) * std::size_t(maxChars) + std::size_t(k)];
            if (!e.tags.empty())
                ta[i][j] = e.tags[std::size_t(j)];
            ma[i][j] = 1;
        }
    }
    return {chars.to(device), words.to(device), lengths, tags.to(device), mask.to(device), weights.to(device)};
}

// Per token tags of a batch (argmax).
std::vector<std::vector<std::int64_t>> predictTags(TaggerNet &net, const std::vector<const Encoded *> &items, int maxChars,
                                                   torch::Device device)
{
    Batch batch = makeBatch(items, maxChars, device);
    torch::Tensor best = net->forward(batch.chars, batch.words, batch.lengths).argmax(2).to(torch::kCPU);
    std::vector<std::vector<std::int64_t>> out;
    auto a = best.accessor<std::int64_t, 2>();
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::vector<std::int64_t> tags(items[i]->tokens.size());
        for (std::size_t j = 0; j < tags.size(); ++j)
            tags[j] = a[std::int64_t(i)][std::int64_t(j)];
        out.push_back(std::move(tags));
    }
    return out;
}

struct Evaluation {
    double loss = 0, f1 = 0;
};

Evaluation evaluate(TaggerNet &net, const std::vector<Encoded> &test, const std::vector<std::vector<TagSpan>> &gold,
                    int maxChars, torch::Device device, int batchSize)
{
    torch::NoGradGuard noGrad;
    net->eval();
    Evaluation ev;
    int predicted = 0, truth = 0, hits = 0;
    double lossSum = 0, tokens = 0;
    for (std::size_t from = 0; from < test.size(); from += std::size_t(batchSize)) {
        std::vector<const Encoded *> items;
        for (std::size_t i = from; i < std::min(test.size(), from + std::size_t(batchSize)); ++i)
            items.push_back(&test[i]);
        Batch batch = makeBatch(items, maxChars, device);
        torch::Tensor logits = net->forward(batch.chars, batch.words, batch.lengths);
        torch::Tensor loss = torch::nll_loss(torch::log_softmax(logits.reshape({-1, tagCount()}), 1), batch.tags.reshape({-1}), {},
                                                    at::Reduction::None);
        lossSum += (loss * batch.mask.reshape({-1})).sum().item<double>();
        tokens += batch.mask.sum().item<double>();
        torch::Tensor best = logits.argmax(2).to(torch::kCPU);
        auto a = best.accessor<std::int64_t, 2>();
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::vector<std::int64_t> tags(items[i]->tokens.size());
            for (std::size_t j = 0; j < tags.size(); ++j)
                tags[j] = a[std::int64_t(i)][std::int64_t(j)];
            const std::vector<TagSpan> p = decode(items[i]->tokens, tags);
            const std::vector<TagSpan> &g = gold[from + i];
            predicted += int(p.size());
            for (const TagSpan &x : g)
                truth += typeIndex(x.type) >= 0;
            for (const TagSpan &x : p)
                for (const TagSpan &y : g)
                    if (x.start == y.start && x.end == y.end && x.type == y.type) {
                        ++hits;
                        break;
                    }
        }
    }
    ev.loss = tokens > 0 ? lossSum / tokens : 0;
    const double precision = predicted ? double(hits) / predicted : 0, recall = truth ? double(hits) / truth : 0;
    ev.f1 = text::EntityCounts::f(precision, recall);
    net->train();
    return ev;
}

nlohmann::json optionsJson(const TagOptions &o)
{
    return {{"charBuckets", o.charBuckets}, {"charDim", o.charDim}, {"charFilters", o.charFilters},
            {"wordBuckets", o.wordBuckets}, {"wordDim", o.wordDim}, {"hidden", o.hidden}, {"maxTokenChars", o.maxTokenChars}};
}

} // namespace

TrainResult trainTagger(const std::vector<TagSentence> &sentences, const TrainOptions &options, const TagOptions &tag,
                        ProgressSink *progress, MetricSink *metrics)
{
    if (sentences.empty())
        throw Error("the tagger has no sentences to learn from");
    if (tag.charBuckets < 2 || tag.wordBuckets < 2 || tag.maxTokenChars < 1 || tag.hidden < 1)
        throw Error("the tagger's sizes must be positive");
    std::size_t spanCount = 0;
    for (const TagSentence &s : sentences)
        for (const TagSpan &sp : s.spans)
            spanCount += typeIndex(sp.type) >= 0;
    if (spanCount == 0)
        throw Error("the tagger's sentences hold no spans of the five entity types");

    TrainResult result;
    const torch::Device device = detail::prepareRun(options, result);
    result.modelName = kModelName;
    const int batchSize = options.batchSize > 64 ? 16 : options.batchSize;

    // Split by group (note), never by sentence.
    std::set<std::string> groupSet;
    for (const TagSentence &s : sentences)
        groupSet.insert(s.group);
    const std::vector<std::string> held = heldOutPatients({groupSet.begin(), groupSet.end()}, tag.heldOutFraction, options.seed);
    const std::set<std::string> heldSet(held.begin(), held.end());
    std::vector<Encoded> train, test;
    std::vector<std::vector<TagSpan>> testGold;
    for (const TagSentence &s : sentences) {
        const std::u32string text = text::toU32(s.text);
        std::vector<text::Token> tokens = text::tokenize(text);
        if (tokens.empty())
            continue;
        Encoded e = encode(text, std::move(tokens), tag);
        setTags(e, s.spans);
        e.weight = s.weight;
        if (heldSet.count(s.group) && groupSet.size() > 1) {
            if (options.maxTest && test.size() >= options.maxTest)
                continue;
            test.push_back(std::move(e));
            testGold.push_back(s.spans);
        } else if (!options.maxTrain || train.size() < options.maxTrain) {
            train.push_back(std::move(e));
        }
    }
    if (train.empty())
        throw Error("the tagger has no training sentences with tokens");
    result.trainItems = train.size();
    result.testItems = test.size();

    TaggerNet net(tag);
    net->to(device);
    result.parameters = detail::parameterCount(*net);
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(options.learningRate));
    if (detail::hasCheckpoint(options) && options.resume &&
        detail::loadCheckpoint(options, "tag", *net, optimizer, result.history))
        result.resumedFromEpoch = int(result.history.size());

    const std::size_t batches = (train.size() + std::size_t(batchSize) - 1) / std::size_t(batchSize);
    const auto runStart = std::chrono::steady_clock::now();
    for (int epoch = result.resumedFromEpoch + 1; epoch <= options.epochs; ++epoch) {
        if (options.maxSeconds > 0 && !result.history.empty() && epoch > result.resumedFromEpoch + 1) {
            const double last = result.history.back().seconds;
            if (detail::secondsSince(runStart) + last > options.maxSeconds) {
                result.stoppedEarly = true;
                break;
            }
        }
        const auto start = std::chrono::steady_clock::now();
        std::mt19937_64 rng = detail::epochRng(options.seed, epoch);
        std::vector<std::size_t> order(train.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        net->train();
        double lossSum = 0;
        std::size_t done = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            if (isCancelled(progress)) {
                result.cancelled = true;
                break;
            }
            std::vector<const Encoded *> items;
            for (std::size_t i = b * std::size_t(batchSize); i < std::min(order.size(), (b + 1) * std::size_t(batchSize)); ++i)
                items.push_back(&train[order[i]]);
            Batch batch = makeBatch(items, tag.maxTokenChars, device);
            torch::Tensor logits = net->forward(batch.chars, batch.words, batch.lengths);
            torch::Tensor loss = torch::nll_loss(torch::log_softmax(logits.reshape({-1, tagCount()}), 1), batch.tags.reshape({-1}), {},
                                                        at::Reduction::None)
                                     .reshape(batch.mask.sizes());
            torch::Tensor weighted = (loss * batch.mask * batch.weights.unsqueeze(1)).sum() / batch.mask.sum();
            optimizer.zero_grad();
            weighted.backward();
            torch::nn::utils::clip_grad_norm_(net->parameters(), 5.0);
            optimizer.step();
            lossSum += weighted.item<double>();
            ++done;
            detail::reportBatch(progress, epoch, options.epochs, b + 1, batches);
        }
        if (result.cancelled)
            break;
        EpochMetrics m;
        m.epoch = epoch;
        m.epochs = options.epochs;
        m.trainLoss = done ? lossSum / double(done) : 0;
        const Evaluation ev = evaluate(net, test, testGold, tag.maxTokenChars, device, 64);
        m.validLoss = ev.loss;
        m.metricName = "entity F1";
        m.metric = ev.f1;
        m.seconds = detail::secondsSince(start);
        m.itemsPerSecond = m.seconds > 0 ? double(train.size()) / m.seconds : 0;
        result.history.push_back(m);
        if (detail::hasCheckpoint(options))
            detail::saveCheckpoint(options, "tag", *net, optimizer, result.history);
        if (metrics)
            metrics->epochFinished(m);
    }
    result.metric = result.history.empty() ? 0 : result.history.back().metric;
    net->to(torch::kCPU);
    result.weights = detail::moduleBytes(*net);
    nlohmann::json sidecar{{"task", "tag"},
                           {"model", kModelName},
                           {"tagger", optionsJson(tag)},
                           {"labels", tagNames()},
                           {"data", {{"trainSentences", train.size()}, {"testSentences", test.size()}}},
                           {"metric", {{"name", "entity F1"}, {"value", result.metric}}}};
    result.sidecarJson = sidecar.dump();
    reportProgress(progress, 1.0, result.cancelled ? "training cancelled" : "training finished");
    return result;
}

struct TagModel::Impl {
    TagOptions options;
    TaggerNet net{nullptr};
};

TagModel::TagModel() : m(std::make_unique<Impl>()) {}
TagModel::TagModel(TagModel &&) noexcept = default;
TagModel &TagModel::operator=(TagModel &&) noexcept = default;
TagModel::~TagModel() = default;

TagModel TagModel::load(const std::string &weights, const std::string &sidecarJson, const std::string &what)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(sidecarJson);
    } catch (const std::exception &e) {
        throw Error(what + ": the sidecar is not JSON (" + e.what() + ")");
    }
    const std::string task = j.is_object() && j.contains("task") && j["task"].is_string() ? j["task"].get<std::string>() : "";
    if (task != "tag")
        throw Error(what + ": a " + (task.empty() ? std::string("model without a task") : task + " model") +
                    ", not a tagger (task \"tag\")");
    if (!j.contains("tagger") || !j["tagger"].is_object() || j.value("model", "") != kModelName)
        throw Error(what + ": the sidecar does not describe a " + kModelName + " tagger");
    TagModel model;
    TagOptions &o = model.m->options;
    const nlohmann::json &t = j["tagger"];
    try {
        o.charBuckets = t.at("charBuckets").get<int>();
        o.charDim = t.at("charDim").get<int>();
        o.charFilters = t.at("charFilters").get<int>();
        o.wordBuckets = t.at("wordBuckets").get<int>();
        o.wordDim = t.at("wordDim").get<int>();
        o.hidden = t.at("hidden").get<int>();
        o.maxTokenChars = t.at("maxTokenChars").get<int>();
    } catch (const std::exception &e) {
        throw Error(what + ": the tagger's sizes are missing from the sidecar (" + e.what() + ")");
    }
    if (o.charBuckets < 2 || o.wordBuckets < 2 || o.maxTokenChars < 1 || o.hidden < 1 || o.charDim < 1 ||
        o.charFilters < 1 || o.wordDim < 1 || o.charBuckets > (1 << 24) || o.wordBuckets > (1 << 24) || o.hidden > 4096)
        throw Error(what + ": the tagger's sizes in the sidecar are out of range");
    model.m->net = TaggerNet(o);
    detail::loadModuleBytes(*model.m->net, weights, what);
    model.m->net->eval();
    return model;
}

TagModel TagModel::loadFiles(const std::string &weightsPath, const std::string &sidecarPath)
{
    auto readAll = [](const std::string &path) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw Error(path + ": cannot be read");
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    const std::string weights = readAll(weightsPath); // the weights first: a missing model names itself
    return load(weights, readAll(sidecarPath.empty() ? weightsPath + ".json" : sidecarPath), weightsPath);
}

std::vector<text::Span> TagModel::tag(const std::string &utf8) const
{
    torch::NoGradGuard noGrad;
    const std::u32string s = text::toU32(utf8);
    std::vector<text::Span> out;
    std::vector<Encoded> encoded;
    for (const text::Range &r : text::splitSentences(s)) {
        std::vector<text::Token> tokens;
        text::tokenize(s, r.start, r.end, tokens);
        if (!tokens.empty())
            encoded.push_back(encode(s, std::move(tokens), m->options));
    }
    for (std::size_t from = 0; from < encoded.size(); from += 32) {
        std::vector<const Encoded *> items;
        for (std::size_t i = from; i < std::min(encoded.size(), from + 32); ++i)
            items.push_back(&encoded[i]);
        const auto tags = predictTags(m->net, items, m->options.maxTokenChars, torch::kCPU);
        for (std::size_t i = 0; i < items.size(); ++i)
            for (const TagSpan &t : decode(items[i]->tokens, tags[i])) {
                text::Span span;
                span.start = t.start;
                span.end = t.end;
                span.type = t.type;
                span.text = text::toUtf8(std::u32string_view(s).substr(std::size_t(t.start), std::size_t(t.end - t.start)));
                span.source = "tagger";
                out.push_back(std::move(span));
            }
    }
    return out;
}

std::vector<text::Span> annotateWithTagger(const text::Annotator &annotator, const TagModel &model, const std::string &utf8)
{
    std::vector<text::Span> spans = annotator.annotate(utf8);
    std::vector<std::pair<int, int>> concepts;
    for (const text::Span &s : spans)
        if (typeIndex(s.type) >= 0)
            concepts.emplace_back(s.start, s.end);
    for (text::Span &t : model.tag(utf8)) {
        bool overlaps = false;
        for (const auto &c : concepts)
            overlaps = overlaps || (c.first < t.end && t.start < c.second);
        if (!overlaps)
            spans.push_back(std::move(t));
    }
    std::stable_sort(spans.begin(), spans.end(), [](const text::Span &a, const text::Span &b) { return a.start < b.start; });
    return spans;
}

} // namespace sagitta::core::ml
