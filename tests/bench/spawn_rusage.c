/* sagitta_bench_spawn COMMAND [ARGS...]: runs the command with its output sent to /dev/null and
 * prints one line "SECONDS MAXRSS_KB EXIT" on standard output: wall time from fork to exit and
 * the peak resident memory of the command's own process, from wait4's rusage.
 *
 * Why a separate small program: a child's ru_maxrss includes the peak of the address space it
 * replaced at exec. Spawned straight from sagitta_bench (hundreds of MB once it has loaded a
 * series, LibTorch mapped) the figure would be the bench's; forked from this tiny process it is
 * the command's alone. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sagitta_bench_spawn COMMAND [ARGS...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        const int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const double cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec
                       + (double)usage.ru_stime.tv_usec / 1e6;
    printf("%.6f %ld %d %.6f\n", seconds, usage.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : -1, cpu);
    return 0;
}
