// Sirius-only (not a differential program): the console as init's
// controlling terminal, driven by run_terminal_test.py through QEMU's
// serial port. It cannot run unchanged on the host: its input comes from a
// driver that answers its prompts, and the host's stdin in the differential
// runner is /dev/null, not a terminal.
//
// Each step prints "ready-<step>" and reads what the driver types; a line
// "ok <step>" or "FAIL <step>: ..." says how it went. Exit status 0 when
// every step passed.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int failures;
static volatile sig_atomic_t sigint_count;

static void on_sigint(int signal)
{
    (void)signal;
    ++sigint_count;
}

static void say(const char* text)
{
    // Unbuffered: the driver waits for each prompt.
    (void)write(1, text, strlen(text));
}

static void result(const char* step, int ok, const char* detail)
{
    char line[256];
    if (ok) {
        snprintf(line, sizeof(line), "ok %s\n", step);
    } else {
        snprintf(line, sizeof(line), "FAIL %s: %s\n", step, detail);
        ++failures;
    }
    say(line);
}

// One read(2) of fd 0; returns its result, the bytes in `buffer`.
static ssize_t read_once(char* buffer, size_t size)
{
    ssize_t got;
    do {
        got = read(0, buffer, size);
    } while (got < 0 && errno == EINTR);
    if (got >= 0) {
        buffer[got] = '\0';
    }
    return got;
}

static void expect_read(const char* step, const char* expected)
{
    char buffer[256];
    char detail[300];
    ssize_t got = read_once(buffer, sizeof(buffer) - 1);
    snprintf(detail, sizeof(detail), "read %zd bytes \"%s\"", got, got >= 0 ? buffer : strerror(errno));
    result(step, got == (ssize_t)strlen(expected) && memcmp(buffer, expected, strlen(expected)) == 0, detail);
}

int main(void)
{
    char detail[128];
    // init starts in session 0, as Linux's does: like busybox init it makes
    // its own session, and the console becomes that session's controlling
    // terminal, with init's group in the foreground.
    result("setsid", setsid() == getpid(), strerror(errno));
    result("TIOCSCTTY", ioctl(0, TIOCSCTTY, 0) == 0, strerror(errno));
    pid_t group = -1;
    result("TIOCGPGRP", ioctl(0, TIOCGPGRP, &group) == 0 && group == getpid(), "not init's group");
    pid_t session = -1;
    result("TIOCGSID", ioctl(0, TIOCGSID, &session) == 0 && session == getpid(), "not init's session");
    struct termios settings;
    result("tcgetattr", tcgetattr(0, &settings) == 0 && (settings.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG), "not the defaults");

    // A canonical read returns one line, though two were typed.
    say("ready-lines\n");
    expect_read("first-line", "one\n");
    expect_read("second-line", "two\n");

    // VERASE (DEL), VWERASE (^W) and VKILL (^U) edit the line.
    say("ready-erase\n");
    expect_read("erase", "abc\n");
    say("ready-werase\n");
    expect_read("werase", "foo baz\n");
    say("ready-kill\n");
    expect_read("kill", "ok\n");

    // VEOF (^D): a partial line without its newline, then end of file.
    say("ready-eof\n");
    expect_read("eof-partial", "partial");
    say("ready-eof-empty\n");
    expect_read("eof-empty", "");

    // ^C: SIGINT to the foreground group - init (which catches it) and its
    // child (which dies of it).
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_sigint;
    sigaction(SIGINT, &action, NULL);
    pid_t child = fork();
    if (child == 0) {
        signal(SIGINT, SIG_DFL);
        say("ready-intr\n");
        for (;;) {
            pause();
        }
    }
    int status = 0;
    pid_t waited;
    do {
        waited = waitpid(child, &status, 0);
    } while (waited < 0 && errno == EINTR);
    snprintf(detail, sizeof(detail), "waitpid %d status %#x, init's SIGINTs %d", (int)waited, status, (int)sigint_count);
    result("intr", waited == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGINT && sigint_count == 1, detail);

    // ^C again, at a child busy in user space: the bytes reach the line
    // discipline on a return to user space rather than in the idle loop.
    sigint_count = 0;
    child = fork();
    if (child == 0) {
        signal(SIGINT, SIG_DFL);
        say("ready-intr-busy\n");
        for (volatile unsigned long spin = 0;; ++spin) {
        }
    }
    do {
        waited = waitpid(child, &status, 0);
    } while (waited < 0 && errno == EINTR);
    snprintf(detail, sizeof(detail), "waitpid %d status %#x, init's SIGINTs %d", (int)waited, status, (int)sigint_count);
    result("intr-busy", waited == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGINT && sigint_count == 1, detail);

    // Raw mode: VMIN 1 returns each byte as it comes, without echo.
    settings.c_lflag &= ~(ICANON | ECHO);
    settings.c_cc[VMIN] = 1;
    settings.c_cc[VTIME] = 0;
    result("tcsetattr", tcsetattr(0, TCSANOW, &settings) == 0, strerror(errno));
    say("ready-raw\n");
    expect_read("raw", "x");

    say(failures == 0 ? "all passed\n" : "some failed\n");
    return failures == 0 ? 0 : 1;
}
