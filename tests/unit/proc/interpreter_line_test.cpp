// The "#!" line of a script as Linux's fs/binfmt_script.c load_script
// (5.0 and later) reads it from the first BINPRM_BUF_SIZE bytes. Each case
// was exec'd on Linux 6.18 with a test program as the interpreter printing
// its argv (tests/integration/programs/scripts.c runs the same lines).
#include <string>

#include "core/proc/interpreter_line.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

Result<proc::InterpreterLine> parse(const std::string& head)
{
    return proc::InterpreterLine::parse(reinterpret_cast<const u8*>(head.data()), head.size());
}

std::string text(proc::ArgString string) { return { reinterpret_cast<const char*>(string.bytes), string.length }; }

TEST(InterpreterLineTest, Script_WithoutHashBang_IsEnoexec)
{
    // execve(2) ENOEXEC: "An executable is not in a recognized format".
    EXPECT_EQ(errno_of(parse("")), ENOEXEC);
    EXPECT_EQ(errno_of(parse("garbage\n")), ENOEXEC);
    EXPECT_EQ(errno_of(parse("#/bin/sh\n")), ENOEXEC);
    EXPECT_EQ(errno_of(parse(" #!/bin/sh\n")), ENOEXEC);
}

TEST(InterpreterLineTest, Script_NameOnly_HasNoArgument)
{
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse("#!/bin/sh\necho hi\n"));
    EXPECT_EQ(text(line.name()), "/bin/sh");
    EXPECT_FALSE(line.has_argument());
}

TEST(InterpreterLineTest, Script_WithoutANewline_EndsAtTheEndOfTheFile)
{
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse("#!/bin/sh"));
    EXPECT_EQ(text(line.name()), "/bin/sh");
    EXPECT_FALSE(line.has_argument());
}

TEST(InterpreterLineTest, Script_BlanksAroundTheNameAndTheArgument_AreSkipped_InnerBlanksKept)
{
    // execve(2): "#!interpreter [optional-arg]" - the optional-arg is the
    // rest of the line as one argument, its leading and trailing blanks
    // dropped.
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse("#! \t/bin/sh  a b  c \t \nrest"));
    EXPECT_EQ(text(line.name()), "/bin/sh");
    ASSERT_TRUE(line.has_argument());
    EXPECT_EQ(text(line.argument()), "a b  c");
}

TEST(InterpreterLineTest, Script_TrailingBlanksAfterTheName_AreNoArgument)
{
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse("#!/bin/sh  \t\n"));
    EXPECT_EQ(text(line.name()), "/bin/sh");
    EXPECT_FALSE(line.has_argument());
}

TEST(InterpreterLineTest, Script_NoInterpreterName_IsEnoexec)
{
    EXPECT_EQ(errno_of(parse("#!\n")), ENOEXEC);
    EXPECT_EQ(errno_of(parse("#!   \t \n")), ENOEXEC);
}

TEST(InterpreterLineTest, Script_HashBangAloneInTheFile_NamesTheEmptyInterpreter)
{
    // Without a newline the NUL padding after "#!" is the name's start:
    // the name is "", which open_exec takes for the working directory.
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse("#!"));
    EXPECT_EQ(line.name().length, 0U);
    EXPECT_FALSE(line.has_argument());
}

TEST(InterpreterLineTest, Script_BufferAllBlanksWithoutNewline_IsEnoexec)
{
    // load_script: "Entire buf is spaces/tabs".
    EXPECT_EQ(errno_of(parse("#!" + std::string(300, ' '))), ENOEXEC);
}

TEST(InterpreterLineTest, Script_LongArgument_IsCutAtTheBufferEnd)
{
    // "Truncating the arguments is fine": with no newline in 256 bytes the
    // line is the buffer less its last byte.
    std::string head = "#!/bin/sh " + std::string(400, 'y') + "\n";
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse(head));
    EXPECT_EQ(text(line.name()), "/bin/sh");
    ASSERT_TRUE(line.has_argument());
    EXPECT_EQ(text(line.argument()), std::string(proc::kBinprmBufSize - 1 - 10, 'y'));
}

TEST(InterpreterLineTest, Script_InterpreterNameCutByTheBuffer_IsEnoexec)
{
    // "We do not want to exec a truncated interpreter path": no space, tab
    // or NUL after the name within the 256 bytes.
    EXPECT_EQ(errno_of(parse("#!" + std::string(300, '/') + "bin/sh\n")), ENOEXEC);
}

TEST(InterpreterLineTest, Script_NameEndingJustInsideTheBuffer_RunsWithoutTheCutArgument)
{
    // A name that ends at byte 253, a space at 254 and the argument from
    // byte 255 on: the line ends at byte 255, so there is no argument.
    std::string name = std::string(252 - 6, '/') + "bin/sh";
    std::string head = "#!" + name + " zz";
    ASSERT_EQ(head.size(), 257U);
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse(head));
    EXPECT_EQ(text(line.name()), name);
    EXPECT_FALSE(line.has_argument());
}

TEST(InterpreterLineTest, Script_NulInTheArgument_EndsIt)
{
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse(std::string("#!/bin/sh x\0y z\n", 16)));
    ASSERT_TRUE(line.has_argument());
    EXPECT_EQ(text(line.argument()), "x");
}

TEST(InterpreterLineTest, Script_NulRightAfterTheBlank_IsAnEmptyArgument)
{
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse(std::string("#!/bin/sh \0y z\n", 15)));
    ASSERT_TRUE(line.has_argument());
    EXPECT_EQ(text(line.argument()), "");
}

TEST(InterpreterLineTest, Script_NulAfterTheName_EndsTheLineWithoutArgument)
{
    ASSERT_OK_AND_ASSIGN(proc::InterpreterLine line, parse(std::string("#!/bin/sh\0 x\n", 13)));
    EXPECT_EQ(text(line.name()), "/bin/sh");
    EXPECT_FALSE(line.has_argument());
}

} // namespace
} // namespace sirius::testing
