// The N_TTY rules, one test each, named after the termios(3) flag or
// character (or the n_tty.c function) that decides them. Expected echoes
// and reads were checked against the host's Linux through a pty.
#include <gtest/gtest.h>
#include <signal.h>
#include <string>
#include <vector>

#include "core/tty/line_discipline.h"

namespace sirius::testing {
namespace {

class RecordingPort final : public tty::TerminalPort {
public:
    void transmit(const u8* bytes, usize size) override { output.append(reinterpret_cast<const char*>(bytes), size); }
    void signal_foreground(int signal) override { signals.push_back(signal); }
    void input_available() override { ++wakeups; }

    std::string output;
    std::vector<int> signals;
    int wakeups { 0 };
};

class LineDisciplineTest : public ::testing::Test {
protected:
    void type(const std::string& bytes) { line.receive(reinterpret_cast<const u8*>(bytes.data()), bytes.size()); }
    // One canonical read of up to `size` bytes.
    std::string read_line(usize size = 8192)
    {
        std::string out(size, '\0');
        bool done = false;
        out.resize(line.read_line(reinterpret_cast<u8*>(out.data()), size, done));
        return out;
    }
    std::string read_raw(usize size = 8192)
    {
        std::string out(size, '\0');
        out.resize(line.read_raw(reinterpret_cast<u8*>(out.data()), size));
        return out;
    }
    void change(tcflag_t tty::Termios::* field, tcflag_t set, tcflag_t clear)
    {
        tty::Termios settings = line.settings();
        settings.*field = (settings.*field | set) & ~clear;
        line.set_settings(settings);
    }
    void set_cc(int index, u8 value)
    {
        tty::Termios settings = line.settings();
        settings.c_cc[index] = value;
        line.set_settings(settings);
    }

    RecordingPort port;
    tty::LineDiscipline line { port };
};

TEST_F(LineDisciplineTest, Defaults_AreLinuxTtyStdTermios)
{
    const tty::Termios& t = line.settings();
    EXPECT_EQ(t.c_iflag, tcflag_t { ICRNL | IXON });
    EXPECT_EQ(t.c_oflag, tcflag_t { OPOST | ONLCR });
    EXPECT_EQ(t.c_cflag, tcflag_t { B38400 | CS8 | CREAD | HUPCL });
    EXPECT_EQ(t.c_lflag, tcflag_t { ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN });
    // The host's pty answers 2400 / 5 / 277 / 105073 (octal), the same.
    EXPECT_EQ(t.c_iflag, 02400U);
    EXPECT_EQ(t.c_lflag, 0105073U);
    EXPECT_EQ(t.c_cc[VINTR], 3);
    EXPECT_EQ(t.c_cc[VQUIT], 034);
    EXPECT_EQ(t.c_cc[VERASE], 0177);
    EXPECT_EQ(t.c_cc[VKILL], 025);
    EXPECT_EQ(t.c_cc[VEOF], 4);
    EXPECT_EQ(t.c_cc[VTIME], 0);
    EXPECT_EQ(t.c_cc[VMIN], 1);
    EXPECT_EQ(t.c_cc[VSTART], 021);
    EXPECT_EQ(t.c_cc[VSTOP], 023);
    EXPECT_EQ(t.c_cc[VSUSP], 032);
    EXPECT_EQ(t.c_cc[VEOL], 0);
    EXPECT_EQ(t.c_cc[VREPRINT], 022);
    EXPECT_EQ(t.c_cc[VDISCARD], 017);
    EXPECT_EQ(t.c_cc[VWERASE], 027);
    EXPECT_EQ(t.c_cc[VLNEXT], 026);
    EXPECT_EQ(t.c_cc[VEOL2], 0);
    EXPECT_EQ(t.c_ispeed, 38400U);
    EXPECT_EQ(t.c_ospeed, 38400U);
}

TEST_F(LineDisciplineTest, ICANON_ALineIsReadableOnlyOnceItEnds)
{
    type("hello");
    EXPECT_FALSE(line.has_readable_input());
    EXPECT_EQ(port.wakeups, 0);
    type("\n");
    EXPECT_TRUE(line.has_readable_input());
    EXPECT_EQ(port.wakeups, 1);
    EXPECT_EQ(read_line(), "hello\n");
    EXPECT_FALSE(line.has_readable_input());
}

TEST_F(LineDisciplineTest, ICANON_AReadReturnsAtMostOneLine)
{
    type("one\ntwo\n");
    EXPECT_EQ(read_line(), "one\n");
    EXPECT_EQ(read_line(), "two\n");
}

TEST_F(LineDisciplineTest, ICANON_ASmallBufferTakesTheLineInParts)
{
    type("hello\n");
    EXPECT_EQ(read_line(2), "he");
    EXPECT_EQ(read_line(), "llo\n");
}

TEST_F(LineDisciplineTest, ICANON_EraseRemovesTheLastCharacter)
{
    type("ab\x7f"
         "c\n");
    EXPECT_EQ(read_line(), "ac\n");
    // ECHOE: "\b \b" wipes it from the screen.
    EXPECT_EQ(port.output, "ab\b \bc\r\n");
}

TEST_F(LineDisciplineTest, ECHOCTL_EraseOfAControlCharacterWipesBothColumns)
{
    type("\x01x\x7f\x7f\n");
    EXPECT_EQ(read_line(), "\n");
    EXPECT_EQ(port.output, "^Ax\b \b\b \b\b \b\r\n");
}

TEST_F(LineDisciplineTest, ICANON_EraseAtTheStartOfALineDoesNothing)
{
    type("\x7f\n");
    EXPECT_EQ(read_line(), "\n");
    EXPECT_EQ(port.output, "\r\n");
}

TEST_F(LineDisciplineTest, ICANON_EraseNeverReachesACompleteLine)
{
    type("a\n\x7f"
         "b\n");
    EXPECT_EQ(read_line(), "a\n");
    EXPECT_EQ(read_line(), "b\n");
}

TEST_F(LineDisciplineTest, ECHOE_Off_EchoesTheEraseCharacter)
{
    change(&tty::Termios::c_lflag, 0, ECHOE);
    type("ab\x7f\n");
    EXPECT_EQ(read_line(), "a\n");
    EXPECT_EQ(port.output, "ab^?\r\n");
}

TEST_F(LineDisciplineTest, IEXTEN_VWERASE_RemovesTheLastWord)
{
    type("foo bar\x17\n");
    EXPECT_EQ(read_line(), "foo \n");
    EXPECT_EQ(port.output, "foo bar\b \b\b \b\b \b\r\n");
}

TEST_F(LineDisciplineTest, IEXTEN_VWERASE_TakesTheBlanksAfterTheWordToo)
{
    type("foo bar  \x17\n");
    EXPECT_EQ(read_line(), "foo \n");
}

TEST_F(LineDisciplineTest, IEXTEN_Off_VWERASEIsAnOrdinaryCharacter)
{
    change(&tty::Termios::c_lflag, 0, IEXTEN);
    type("a\x17\n");
    EXPECT_EQ(read_line(), "a\x17\n");
}

TEST_F(LineDisciplineTest, VKILL_RemovesTheWholeLine)
{
    type("foo bar\x15z\n");
    EXPECT_EQ(read_line(), "z\n");
    // ECHOKE with ECHOE and ECHOK: every character is wiped.
    std::string wipe;
    for (int i = 0; i < 7; ++i) {
        wipe += "\b \b";
    }
    EXPECT_EQ(port.output, "foo bar" + wipe + "z\r\n");
}

TEST_F(LineDisciplineTest, ECHOK_WithoutECHOKE_EchoesTheKillCharacterAndANewline)
{
    change(&tty::Termios::c_lflag, 0, ECHOKE);
    type("ab\x15z\n");
    EXPECT_EQ(read_line(), "z\n");
    EXPECT_EQ(port.output, "ab^U\r\nz\r\n");
}

TEST_F(LineDisciplineTest, VEOF_OnAnEmptyLineIsEndOfFile)
{
    type("\x04");
    EXPECT_TRUE(line.has_readable_input());
    bool done = false;
    u8 buffer[8];
    EXPECT_EQ(line.read_line(buffer, sizeof(buffer), done), 0U);
    EXPECT_TRUE(done);
    EXPECT_FALSE(line.has_readable_input());
    // VEOF is not echoed.
    EXPECT_EQ(port.output, "");
}

TEST_F(LineDisciplineTest, VEOF_AfterCharactersEndsAPartialLineWithoutANewline)
{
    type("abc\x04");
    EXPECT_EQ(read_line(), "abc");
    EXPECT_FALSE(line.has_readable_input());
}

TEST_F(LineDisciplineTest, VEOF_RightAfterAFullBufferIsTakenWithTheLine)
{
    // Linux (host pty): read(3) of "abc^D" gives "abc" and leaves nothing.
    type("abc\x04");
    EXPECT_EQ(read_line(3), "abc");
    EXPECT_FALSE(line.has_readable_input());
}

TEST_F(LineDisciplineTest, VEOL_EndsALineAndIsReadWithIt)
{
    set_cc(VEOL, '!');
    type("hi!");
    EXPECT_EQ(read_line(), "hi!");
}

TEST_F(LineDisciplineTest, VEOL_DisabledByZero_ANulIsOrdinary)
{
    type(std::string("a\0b\n", 4));
    EXPECT_EQ(read_line(), std::string("a\0b\n", 4));
}

TEST_F(LineDisciplineTest, VLNEXT_TakesTheNextCharacterLiterally)
{
    type("a\x16\x7f\n");
    EXPECT_EQ(read_line(), "a\x7f\n");
    // "^" then "\b", which the literal's own echo overwrites.
    EXPECT_EQ(port.output, "a^\b^?\r\n");
}

TEST_F(LineDisciplineTest, VLNEXT_ANewlineTakenLiterallyDoesNotEndTheLine)
{
    type("a\x16\n");
    EXPECT_FALSE(line.has_readable_input());
    type("\n");
    EXPECT_EQ(read_line(), "a\n\n");
}

TEST_F(LineDisciplineTest, ICRNL_ACarriageReturnBecomesANewline)
{
    type("hi\r");
    EXPECT_EQ(read_line(), "hi\n");
}

TEST_F(LineDisciplineTest, IGNCR_ACarriageReturnIsDiscarded)
{
    change(&tty::Termios::c_iflag, IGNCR, 0);
    type("h\ri\n");
    EXPECT_EQ(read_line(), "hi\n");
}

TEST_F(LineDisciplineTest, INLCR_ANewlineBecomesACarriageReturn)
{
    change(&tty::Termios::c_iflag, INLCR, ICRNL);
    type("a\n");
    EXPECT_FALSE(line.has_readable_input());
    change(&tty::Termios::c_lflag, 0, ICANON);
    EXPECT_EQ(read_raw(), "a\r");
}

TEST_F(LineDisciplineTest, ISTRIP_ClearsTheEighthBit)
{
    change(&tty::Termios::c_iflag, ISTRIP, 0);
    type("\xc1\n");
    EXPECT_EQ(read_line(), "A\n");
}

TEST_F(LineDisciplineTest, ECHO_Off_NothingIsEchoed)
{
    change(&tty::Termios::c_lflag, 0, ECHO);
    type("secret\n");
    EXPECT_EQ(read_line(), "secret\n");
    EXPECT_EQ(port.output, "");
}

TEST_F(LineDisciplineTest, ECHONL_EchoesTheNewlineEvenWithoutECHO)
{
    change(&tty::Termios::c_lflag, ECHONL, ECHO);
    type("secret\n");
    EXPECT_EQ(port.output, "\r\n");
}

TEST_F(LineDisciplineTest, ECHOCTL_AControlCharacterEchoesAsCaretLetter)
{
    type("\x01\t\n");
    // A tab is echoed as itself.
    EXPECT_EQ(port.output, "^A\t\r\n");
}

TEST_F(LineDisciplineTest, ECHOCTL_Off_AControlCharacterEchoesAsItself)
{
    change(&tty::Termios::c_lflag, 0, ECHOCTL);
    type("\x01\n");
    EXPECT_EQ(port.output, "\x01\r\n");
}

TEST_F(LineDisciplineTest, ISIG_VINTR_SendsSIGINTToTheForegroundGroup)
{
    type("ab\x03");
    EXPECT_EQ(port.signals, std::vector<int> { SIGINT });
    // The input is flushed, then ^C echoed.
    EXPECT_EQ(line.buffered(), 0U);
    EXPECT_EQ(port.output, "ab^C");
}

TEST_F(LineDisciplineTest, ISIG_VQUIT_SendsSIGQUIT)
{
    type("\x1c");
    EXPECT_EQ(port.signals, std::vector<int> { SIGQUIT });
    EXPECT_EQ(port.output, "^\\");
}

TEST_F(LineDisciplineTest, ISIG_VSUSP_SendsSIGTSTP)
{
    type("\x1a");
    EXPECT_EQ(port.signals, std::vector<int> { SIGTSTP });
    EXPECT_EQ(port.output, "^Z");
}

TEST_F(LineDisciplineTest, NOFLSH_ASignalCharacterKeepsTheInput)
{
    change(&tty::Termios::c_lflag, NOFLSH, 0);
    type("ab\x03");
    EXPECT_EQ(port.signals, std::vector<int> { SIGINT });
    EXPECT_EQ(line.buffered(), 2U);
}

TEST_F(LineDisciplineTest, ISIG_Off_VINTRIsAnOrdinaryCharacter)
{
    change(&tty::Termios::c_lflag, 0, ISIG);
    type("\x03\n");
    EXPECT_TRUE(port.signals.empty());
    EXPECT_EQ(read_line(), "\x03\n");
}

TEST_F(LineDisciplineTest, ISIG_WorksInNonCanonicalModeToo)
{
    change(&tty::Termios::c_lflag, 0, ICANON);
    type("\x03");
    EXPECT_EQ(port.signals, std::vector<int> { SIGINT });
}

TEST_F(LineDisciplineTest, IXON_VSTOPAndVSTARTStopAndRestartOutputAndAreNotInput)
{
    type("\x13");
    EXPECT_TRUE(line.is_output_stopped());
    type("\x11");
    EXPECT_FALSE(line.is_output_stopped());
    EXPECT_EQ(line.buffered(), 0U);
}

TEST_F(LineDisciplineTest, NonCanonical_EveryByteIsReadableAtOnce)
{
    change(&tty::Termios::c_lflag, 0, ICANON);
    type("q");
    EXPECT_TRUE(line.has_readable_input());
    EXPECT_EQ(port.wakeups, 1);
    EXPECT_EQ(read_raw(), "q");
}

TEST_F(LineDisciplineTest, NonCanonical_EraseAndKillAreOrdinaryAndNewlineEchoesAsCaretJ)
{
    change(&tty::Termios::c_lflag, 0, ICANON);
    type("q\n\x7f\x15");
    EXPECT_EQ(read_raw(), "q\n\x7f\x15");
    // Host pty: "q^J^?^U".
    EXPECT_EQ(port.output, "q^J^?^U");
}

TEST_F(LineDisciplineTest, ICANON_SwitchedOff_TheLineBeingEditedBecomesReadable)
{
    type("par");
    change(&tty::Termios::c_lflag, 0, ICANON);
    EXPECT_EQ(read_raw(), "par");
}

TEST_F(LineDisciplineTest, ICANON_SwitchedOn_BufferedInputIsPushedAsOneLine)
{
    change(&tty::Termios::c_lflag, 0, ICANON);
    type("zz");
    change(&tty::Termios::c_lflag, ICANON, 0);
    EXPECT_TRUE(line.has_readable_input());
    EXPECT_EQ(line.readable_count(), 2U);
    EXPECT_EQ(read_line(), "zz");
}

TEST_F(LineDisciplineTest, FIONREAD_CountsCompleteLinesWithoutEndOfFileMarks)
{
    type("ab\n\x04"
         "cd");
    EXPECT_EQ(line.readable_count(), 3U);
}

TEST_F(LineDisciplineTest, BufferLimit_ACanonicalLineHoldsAtMost4096Bytes)
{
    // n_tty: the last slot keeps taking the newest byte, so the newline
    // still ends the line (host pty: a 4096-byte line ending in "x\n").
    type(std::string(4500, 'x'));
    EXPECT_EQ(line.buffered(), 4096U);
    type("\n");
    const std::string got = read_line();
    EXPECT_EQ(got.size(), 4096U);
    EXPECT_EQ(got.back(), '\n');
    EXPECT_EQ(got[4094], 'x');
}

TEST_F(LineDisciplineTest, BufferLimit_NonCanonicalInputStopsAt4095Bytes)
{
    change(&tty::Termios::c_lflag, 0, ICANON | ECHO);
    type(std::string(5000, 'y'));
    EXPECT_EQ(line.buffered(), 4095U);
}

TEST_F(LineDisciplineTest, OPOST_ONLCR_WritesANewlineAsCarriageReturnNewline)
{
    const std::string text = "a\nb";
    line.write(reinterpret_cast<const u8*>(text.data()), text.size());
    EXPECT_EQ(port.output, "a\r\nb");
}

TEST_F(LineDisciplineTest, OPOST_Off_BytesGoOutAsTheyAre)
{
    change(&tty::Termios::c_oflag, 0, OPOST);
    const std::string text = "a\nb\t";
    line.write(reinterpret_cast<const u8*>(text.data()), text.size());
    EXPECT_EQ(port.output, "a\nb\t");
}

TEST_F(LineDisciplineTest, OCRNL_ACarriageReturnIsWrittenAsANewline)
{
    change(&tty::Termios::c_oflag, OCRNL, ONLCR);
    const std::string text = "a\r";
    line.write(reinterpret_cast<const u8*>(text.data()), text.size());
    EXPECT_EQ(port.output, "a\n");
}

TEST_F(LineDisciplineTest, ONOCR_NoCarriageReturnInColumnZero)
{
    change(&tty::Termios::c_oflag, ONOCR, 0);
    const std::string text = "\ra\r";
    line.write(reinterpret_cast<const u8*>(text.data()), text.size());
    EXPECT_EQ(port.output, "a\r");
}

TEST_F(LineDisciplineTest, XTABS_ATabIsWrittenAsSpacesToTheNextStop)
{
    change(&tty::Termios::c_oflag, XTABS, 0);
    const std::string text = "ab\t|";
    line.write(reinterpret_cast<const u8*>(text.data()), text.size());
    EXPECT_EQ(port.output, "ab      |");
}

TEST_F(LineDisciplineTest, OLCUC_LowerCaseIsWrittenAsUpperCase)
{
    change(&tty::Termios::c_oflag, OLCUC, 0);
    const std::string text = "abC1";
    line.write(reinterpret_cast<const u8*>(text.data()), text.size());
    EXPECT_EQ(port.output, "ABC1");
}

TEST_F(LineDisciplineTest, ECHOE_EraseOfATabGoesBackToWhereTheTabStarted)
{
    type("a\tb\x7f\x7f\n");
    EXPECT_EQ(read_line(), "a\n");
    // Host pty: "a\tb\b \b" then seven "\b".
    EXPECT_EQ(port.output, "a\tb\b \b\b\b\b\b\b\b\b\r\n");
}

TEST_F(LineDisciplineTest, FlushInput_DropsEverythingBuffered)
{
    type("a\nbc");
    line.flush_input();
    EXPECT_EQ(line.buffered(), 0U);
    EXPECT_FALSE(line.has_readable_input());
}

} // namespace
} // namespace sirius::testing
