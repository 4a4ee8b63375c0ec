/*
 * runstat: run one pipeline once and say what it cost; used by bench.sh.
 *
 *     runstat TIMEOUT INPUT STAGE [STAGE...]
 *
 * Each STAGE is a command and its arguments separated by spaces (no quoting,
 * no shell).  The stages are connected by pipes; the first reads INPUT, the
 * last writes to /dev/null, standard error goes to /dev/null.  Prints one line:
 *
 *     wall_ns cpu_seconds rss_max_kib rss_sum_kib status
 *
 * Why a program of its own: on a small VM every extra process (sh, time,
 * date, timeout) costs 15-90 ms, more than the 10 ms steps of time's %e, and
 * varies with the load.  Here the clock starts just before the first stage
 * is spawned and stops when the last has exited, so the only start-up cost
 * counted is the stages' own.  And a child's peak RSS as wait4() reports it
 * includes the RSS of its parent at the moment of spawning (the kernel keeps
 * the larger of the two across exec), so the parent must be small: a
 * Python or shell harness would add its own 2-14 MiB to every figure.
 *
 * status is the first non-zero exit status of a stage, 128+N for a stage
 * killed by signal N, 124 when TIMEOUT seconds passed (then every stage is
 * killed).  The exit status of runstat itself is 0 unless it could not run
 * the pipeline at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_STAGES = 16, MAX_WORDS = 64 };

extern char **environ;

/* Set by SIGALRM; the only way a signal handler can talk to the loop. */
static volatile sig_atomic_t timed_out;

static void on_alarm(int signum)
{
	(void)signum;
	timed_out = 1;
}

static void fail(const char *what)
{
	fprintf(stderr, "runstat: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Splits STAGE in place into ARGV (NULL-terminated); returns the count. */
static int split_words(char *stage, char **argv)
{
	int count = 0;
	for (char *word = strtok(stage, " "); word; word = strtok(NULL, " ")) {
		if (count == MAX_WORDS - 1) {
			fprintf(stderr, "runstat: too many words in a stage\n");
			exit(2);
		}
		argv[count++] = word;
	}
	argv[count] = NULL;
	return count;
}

/* Spawns STAGE reading IN and writing OUT.  Every other descriptor of ours
 * is close-on-exec, so a stage holds no pipe end but its own. */
static pid_t spawn_stage(char *stage, int in, int out)
{
	char *argv[MAX_WORDS];
	if (split_words(stage, argv) == 0) {
		fprintf(stderr, "runstat: empty stage\n");
		exit(2);
	}
	posix_spawn_file_actions_t actions;
	if (posix_spawn_file_actions_init(&actions) != 0 ||
	    posix_spawn_file_actions_adddup2(&actions, in, 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&actions, out, 1) != 0 ||
	    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) != 0)
		fail("posix_spawn_file_actions");
	pid_t pid;
	int error = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
	if (error != 0) {
		errno = error;
		fail(argv[0]);
	}
	posix_spawn_file_actions_destroy(&actions);
	return pid;
}

/* Waits for PID, killing every stage once the alarm has rung. */
static void wait_stage(pid_t pid, const pid_t *pids, int count, int *status, struct rusage *usage)
{
	while (wait4(pid, status, 0, usage) < 0) {
		if (errno != EINTR)
			fail("wait4");
		if (timed_out)
			for (int i = 0; i < count; i++)
				kill(pids[i], SIGKILL);
	}
}

static int exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static long long now_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc - 3 > MAX_STAGES) {
		fprintf(stderr, "usage: runstat TIMEOUT INPUT STAGE [STAGE...] (at most %d stages)\n", MAX_STAGES);
		return 2;
	}
	int count = argc - 3;
	struct sigaction alarm_action = { .sa_handler = on_alarm }; /* no SA_RESTART: wait4 must wake */
	sigaction(SIGALRM, &alarm_action, NULL);
	int in = open(argv[2], O_RDONLY | O_CLOEXEC);
	int sink = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (in < 0 || sink < 0)
		fail(argv[2]);

	pid_t pids[MAX_STAGES];
	long long start = now_ns();
	for (int i = 0; i < count; i++) {
		int pipe_fds[2] = { -1, sink };
		if (i < count - 1 && pipe2(pipe_fds, O_CLOEXEC) < 0)
			fail("pipe");
		pids[i] = spawn_stage(argv[3 + i], in, pipe_fds[1]);
		close(in);
		if (i < count - 1)
			close(pipe_fds[1]);
		in = pipe_fds[0];
	}
	alarm((unsigned)atoi(argv[1]));

	double cpu = 0;
	long rss_max = 0, rss_sum = 0;
	int result = 0;
	for (int i = 0; i < count; i++) {
		int status;
		struct rusage usage;
		wait_stage(pids[i], pids, count, &status, &usage);
		cpu += usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
		       usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
		rss_max = usage.ru_maxrss > rss_max ? usage.ru_maxrss : rss_max;
		rss_sum += usage.ru_maxrss;
		if (result == 0)
			result = exit_code(status);
	}
	long long wall = now_ns() - start;
	if (timed_out)
		result = 124;
	if (printf("%lld %.4f %ld %ld %d\n", wall, cpu, rss_max, rss_sum, result) < 0 || fflush(stdout) != 0)
		fail("stdout");
	return 0;
}
