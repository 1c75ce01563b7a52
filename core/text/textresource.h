#pragma once
// The text resources embedded at build time (resources/text/*.tsv), read line by line:
//   for (std::string_view line : ResourceLines(textResource("names_zh.tsv"))) ...
// Empty lines and '#' comment lines are skipped; a resource the build lacks reads as empty.
#include <map>
#include <string>
#include <string_view>

namespace sagitta::embedded {
const std::map<std::string, std::string_view> &textResources();
}

namespace sagitta::core::text {

// One embedded resource's content, empty when there is none of that name.
std::string_view textResource(const std::string &name);

class ResourceLines {
public:
    explicit ResourceLines(std::string_view content) : rest_(content) {}

    class iterator {
    public:
        iterator() = default;
        explicit iterator(std::string_view rest) : rest_(rest), done_(false) { advance(); }
        std::string_view operator*() const { return line_; }
        iterator &operator++()
        {
            advance();
            return *this;
        }
        bool operator==(const iterator &o) const { return done_ == o.done_ && (done_ || rest_.data() == o.rest_.data()); }
        bool operator!=(const iterator &o) const { return !(*this == o); }

    private:
        void advance()
        {
            while (!rest_.empty()) {
                const std::size_t nl = rest_.find('\n');
                line_ = rest_.substr(0, nl);
                rest_ = nl == std::string_view::npos ? std::string_view() : rest_.substr(nl + 1);
                if (!line_.empty() && line_[0] != '#')
                    return;
            }
            done_ = true;
        }
        std::string_view rest_, line_;
        bool done_ = true;
    };

    iterator begin() const { return iterator(rest_); }
    iterator end() const { return iterator(); }

private:
    std::string_view rest_;
};

} // namespace sagitta::core::text
