#ifndef LETSCHAT_CNCURSES_SHIM_H
#define LETSCHAT_CNCURSES_SHIM_H

/* The wide-character API is hidden unless this is set before <ncurses.h>. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <termios.h>

/* Globals and function-like macros do not import into Swift 6; these accessors do. */
static inline WINDOW *lc_stdscr(void) { return stdscr; }
static inline int lc_cols(void) { return COLS; }
static inline int lc_lines(void) { return LINES; }
static inline int lc_colors(void) { return COLORS; }
static inline attr_t lc_a_bold(void) { return A_BOLD; }
static inline attr_t lc_a_dim(void) { return A_DIM; }
static inline attr_t lc_a_reverse(void) { return A_REVERSE; }
static inline attr_t lc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t lc_color_pair(int n) { return COLOR_PAIR(n); }

/* Signals become bytes on a pipe, so the UI thread's poll() wakes for them without a race:
   'w' for SIGWINCH, 'q' for SIGINT, SIGTERM and SIGHUP. */
static int lc_signal_fd = -1;
static inline void lc_signal_to_pipe(int sig) {
    if (lc_signal_fd >= 0) {
        char byte = sig == SIGWINCH ? 'w' : 'q';
        ssize_t ignored = write(lc_signal_fd, &byte, 1);
        (void)ignored;
    }
}
static inline int lc_install_signal_pipe(int write_fd) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = lc_signal_to_pipe;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    lc_signal_fd = write_fd;
    int status = sigaction(SIGWINCH, &action, NULL);
    status |= sigaction(SIGINT, &action, NULL);
    status |= sigaction(SIGTERM, &action, NULL);
    status |= sigaction(SIGHUP, &action, NULL);
    return status;
}

/* On a crash, put the terminal back (saved modes, no bracketed paste, main screen, cursor shown)
   before dying, using only async-signal-safe calls. */
static struct termios lc_saved_modes = {0};
static int lc_saved_modes_valid = 0;
static inline void lc_restore_on_crash(int sig) {
    static const char reset[] = "\033[?2004l\033[?1049l\033[?25h\033[0m\r\n";
    if (lc_saved_modes_valid) tcsetattr(0, TCSANOW, &lc_saved_modes);
    ssize_t ignored = write(1, reset, sizeof reset - 1);
    (void)ignored;
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void lc_install_crash_restore(void) {
    if (tcgetattr(0, &lc_saved_modes) == 0) lc_saved_modes_valid = 1;
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = lc_restore_on_crash;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, NULL);
    }
}

/* Mouse wheel: buttons 4 and 5 (function-like macros in ncurses.h). */
static inline mmask_t lc_wheel_mask(void) { return BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int lc_wheel_direction(void) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    if (event.bstate & BUTTON4_PRESSED) return -1;
    if (event.bstate & BUTTON5_PRESSED) return 1;
    return 0;
}

/* The terminal's size from the kernel; 0 on success. */
static inline int lc_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

#endif
