#include "tests/bench/bench_labels.h"

#include <cstdio>

namespace sagitta::bench {

void regionEffectsBench()
{
    std::printf("(no figures yet)\n");
}

} // namespace sagitta::bench
