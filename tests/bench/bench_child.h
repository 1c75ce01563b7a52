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
    double cpuSeconds = -1; // user + system, all threads: what the command costs whatever else runs
};

// Runs a command through sagitta_bench_spawn (SAGITTA_BENCH_SPAWN, beside the bench), which forks
// it from a process of its own and reports the command's wall time, its CPU time and its peak
// resident memory from wait4's rusage. Straight from the bench, ru_maxrss would include the bench's own peak (the
// address space a child replaces at exec counts), and polling /proc/PID/status can miss the peak
// just before exit.
inline ChildRun runChild(const std::vector<std::string> &args)
{
    std::vector<std::string> all{SAGITTA_BENCH_SPAWN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (const auto &a : all)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    ChildRun r;
    int fds[2];
    if (pipe(fds) != 0)
        return r;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::string line;
    char buf[256];
    ssize_t n = 0;
    while (spawned == 0 && (n = read(fds[0], buf, sizeof buf)) > 0)
        line.append(buf, std::size_t(n));
    close(fds[0]);
    if (spawned != 0)
        return r;
    int status = 0;
    waitpid(pid, &status, 0);
    double seconds = -1;
    long kb = 0;
    int exitCode = -1;
    double cpu = -1;
    if (std::sscanf(line.c_str(), "%lf %ld %d %lf", &seconds, &kb, &exitCode, &cpu) >= 3 && exitCode != 127) {
        r.seconds = seconds;
        r.cpuSeconds = cpu;
        r.maxRssMb = double(kb) / 1024.0;
        r.status = exitCode;
    }
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
