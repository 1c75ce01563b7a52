#include "core/ml/datasets.h"

#include "core/base/error.h"

#include <zlib.h>

#include <algorithm>
#include <memory>

namespace sagitta::core::ml {

int ImageSet::classes() const
{
    if (!classNames.empty())
        return int(classNames.size());
    int top = -1;
    for (const std::uint8_t l : labels)
        top = std::max(top, int(l));
    return top + 1;
}

namespace {

// The whole (decompressed) content of a gzip or plain file.
std::string readGz(const std::string &path)
{
    std::unique_ptr<gzFile_s, int (*)(gzFile)> f(gzopen(path.c_str(), "rb"), gzclose);
    if (!f)
        throw Error(path + ": cannot be opened");
    std::string out;
    char buf[1 << 16];
    for (;;) {
        const int n = gzread(f.get(), buf, sizeof buf);
        if (n < 0) {
            int err = 0;
            throw Error(path + ": cannot be read (" + gzerror(f.get(), &err) + ")");
        }
        if (n == 0)
            break;
        out.append(buf, std::size_t(n));
    }
    return out;
}

std::uint32_t bigEndian32(const std::string &data, std::size_t at)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data.data() + at);
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Checks the IDX header (magic 0x000008NN: unsigned bytes, NN dimensions) and returns the sizes.
std::vector<std::uint32_t> idxHeader(const std::string &path, const std::string &data, int dimensions)
{
    if (data.size() < 4 || data[0] != 0 || data[1] != 0)
        throw Error(path + ": not an IDX file (bad magic number)");
    if (static_cast<unsigned char>(data[2]) != 0x08)
        throw Error(path + ": IDX file of a type other than unsigned bytes");
    if (data[3] != dimensions)
        throw Error(path + ": IDX file with " + std::to_string(int(data[3])) + " dimensions, expected "
                    + std::to_string(dimensions));
    const std::size_t header = 4 + 4 * std::size_t(dimensions);
    if (data.size() < header)
        throw Error(path + ": IDX header is truncated");
    std::vector<std::uint32_t> sizes;
    std::size_t total = 1;
    for (int d = 0; d < dimensions; ++d) {
        sizes.push_back(bigEndian32(data, 4 + 4 * std::size_t(d)));
        total *= sizes.back();
    }
    if (data.size() != header + total)
        throw Error(path + ": IDX file holds " + std::to_string(data.size() - header) + " bytes of data, its header says "
                    + std::to_string(total));
    return sizes;
}

} // namespace

ImageSet readIdx(const std::string &imagesPath, const std::string &labelsPath)
{
    const std::string images = readGz(imagesPath);
    const std::string labels = readGz(labelsPath);
    const std::vector<std::uint32_t> is = idxHeader(imagesPath, images, 3);
    const std::vector<std::uint32_t> ls = idxHeader(labelsPath, labels, 1);
    if (is[0] != ls[0])
        throw Error(labelsPath + ": " + std::to_string(ls[0]) + " labels for " + std::to_string(is[0]) + " images in "
                    + imagesPath);
    ImageSet set;
    set.rows = int(is[1]);
    set.cols = int(is[2]);
    set.pixels.assign(images.begin() + 16, images.end());
    set.labels.assign(labels.begin() + 8, labels.end());
    return set;
}

TrainTestSets loadFashionMnist(const std::string &dir)
{
    static const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    TrainTestSets sets;
    sets.train = readIdx(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz");
    sets.test = readIdx(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz");
    for (ImageSet *s : {&sets.train, &sets.test}) {
        s->classNames = names;
        for (const std::uint8_t l : s->labels)
            if (l >= names.size())
                throw Error(dir + ": Fashion-MNIST label " + std::to_string(int(l)) + " out of range");
    }
    return sets;
}

} // namespace sagitta::core::ml
