#include "core/tty/line_discipline.h"

#include <asm/signal.h>

namespace sirius::tty {

namespace {

// The kernel's iscntrl (lib/ctype.c): 0-31, DEL, and 128-159.
bool is_control(u8 c)
{
    return c < 32 || c == 127 || (c >= 128 && c < 160);
}

bool is_alnum(u8 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

LineDiscipline::LineDiscipline(TerminalPort& port)
    : m_port(port)
    , m_settings(default_termios())
{
}

void LineDiscipline::set_settings(const Termios& settings)
{
    const bool canon_changed = ((m_settings.c_lflag ^ settings.c_lflag) & ICANON) != 0;
    const bool ixon_dropped = (m_settings.c_iflag & IXON) != 0 && (settings.c_iflag & IXON) == 0;
    m_settings = settings;
    if (canon_changed) {
        // n_tty_set_termios: "bitmap_zero(ldata->read_flags)", then in
        // canonical mode whatever is buffered is pushed as one line (a
        // flagged __DISABLED_CHAR reads as end of file, as any would).
        for (u32 i = m_tail; i != m_head; ++i) {
            mark_at(i) = Mark::None;
        }
        if (!is_canonical() || m_head == m_tail) {
            m_canon_head = m_tail;
        } else {
            mark_at(m_head - 1) = byte_at(m_head - 1) == 0 ? Mark::EndOfFile : Mark::LineEnd;
            m_canon_head = m_head;
        }
        m_literal_next = false;
    }
    if (ixon_dropped) {
        m_output_stopped = false;
    }
    // "The termios change make the tty ready for I/O."
    if (has_readable_input()) {
        m_port.input_available();
    }
}

bool LineDiscipline::has_room() const
{
    // n_tty_receive_buf_common: one slot stays free, except in canonical
    // mode without a complete line, where the last slot keeps taking the
    // newest byte so that a newline can still end the line.
    return m_head - m_tail + 1 < kBufferSize;
}

void LineDiscipline::receive(u8 c)
{
    if (!has_room()) {
        const bool overflow = is_canonical() && m_canon_head == m_tail;
        if (!overflow) {
            // Linux leaves it in the driver's flip buffer until a read makes
            // room; Sirius has no flip buffer and drops it.
            return;
        }
        if (m_head - m_tail == kBufferSize) {
            --m_head;
        }
    }
    if (iflag(ISTRIP)) {
        c &= 0x7f;
    }
    if (iflag(IUCLC) && lflag(IEXTEN) && c >= 'A' && c <= 'Z') {
        c = static_cast<u8>(c - 'A' + 'a');
    }
    if (m_literal_next) {
        // n_tty_receive_char_lnext: the byte after VLNEXT has no special
        // meaning.
        m_literal_next = false;
        receive_literal(c);
        return;
    }
    if (receive_special(c)) {
        return;
    }
    receive_literal(c);
}

// n_tty_receive_char: echo, then into the buffer.
void LineDiscipline::receive_literal(u8 c)
{
    // A newline that gets here (non-canonical mode, or after VLNEXT) is
    // an ordinary control character: ECHOCTL shows it as ^J.
    if (lflag(ECHO)) {
        set_canon_column_if_line_start();
        echo_char(c);
    }
    (void)put(c, Mark::None);
    if (!is_canonical()) {
        m_port.input_available();
    }
}

// n_tty_receive_char_special for the characters in n_tty's char_map;
// returns false for a byte that is ordinary after all (maybe translated:
// ICRNL, INLCR).
bool LineDiscipline::receive_special(u8& c)
{
    if (iflag(IXON)) {
        if (is_char(c, VSTART)) {
            m_output_stopped = false;
            return true;
        }
        if (is_char(c, VSTOP)) {
            m_output_stopped = true;
            return true;
        }
    }
    if (lflag(ISIG)) {
        if (is_char(c, VINTR)) {
            receive_signal_char(SIGINT, c);
            return true;
        }
        if (is_char(c, VQUIT)) {
            receive_signal_char(SIGQUIT, c);
            return true;
        }
        if (is_char(c, VSUSP)) {
            receive_signal_char(SIGTSTP, c);
            return true;
        }
    }
    if (m_output_stopped && iflag(IXON) && iflag(IXANY)) {
        m_output_stopped = false;
    }
    if (c == '\r') {
        if (iflag(IGNCR)) {
            return true;
        }
        if (iflag(ICRNL)) {
            c = '\n';
        }
    } else if (c == '\n' && iflag(INLCR)) {
        c = '\r';
    }
    if (!is_canonical()) {
        return false;
    }
    if (is_char(c, VERASE) || is_char(c, VKILL) || (is_char(c, VWERASE) && lflag(IEXTEN))) {
        erase(c);
        return true;
    }
    if (is_char(c, VLNEXT) && lflag(IEXTEN)) {
        m_literal_next = true;
        if (lflag(ECHO) && lflag(ECHOCTL)) {
            // "^" then back over it: the next byte's echo replaces it.
            echo_raw('^');
            echo_raw('\b');
        }
        return true;
    }
    if (c == '\n') {
        if (lflag(ECHO) || lflag(ECHONL)) {
            echo_raw('\n');
        }
        end_line(c, Mark::LineEnd);
        return true;
    }
    if (is_char(c, VEOF)) {
        // Stored as __DISABLED_CHAR with the line-end flag, never echoed.
        end_line(0, Mark::EndOfFile);
        return true;
    }
    if (is_char(c, VEOL) || (is_char(c, VEOL2) && lflag(IEXTEN))) {
        if (lflag(ECHO)) {
            set_canon_column_if_line_start();
            echo_char(c);
        }
        end_line(c, Mark::LineEnd);
        return true;
    }
    return false;
}

// n_tty_receive_signal_char and isig: the signal first, then (unless
// NOFLSH) the input is flushed, then the character is echoed.
void LineDiscipline::receive_signal_char(int signal, u8 c)
{
    m_port.signal_foreground(signal);
    if (!lflag(NOFLSH)) {
        flush_input();
    }
    if (iflag(IXON)) {
        m_output_stopped = false;
    }
    if (lflag(ECHO)) {
        echo_char(c);
    }
}

void LineDiscipline::end_line(u8 c, Mark mark)
{
    if (put(c, mark)) {
        m_canon_head = m_head;
        m_port.input_available();
    }
}

bool LineDiscipline::put(u8 c, Mark mark)
{
    if (m_head - m_tail >= kBufferSize) {
        return false;
    }
    byte_at(m_head) = c;
    mark_at(m_head) = mark;
    ++m_head;
    return true;
}

// Linux eraser(): VERASE takes back one character, VWERASE a word (with
// the blanks after it; a word is letters, digits and '_', BSD's
// ALTWERASE), VKILL the whole line being edited. Complete lines are never
// touched.
void LineDiscipline::erase(u8 c)
{
    if (m_head == m_canon_head) {
        return;
    }
    enum class Kind : u8 { Erase,
        WordErase,
        Kill };
    Kind kind = Kind::Kill;
    if (is_char(c, VERASE)) {
        kind = Kind::Erase;
    } else if (is_char(c, VWERASE)) {
        kind = Kind::WordErase;
    } else {
        if (!lflag(ECHO)) {
            m_head = m_canon_head;
            return;
        }
        if (!lflag(ECHOK) || !lflag(ECHOKE) || !lflag(ECHOE)) {
            m_head = m_canon_head;
            echo_char(c);
            // "Add a newline if ECHOK is on and ECHOKE is off."
            if (lflag(ECHOK)) {
                echo_raw('\n');
            }
            return;
        }
    }
    u32 seen_alnums = 0;
    while (m_head != m_canon_head) {
        u32 head = m_head;
        u8 erased = 0;
        // A multibyte (IUTF8) character goes as a whole.
        do {
            --head;
            erased = byte_at(head);
        } while (is_continuation(erased) && head != m_canon_head);
        if (is_continuation(erased)) {
            break;
        }
        if (kind == Kind::WordErase) {
            if (is_alnum(erased) || erased == '_') {
                ++seen_alnums;
            } else if (seen_alnums != 0) {
                break;
            }
        }
        m_head = head;
        if (lflag(ECHO)) {
            if (kind == Kind::Erase && !lflag(ECHOE)) {
                echo_char(c);
            } else if (erased == '\t') {
                erase_tab();
            } else {
                // "\b \b" per column the echo took: two for a ^X.
                if (is_control(erased) && lflag(ECHOCTL)) {
                    echo_raw('\b');
                    echo_raw(' ');
                    echo_raw('\b');
                }
                if (!is_control(erased) || lflag(ECHOCTL)) {
                    echo_raw('\b');
                    echo_raw(' ');
                    echo_raw('\b');
                }
            }
        }
        if (kind == Kind::Erase) {
            break;
        }
    }
}

// eraser()'s tab case and process_echoes' ECHO_OP_ERASE_TAB: back to the
// column the tab started at, counted from the previous tab or from the
// column the line started at.
void LineDiscipline::erase_tab()
{
    u32 columns = 0;
    bool after_tab = false;
    for (u32 tail = m_head; tail != m_canon_head;) {
        --tail;
        const u8 c = byte_at(tail);
        if (c == '\t') {
            after_tab = true;
            break;
        }
        if (is_control(c)) {
            if (lflag(ECHOCTL)) {
                columns += 2;
            }
        } else if (!is_continuation(c)) {
            ++columns;
        }
    }
    if (!after_tab) {
        columns += m_canon_column;
    }
    u32 backspaces = 8 - (columns & 7);
    if (backspaces > m_column) {
        backspaces = m_column;
    }
    for (; backspaces > 0; --backspaces) {
        const u8 bs = '\b';
        emit(&bs, 1);
        if (m_column > 0) {
            --m_column;
        }
    }
}

void LineDiscipline::echo_raw(u8 c)
{
    if (oflag(OPOST)) {
        output_char(c);
    } else {
        emit(&c, 1);
    }
}

// echo_char: under ECHOCTL a control character other than tab is shown
// as ^X (X = c ^ 0100: ^C for 3, ^? for DEL).
void LineDiscipline::echo_char(u8 c)
{
    if (lflag(ECHOCTL) && is_control(c) && c != '\t') {
        const u8 pair[2] = { '^', static_cast<u8>(c ^ 0100) };
        emit(pair, 2);
        m_column += 2;
        return;
    }
    echo_raw(c);
}

// echo_set_canon_col: the first echo of a line records where it starts.
void LineDiscipline::set_canon_column_if_line_start()
{
    if (m_canon_head == m_head) {
        m_canon_column = m_column;
    }
}

bool LineDiscipline::has_readable_input() const
{
    return is_canonical() ? m_canon_head != m_tail : m_head != m_tail;
}

bool LineDiscipline::has_input_for_poll() const
{
    if (is_canonical()) {
        return has_readable_input();
    }
    // "int amt = poll && !TIME_CHAR(tty) && MIN_CHAR(tty) ? MIN_CHAR(tty) : 1;"
    const u8 minimum = m_settings.c_cc[VMIN];
    const u32 wanted = m_settings.c_cc[VTIME] == 0 && minimum != 0 ? minimum : 1;
    return m_head - m_tail >= wanted;
}

usize LineDiscipline::readable_count() const
{
    if (!is_canonical()) {
        return m_head - m_tail;
    }
    usize count = 0;
    for (u32 i = m_tail; i != m_canon_head; ++i) {
        if (mark_at(i) != Mark::EndOfFile) {
            ++count;
        }
    }
    return count;
}

usize LineDiscipline::read_line(u8* out, usize size, bool& line_done)
{
    line_done = false;
    usize copied = 0;
    while (m_tail != m_canon_head) {
        const Mark mark = mark_at(m_tail);
        if (mark == Mark::EndOfFile) {
            mark_at(m_tail) = Mark::None;
            ++m_tail;
            line_done = true;
            break;
        }
        if (copied == size) {
            break;
        }
        out[copied++] = byte_at(m_tail);
        mark_at(m_tail) = Mark::None;
        ++m_tail;
        if (mark == Mark::LineEnd) {
            line_done = true;
            break;
        }
    }
    return copied;
}

usize LineDiscipline::read_raw(u8* out, usize size)
{
    usize copied = 0;
    while (copied < size && m_tail != m_head) {
        out[copied++] = byte_at(m_tail);
        mark_at(m_tail) = Mark::None;
        ++m_tail;
    }
    if (!is_canonical()) {
        m_canon_head = m_tail;
    }
    return copied;
}

void LineDiscipline::flush_input()
{
    m_tail = m_head;
    m_canon_head = m_head;
    m_literal_next = false;
}

void LineDiscipline::write(const u8* bytes, usize size)
{
    if (!oflag(OPOST)) {
        emit(bytes, size);
        return;
    }
    for (usize i = 0; i < size; ++i) {
        output_char(bytes[i]);
    }
}

// do_output_char: ONLCR, OCRNL, ONOCR, ONLRET, XTABS, OLCUC, and the
// column they move.
void LineDiscipline::output_char(u8 c)
{
    switch (c) {
    case '\n':
        if (oflag(ONLRET)) {
            m_column = 0;
        }
        if (oflag(ONLCR)) {
            m_canon_column = m_column = 0;
            const u8 crlf[2] = { '\r', '\n' };
            emit(crlf, 2);
            return;
        }
        m_canon_column = m_column;
        break;
    case '\r':
        if (oflag(ONOCR) && m_column == 0) {
            return;
        }
        if (oflag(OCRNL)) {
            c = '\n';
            if (oflag(ONLRET)) {
                m_canon_column = m_column = 0;
            }
            break;
        }
        m_canon_column = m_column = 0;
        break;
    case '\t': {
        const u32 spaces = 8 - (m_column & 7);
        m_column += spaces;
        if ((m_settings.c_oflag & TABDLY) == XTABS) {
            const u8 blanks[8] = { ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' };
            emit(blanks, spaces);
            return;
        }
        break;
    }
    case '\b':
        if (m_column > 0) {
            --m_column;
        }
        break;
    default:
        if (!is_control(c)) {
            if (oflag(OLCUC) && c >= 'a' && c <= 'z') {
                c = static_cast<u8>(c - 'a' + 'A');
            }
            if (!is_continuation(c)) {
                ++m_column;
            }
        }
        break;
    }
    emit(&c, 1);
}

} // namespace sirius::tty
