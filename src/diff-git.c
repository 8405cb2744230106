/* SPDX-License-Identifier: MIT */
/* unattend-diff --git: the text diff shown when a side does not parse, secrets hidden. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff-git.h"
#include "secret.h"
#include "tool.h"

/* One line of diff -u's output: headers as they are, any other line that names a
 * password-like thing reduced to its sign and indentation. */
static void
put_line(FILE *out, char *line, const struct ua_secret_names *sn)
{
	size_t n = strlen(line), ws;

	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (strncmp(line, "@@", 2) == 0 || strncmp(line, "---", 3) == 0 ||
	    strncmp(line, "+++", 3) == 0 || line[0] == '\\' ||
	    !ua_secret_names_in_text(sn, line)) {
		ua_print_visible(out, line);
		fputc('\n', out);
		return;
	}
	ws = n ? 1 + strspn(line + 1, " \t") : 0;
	line[ws] = '\0';
	ua_print_visible(out, line);
	fputs("(hidden: this line may hold a secret)\n", out);
}

int
ua_diff_git_text(FILE *out, const char *oldlabel, const char *newlabel,
    const char *oldpath, const char *newpath, const struct ua_secret_names *sn)
{
	int fd[2], status;
	FILE *in;
	pid_t pid;
	char *line = NULL;
	size_t cap = 0;

	fflush(out);
	if (pipe(fd) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execlp("diff", "diff", "-u", "--label", oldlabel, "--label", newlabel,
		    "--", oldpath, newpath, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if ((in = fdopen(fd[0], "r")) == NULL) {
		close(fd[0]);
		waitpid(pid, &status, 0);
		return -1;
	}
	while (getline(&line, &cap, in) != -1)
		put_line(out, line, sn);
	free(line);
	fclose(in);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* diff: 0 same, 1 different, 2 trouble; 127: no diff program */
	return WIFEXITED(status) && WEXITSTATUS(status) <= 1 ? 0 : -1;
}
