// Reading and checking a static ELF64 x86_64 executable, as Linux's
// fs/binfmt_elf.c load_elf_binary does. Stage 1 (read_elf_headers) is what
// Linux checks before the point of no return, stage 2 (check_elf_segments)
// what it checks while mapping. Where a test says what Linux 6.18 does, that
// was run on it: the same image, built by the same rules, exec'd on the host.
// One test per rule, named after it.
#include <cstring>
#include <linux/elf.h>
#include <linux/limits.h>
#include <string>
#include <utility>
#include <vector>

#include "core/proc/elf_image.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/elf_builder.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kUserLimit = 0x7ffffffff000; // TASK_SIZE on x86_64, 4-level paging

Result<proc::ElfImage> parse(const std::vector<u8>& file)
{
    return proc::parse_elf_image(file.data(), file.size(), kUserLimit);
}

int headers_errno(const std::vector<u8>& file)
{
    return errno_of(proc::read_elf_headers(file.data(), file.size()));
}

// The errno of stage 2 for a file whose stage 1 passes (-1 if it does not).
int segments_errno(const std::vector<u8>& file)
{
    auto headers = proc::read_elf_headers(file.data(), file.size());
    if (headers.is_error()) {
        return -1;
    }
    return errno_of(proc::check_elf_segments(headers.release_value(), kUserLimit));
}

bool has(hal::Protection set, hal::Protection bit)
{
    return (static_cast<u32>(set) & static_cast<u32>(bit)) != 0;
}

// --- What a good image yields ---

TEST(ElfImageTest, ParseElf_StaticExecutable_ReportsWhatTheLoaderNeeds)
{
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(static_executable().build()));
    EXPECT_EQ(image.type, proc::ElfType::Executable);
    EXPECT_EQ(image.entry, 0x401000U);
    EXPECT_EQ(image.phnum, 4U);
    EXPECT_EQ(image.phent, sizeof(Elf64_Phdr));
    EXPECT_EQ(image.phdr_address, 0x400040U);
    EXPECT_FALSE(image.has_interpreter);
    EXPECT_EQ(image.gnu_stack, proc::GnuStack::NonExecutable);
    ASSERT_EQ(image.load_segments.size(), 3U);
    const proc::ElfSegment& data = image.load_segments[2];
    EXPECT_EQ(data.vaddr, 0x403100U);
    EXPECT_EQ(data.memsz, 0x2000U);
    EXPECT_EQ(data.filesz, 0x80U);
    EXPECT_EQ(data.offset, 0x1100U);
    // mm->start_brk: ELF_PAGEALIGN(0x403100 + 0x2000).
    EXPECT_EQ(image.brk_start, 0x406000U);
}

TEST(ElfImageTest, ParseElf_Protection_FollowsPFlags)
{
    for (u32 flags = 0; flags < 8; ++flags) {
        ElfBuilder builder = static_executable();
        builder.phdrs[1].p_flags = flags;
        ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
        const hal::Protection protection = image.load_segments[1].protection;
        EXPECT_EQ(has(protection, hal::Protection::Read), (flags & PF_R) != 0) << flags;
        EXPECT_EQ(has(protection, hal::Protection::Write), (flags & PF_W) != 0) << flags;
        EXPECT_EQ(has(protection, hal::Protection::Execute), (flags & PF_X) != 0) << flags;
    }
}

TEST(ElfImageTest, ParseElf_StaticPie_IsDynamicType)
{
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(static_pie().build()));
    EXPECT_EQ(image.type, proc::ElfType::Dynamic);
    EXPECT_EQ(image.phdr_address, 0x40U); // before the load bias
    EXPECT_EQ(image.brk_start, 0x2000U);
}

TEST(ElfImageTest, ParseElf_BothStages_AreWhatParseDoes)
{
    const std::vector<u8> file = static_executable().build();
    ASSERT_OK_AND_ASSIGN(proc::ElfHeaders headers, proc::read_elf_headers(file.data(), file.size()));
    ASSERT_OK_AND_ASSIGN(proc::ElfImage staged, proc::check_elf_segments(std::move(headers), kUserLimit));
    ASSERT_OK_AND_ASSIGN(proc::ElfImage whole, parse(file));
    EXPECT_EQ(staged.entry, whole.entry);
    EXPECT_EQ(staged.brk_start, whole.brk_start);
    EXPECT_EQ(staged.phdr_address, whole.phdr_address);
    EXPECT_EQ(staged.load_segments.size(), whole.load_segments.size());
}

// --- Stage 1: the ELF header (ENOEXEC) ---

TEST(ElfImageTest, ParseElf_BadMagic_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.header.e_ident[EI_MAG3] = 'G';
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_EmptyFile_IsEnoexec)
{
    EXPECT_EQ(errno_of(proc::parse_elf_image(nullptr, 0, kUserLimit)), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_FileShorterThanHeader_ReadsZerosAndIsEnoexec)
{
    // prepare_binprm's buffer is zeroed: e_phnum past the end reads as 0.
    std::vector<u8> file = static_executable().build();
    file.resize(40);
    EXPECT_EQ(headers_errno(file), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_TypeNeitherExecNorDyn_IsEnoexec)
{
    for (u16 type : { ET_NONE, ET_REL, ET_CORE }) {
        ElfBuilder builder = static_executable();
        builder.header.e_type = type;
        EXPECT_EQ(headers_errno(builder.build()), ENOEXEC) << type;
    }
}

TEST(ElfImageTest, ParseElf_MachineNotX86_64_IsEnoexec)
{
    for (u16 machine : { EM_386, EM_AARCH64, EM_NONE }) {
        ElfBuilder builder = static_executable();
        builder.header.e_machine = machine;
        EXPECT_EQ(headers_errno(builder.build()), ENOEXEC) << machine;
    }
}

TEST(ElfImageTest, ParseElf_Class32Header_IsReadAsElf64LikeLinux)
{
    // x86_64 elf_check_arch looks at e_machine only; Linux 6.18 runs this.
    ElfBuilder builder = static_executable();
    builder.header.e_ident[EI_CLASS] = ELFCLASS32;
    EXPECT_TRUE(parse(builder.build()).has_value());
}

TEST(ElfImageTest, ParseElf_BigEndianDataByte_IsIgnoredLikeLinux)
{
    ElfBuilder builder = static_executable();
    builder.header.e_ident[EI_DATA] = ELFDATA2MSB;
    builder.header.e_ident[EI_VERSION] = 0;
    builder.header.e_version = 0;
    EXPECT_TRUE(parse(builder.build()).has_value());
}

TEST(ElfImageTest, ParseElf_PhentsizeNotElf64Phdr_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.header.e_phentsize = sizeof(Elf64_Phdr) - 1;
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_NoProgramHeaders_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.phnum_override = 0;
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_ProgramHeadersAbove64KiB_IsEnoexec)
{
    // load_elf_phdrs: "size > 65536". 1171 * 56 bytes is over, 1170 is not.
    ElfBuilder builder = static_executable();
    builder.file_size = 0x20000;
    builder.phdrs.resize(65536 / sizeof(Elf64_Phdr) + 1, program_header(PT_NULL, 0, 0, 0, 0, 0));
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_1170ProgramHeaders_AreAccepted)
{
    // Linux 6.18 has no ELF_MIN_ALIGN cap on the table (74 headers run).
    ElfBuilder builder = static_executable();
    builder.file_size = 0x20000;
    builder.phdrs.resize(65536 / sizeof(Elf64_Phdr), program_header(PT_NULL, 0, 0, 0, 0, 0));
    EXPECT_TRUE(parse(builder.build()).has_value());
}

TEST(ElfImageTest, ParseElf_ProgramHeadersPastEndOfFile_IsEnoexec)
{
    // A short read in load_elf_phdrs is ENOEXEC, not EIO.
    ElfBuilder builder = static_executable();
    builder.file_size = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr);
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_ProgramHeaderOffsetWrapping_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.header.e_phoff = ~u64 { 0 } - 8;
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

// --- Stage 1: PT_INTERP ---

TEST(ElfImageTest, ParseElf_Interpreter_PathIsReported)
{
    ElfBuilder builder = static_executable();
    builder.interp(0x300, std::string("/lib/ld-musl-x86_64.so.1\0", 25));
    const std::vector<u8> file = builder.build(); // the path points into it
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(file));
    ASSERT_TRUE(image.has_interpreter);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(image.interpreter), image.interpreter_length), "/lib/ld-musl-x86_64.so.1");
}

TEST(ElfImageTest, ParseElf_InterpreterWithEarlyNul_EndsThere)
{
    // open_exec takes a C string.
    ElfBuilder builder = static_executable();
    builder.interp(0x300, std::string("/a\0bc\0", 6));
    const std::vector<u8> file = builder.build();
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(file));
    EXPECT_EQ(image.interpreter, file.data() + 0x300);
    EXPECT_EQ(image.interpreter_length, 2U);
}

TEST(ElfImageTest, ParseElf_InterpreterShorterThanTwoBytes_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.interp(0x300, std::string("\0", 1));
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_InterpreterLongerThanPathMax_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.file_size = 0x3000;
    builder.interp(0x1200, std::string(PATH_MAX, 'a') + '\0');
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_InterpreterWithoutNul_IsEnoexec)
{
    ElfBuilder builder = static_executable();
    builder.interp(0x300, "/bin/shX");
    EXPECT_EQ(headers_errno(builder.build()), ENOEXEC);
}

TEST(ElfImageTest, ParseElf_InterpreterPastEndOfFile_IsEio)
{
    // elf_read: a short read is EIO (Linux 6.18 says the same).
    ElfBuilder builder = static_executable();
    builder.interp(0x300, std::string("/bin/sh\0", 8));
    builder.phdrs.back().p_offset = builder.file_size - 4;
    EXPECT_EQ(headers_errno(builder.build()), EIO);
}

TEST(ElfImageTest, ParseElf_InterpreterOffsetNegativeAsLoffT_IsEinval)
{
    // kernel_read's rw_verify_area (Linux 6.18 says the same).
    ElfBuilder builder = static_executable();
    builder.interp(0x300, std::string("/bin/sh\0", 8));
    builder.phdrs.back().p_offset = u64 { 1 } << 63;
    EXPECT_EQ(headers_errno(builder.build()), EINVAL);
    builder.phdrs.back().p_offset = (u64 { 1 } << 63) - 4;
    EXPECT_EQ(headers_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_OnlyFirstInterpreterIsRead)
{
    // Linux breaks out of the loop at the first PT_INTERP.
    ElfBuilder builder = static_executable();
    builder.interp(0x300, std::string("/first\0", 7)).interp(0x400, "broken");
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.interpreter_length, 6U);
}

// --- Stage 1: PT_GNU_STACK and p_align ---

TEST(ElfImageTest, ParseElf_NoGnuStack_IsAbsent)
{
    ElfBuilder builder = static_executable();
    builder.phdrs.pop_back();
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.gnu_stack, proc::GnuStack::Absent);
}

TEST(ElfImageTest, ParseElf_LastGnuStackWins)
{
    ElfBuilder builder = static_executable();
    builder.add(program_header(PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 16));
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.gnu_stack, proc::GnuStack::Executable);
}

TEST(ElfImageTest, ParseElf_LoadAlignment_IsLargestPowerOfTwoPAlign)
{
    // maximum_alignment skips a p_align that is not a power of two and
    // rounds the result up to a page.
    ElfBuilder builder = static_pie();
    builder.phdrs[0].p_align = 0x200000;
    builder.phdrs[1].p_align = 0x300000;
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.load_alignment, 0x200000U);
    builder.phdrs[0].p_align = 16;
    builder.phdrs[1].p_align = 0;
    ASSERT_OK_AND_ASSIGN(proc::ElfImage small, parse(builder.build()));
    EXPECT_EQ(small.load_alignment, kPage);
}

TEST(ElfImageTest, ParseElf_SegmentListAllocationFails_IsEnomem)
{
    const std::vector<u8> file = static_executable().build();
    host::AllocationFailureScope fail(0);
    EXPECT_EQ(headers_errno(file), ENOMEM);
}

// --- Stage 2: PT_LOAD checks, after Linux's point of no return ---

TEST(ElfImageTest, ParseElf_FileszBeyondMemsz_IsEinvalAfterPointOfNoReturn)
{
    // "p_filesz > p_memsz ... set_brk can never work": -EINVAL, after
    // begin_new_exec, so Linux 6.18 kills the process with SIGSEGV.
    ElfBuilder builder = static_executable();
    builder.phdrs[2].p_memsz = builder.phdrs[2].p_filesz - 1;
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_OffsetAndVaddrApartModuloPage_IsEinval)
{
    // vm_mmap: "offset_in_page(offset)" of p_offset - ELF_PAGEOFFSET(p_vaddr).
    ElfBuilder builder = static_executable();
    builder.phdrs[1].p_vaddr += 0x10;
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_MisalignedSegmentWithoutFileBytes_IsAccepted)
{
    // Since Linux 6.7 elf_load maps a p_filesz == 0 segment anonymously: its
    // offset does not matter (Linux 6.18 runs this).
    ElfBuilder builder = static_executable();
    builder.load(0x123, 0x600000, 0, 0x100, PF_R | PF_W);
    EXPECT_TRUE(parse(builder.build()).has_value());
}

TEST(ElfImageTest, ParseElf_OffsetPlusMappingWraps_IsEinval)
{
    // vm_mmap: "offset + PAGE_ALIGN(len) < offset".
    ElfBuilder builder = static_executable();
    builder.phdrs[1].p_offset = ~u64 { 0 } - 0xfff;
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_SegmentAtUserLimit_IsEnomem)
{
    // The ET_EXEC file mapping ends above TASK_SIZE: get_unmapped_area.
    ElfBuilder builder = static_executable();
    builder.phdrs[2].p_vaddr = kUserLimit + 0x100;
    EXPECT_EQ(segments_errno(builder.build()), ENOMEM);
}

TEST(ElfImageTest, ParseElf_EmptySegmentAtUserLimit_IsEinval)
{
    // Nothing to map; BAD_ADDR of the address elf_load returns.
    ElfBuilder builder = static_executable();
    builder.load(0, kUserLimit, 0, 0, PF_R);
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_BssPastUserLimit_IsEnomem)
{
    // The file page fits, the zero-filled pages do not: vm_brk_flags.
    ElfBuilder builder = static_executable();
    builder.load(0x1100, kUserLimit - kPage + 0x100, 0x80, 0x3000, PF_R | PF_W);
    EXPECT_EQ(segments_errno(builder.build()), ENOMEM);
}

TEST(ElfImageTest, ParseElf_DynamicSegmentPastUserLimit_IsEinval)
{
    // Its addresses wait for the load bias, and its span fits the user range;
    // the unbiased check remains: "TASK_SIZE - p_memsz < k".
    ElfBuilder builder = static_pie();
    builder.phdrs.clear();
    builder.load(0x1000, 0x1000, 0x100, kUserLimit, PF_R | PF_X);
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_VaddrPlusMemszWrapping_IsRejected)
{
    // ET_EXEC: the zero-filled part wraps, get_unmapped_area says ENOMEM.
    // ET_DYN: the span to reserve page-aligns to 0, do_mmap's "!len" EINVAL.
    ElfBuilder exec = static_executable();
    exec.phdrs[2].p_memsz = ~u64 { 0 } - 0x1000;
    EXPECT_EQ(segments_errno(exec.build()), ENOMEM);
    ElfBuilder dyn = static_pie();
    dyn.phdrs[1].p_memsz = ~u64 { 0 } - 0x1000;
    EXPECT_EQ(segments_errno(dyn.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_MappingLongerThanUserRange_IsEnomem)
{
    // The ET_DYN span to reserve is longer than TASK_SIZE: get_unmapped_area's
    // "len > TASK_SIZE".
    ElfBuilder builder = static_pie();
    builder.phdrs[1].p_filesz = kUserLimit + 1;
    builder.phdrs[1].p_memsz = kUserLimit + 1;
    EXPECT_EQ(segments_errno(builder.build()), ENOMEM);
}

TEST(ElfImageTest, ParseElf_DynamicWithEmptyLoadSpan_IsEinval)
{
    // total_mapping_size() == 0 for the first ET_DYN mapping.
    ElfBuilder builder = static_pie();
    builder.phdrs.clear();
    builder.load(0, 0, 0, 0, PF_R);
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_EntryAtUserLimit_IsEinval)
{
    ElfBuilder builder = static_executable();
    builder.header.e_entry = kUserLimit;
    EXPECT_EQ(segments_errno(builder.build()), EINVAL);
}

TEST(ElfImageTest, ParseElf_DynamicEntry_IsLeftToTheLoader)
{
    // Linux checks e_entry + load_bias: the bias is not known here.
    ElfBuilder builder = static_pie();
    builder.header.e_entry = kUserLimit;
    EXPECT_TRUE(parse(builder.build()).has_value());
}

TEST(ElfImageTest, ParseElf_NoLoadSegments_IsAccepted)
{
    // Linux 6.18 execs it, and the process faults at its entry point.
    ElfBuilder builder = static_executable();
    builder.phdrs.erase(builder.phdrs.begin(), builder.phdrs.begin() + 3);
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.load_segments.size(), 0U);
    EXPECT_EQ(image.brk_start, 0U);
    EXPECT_EQ(image.phdr_address, 0U);
}

TEST(ElfImageTest, ParseElf_SegmentPastEndOfFile_IsEio)
{
    // Not Linux: it maps past EOF and faults (SIGBUS) only on a page wholly
    // past it. Without file-backed mappings we refuse it.
    ElfBuilder builder = static_executable();
    builder.phdrs[2].p_filesz = builder.file_size - builder.phdrs[2].p_offset + 1;
    EXPECT_EQ(segments_errno(builder.build()), EIO);
}

TEST(ElfImageTest, ParseElf_SegmentEndingAtEndOfFile_IsAccepted)
{
    ElfBuilder builder = static_executable();
    builder.phdrs[2].p_filesz = builder.file_size - builder.phdrs[2].p_offset;
    EXPECT_TRUE(parse(builder.build()).has_value());
}

// --- Stage 2: what it computes ---

TEST(ElfImageTest, ParseElf_PhdrAddress_IsFromTheSegmentHoldingTheTable)
{
    // Linux takes the PT_LOAD whose file range holds e_phoff; PT_PHDR is not
    // read (a lying one changes nothing).
    ElfBuilder builder = static_executable();
    builder.phdrs[0].p_offset = 0;
    builder.phdrs[0].p_vaddr = 0x500000;
    builder.add(program_header(PT_PHDR, PF_R, 0x40, 0x123000, 0x100, 0x100, 8));
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.phdr_address, 0x500040U);
}

TEST(ElfImageTest, ParseElf_PhdrTableInNoSegment_IsZero)
{
    ElfBuilder builder = static_executable();
    builder.phdrs[0].p_offset = 0x1000;
    builder.phdrs[0].p_vaddr = 0x400000;
    builder.phdrs[0].p_filesz = builder.phdrs[0].p_memsz = 0x10;
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.phdr_address, 0U);
}

TEST(ElfImageTest, ParseElf_BrkStart_IsPageAlignedHighestEndInAnyOrder)
{
    ElfBuilder builder;
    builder.header.e_entry = 0x401000;
    builder.load(0x1000, 0x900000, 0x10, 0x10, PF_R | PF_W).load(0, 0x400000, kPage, 0x1801, PF_R | PF_X);
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(builder.build()));
    EXPECT_EQ(image.brk_start, 0x901000U);
}

TEST(ElfImageTest, ParseElf_CodeAndDataBounds_AreLinuxs)
{
    // start_code/end_code from PF_X segments; start_data is the highest
    // p_vaddr of any PT_LOAD; the ends use p_filesz.
    ASSERT_OK_AND_ASSIGN(proc::ElfImage image, parse(static_executable().build()));
    EXPECT_EQ(image.start_code, 0x401000U);
    EXPECT_EQ(image.end_code, 0x401100U);
    EXPECT_EQ(image.start_data, 0x403100U);
    EXPECT_EQ(image.end_data, 0x403180U);
}

} // namespace
} // namespace sirius::testing
