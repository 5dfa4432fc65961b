#pragma once

// The N_TTY line discipline (Linux drivers/tty/n_tty.c) as plain logic: the
// termios rules that turn received bytes into input for read(2) - input
// processing, canonical line editing, echo, signal characters - and written
// bytes into output (OPOST). It knows nothing of processes or memory: what
// it cannot do itself (put bytes on the wire, signal the foreground process
// group, wake readers) it asks of its TerminalPort.
#include "core/tty/termios.h"

namespace sirius::tty {

class TerminalPort {
public:
    // Puts bytes on the terminal's output (echoes and processed writes).
    virtual void transmit(const u8* bytes, usize size) = 0;
    // ISIG: a signal character for the foreground process group
    // (Linux __isig: kill_pgrp(tty->pgrp, sig, 1)).
    virtual void signal_foreground(int signal) = 0;
    // Input became readable (Linux wake_up_interruptible_poll(read_wait)).
    virtual void input_available() = 0;

protected:
    ~TerminalPort() = default;
};

class LineDiscipline {
public:
    // N_TTY_BUF_SIZE: the input buffer.
    static constexpr usize kBufferSize = 4096;

    explicit LineDiscipline(TerminalPort& port);

    [[nodiscard]] const Termios& settings() const { return m_settings; }
    // Linux n_tty_set_termios: turning ICANON on or off changes how the
    // buffered input is read. Off: all of it is readable at once. On: what
    // is buffered becomes one line (the "push"), so nothing is lost.
    void set_settings(const Termios& settings);

    // One byte from the device (n_tty_receive_char_special and friends).
    void receive(u8 c);
    void receive(const u8* bytes, usize size)
    {
        for (usize i = 0; i < size; ++i) {
            receive(bytes[i]);
        }
    }

    // Whether read(2) finds input without waiting (input_available_p): a
    // complete line (or end of file) in canonical mode, a byte otherwise.
    [[nodiscard]] bool has_readable_input() const;
    // Whether poll(2) reports input (input_available_p with poll set): as
    // read(2), except that a non-canonical terminal with VMIN > 0 and no
    // VTIME waits for VMIN bytes.
    [[nodiscard]] bool has_input_for_poll() const;
    // Bytes buffered, whether readable yet or not (the line being edited
    // included).
    [[nodiscard]] usize buffered() const { return m_head - m_tail; }
    // FIONREAD/TIOCINQ: canonical mode counts the complete lines without
    // their end-of-file marks (inq_canon); otherwise every buffered byte.
    [[nodiscard]] usize readable_count() const;

    // Canonical read (canon_copy_from_read_buf): copies the next line, or
    // what fits of it in `size`, and returns how many bytes. The line's
    // terminator is copied with it, except VEOF, which ends the line without
    // being part of it (so a VEOF alone reads as 0 bytes: end of file).
    // `line_done` says whether the line ended in this call.
    // Preconditions: has_readable_input() in canonical mode.
    usize read_line(u8* out, usize size, bool& line_done);
    // Non-canonical read (copy_from_read_buf): up to `size` buffered bytes.
    usize read_raw(u8* out, usize size);

    // TCFLSH TCIFLUSH, and ISIG without NOFLSH (reset_buffer_flags).
    void flush_input();

    // Output processing of written bytes (process_output: do_output_char
    // per byte under OPOST, the bytes as they are without it).
    void write(const u8* bytes, usize size);

    // IXON's VSTOP was received and no VSTART yet (tty->flow.stopped).
    [[nodiscard]] bool is_output_stopped() const { return m_output_stopped; }
    [[nodiscard]] u32 column() const { return m_column; }

private:
    enum class Mark : u8 {
        None,
        LineEnd, // '\n', VEOL, VEOL2: read with the line
        EndOfFile, // VEOF: ends the line, not read
    };

    [[nodiscard]] bool is_canonical() const { return (m_settings.c_lflag & ICANON) != 0; }
    [[nodiscard]] bool lflag(tcflag_t flag) const { return (m_settings.c_lflag & flag) != 0; }
    [[nodiscard]] bool iflag(tcflag_t flag) const { return (m_settings.c_iflag & flag) != 0; }
    [[nodiscard]] bool oflag(tcflag_t flag) const { return (m_settings.c_oflag & flag) != 0; }
    [[nodiscard]] bool is_char(u8 c, int index) const { return control_char(m_settings, index) == c; }
    [[nodiscard]] bool is_continuation(u8 c) const { return iflag(IUTF8) && (c & 0xc0) == 0x80; }

    u8& byte_at(u32 index) { return m_buffer[index % kBufferSize]; }
    [[nodiscard]] u8 byte_at(u32 index) const { return m_buffer[index % kBufferSize]; }
    Mark& mark_at(u32 index) { return m_marks[index % kBufferSize]; }
    [[nodiscard]] Mark mark_at(u32 index) const { return m_marks[index % kBufferSize]; }

    void receive_literal(u8 c);
    bool receive_special(u8& c);
    void receive_signal_char(int signal, u8 c);
    void end_line(u8 c, Mark mark);
    // Appends to the buffer under n_tty_receive_buf_common's room rule;
    // false when the byte had no room and was dropped.
    bool put(u8 c, Mark mark);
    [[nodiscard]] bool has_room() const;
    void erase(u8 c);
    void erase_tab();

    // Echo (process_echoes): a byte through output processing, a control
    // character as ^X under ECHOCTL, and the start column of a line.
    void echo_raw(u8 c);
    void echo_char(u8 c);
    void set_canon_column_if_line_start();
    void output_char(u8 c);
    void emit(const u8* bytes, usize size) { m_port.transmit(bytes, size); }

    TerminalPort& m_port;
    Termios m_settings;
    u8 m_buffer[kBufferSize] {};
    Mark m_marks[kBufferSize] {};
    // Free-running indexes: [tail, canon_head) holds complete lines,
    // [canon_head, head) the line being edited (canonical mode only).
    u32 m_tail { 0 };
    u32 m_canon_head { 0 };
    u32 m_head { 0 };
    // VLNEXT was the last byte: the next is taken literally.
    bool m_literal_next { false };
    bool m_output_stopped { false };
    // The output column (ldata->column) and the column where the line being
    // edited started (canon_column), for erasing tabs.
    u32 m_column { 0 };
    u32 m_canon_column { 0 };
};

} // namespace sirius::tty
