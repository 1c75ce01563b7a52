#pragma once
// Child processes for the bench: a command's wall time and peak memory (the `sagitta` commands
// are measured as the processes users run).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace sagitta::bench {

struct ChildRun {
    double seconds = -1;
    double maxRssMb = 0;
    int status = -1;
};

// Runs a command, waits, and reports its wall time and peak resident memory.
inline ChildRun runChild(const std::vector<std::string> &args)
{
    std::vector<char *> argv;
    for (const auto &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    ChildRun r;
    pid_t pid = 0;
    const auto t0 = std::chrono::steady_clock::now();
    if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
        return r;
    // Peak memory of the child's own address space (VmHWM), polled until it exits: rusage's
    // maxrss would include the parent's, which posix_spawn's vfork shares until exec.
    int status = 0;
    long hwmKb = 0;
    const std::string statusFile = "/proc/" + std::to_string(pid) + "/status";
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (FILE *f = std::fopen(statusFile.c_str(), "r")) {
            char line[256];
            while (std::fgets(line, sizeof line, f))
                if (std::strncmp(line, "VmHWM:", 6) == 0)
                    hwmKb = std::max(hwmKb, std::atol(line + 6));
            std::fclose(f);
        }
        usleep(500);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.maxRssMb = double(hwmKb) / 1024.0;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    posix_spawn_file_actions_destroy(&actions);
    return r;
}

inline ChildRun medianChild(int runs, const std::vector<std::string> &args)
{
    std::vector<ChildRun> all;
    for (int n = 0; n < runs; ++n)
        all.push_back(runChild(args));
    std::sort(all.begin(), all.end(), [](const ChildRun &a, const ChildRun &b) { return a.seconds < b.seconds; });
    return all[all.size() / 2];
}

} // namespace sagitta::bench
