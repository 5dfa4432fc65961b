// Fuzzes the ELF reader (read_elf_headers, then check_elf_segments) with the
// input as the file, and the initial stack builder with argv, envp and the
// file name cut from the same input and sizes taken from its end.
// Invariants: each stage fails only with its documented errnos, and the two
// stages agree with parse_elf_image; an accepted image has every PT_LOAD in
// [0, user limit) and in the file, p_filesz <= p_memsz, an ET_EXEC entry below
// the limit, brk at or above every segment end, AT_PHDR from the segment that
// holds the table, the interpreter path inside the file. A built stack is
// exactly [stack_pointer, top), 16-byte aligned, and every pointer in it
// (argv, envp, AT_RANDOM, AT_EXECFN, AT_PLATFORM) points inside it at the
// right bytes. Nothing leaks (LSan).
#include <cstring>
#include <fuzzer/FuzzedDataProvider.h>
#include <linux/auxvec.h>
#include <string>
#include <vector>

#include "core/proc/elf_image.h"
#include "core/proc/initial_stack.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace sirius;
using sirius::fuzz::check;

constexpr u64 kUserLimit = 0x7ffffffff000; // TASK_SIZE, x86_64 4-level paging
constexpr u64 kPage = 4096;
constexpr u64 kWord = 8;

void check_image(const proc::ElfImage& image, const u8* file, usize size)
{
    check(image.phnum >= 1 && image.phent == 56, "program header count or size");
    check(image.load_segments.size() <= image.phnum, "more PT_LOADs than program headers");
    check(image.load_alignment == 0 || (image.load_alignment % kPage == 0 && (image.load_alignment & (image.load_alignment - 1)) == 0), "load alignment not a page-aligned power of two");
    if (image.type == proc::ElfType::Executable) {
        check(image.entry < kUserLimit, "ET_EXEC entry at or above the user limit");
    }
    check(image.brk_start % kPage == 0 && image.brk_start <= kUserLimit, "brk start not page-aligned below the limit");
    bool table_mapped = false;
    u64 table_address = 0;
    for (const proc::ElfSegment& segment : image.load_segments) {
        check(segment.filesz <= segment.memsz, "p_filesz above p_memsz");
        check(segment.vaddr < kUserLimit && segment.memsz <= kUserLimit - segment.vaddr, "segment outside the user range");
        if (segment.filesz != 0) {
            check(segment.offset <= size && segment.filesz <= size - segment.offset, "segment file bytes outside the file");
            check(segment.offset % kPage == segment.vaddr % kPage, "file mapping misaligned");
        }
        check(image.brk_start >= segment.vaddr + segment.memsz, "brk below a segment end");
        if (segment.offset <= image.phoff && image.phoff - segment.offset < segment.filesz) {
            table_mapped = true;
            table_address = image.phoff - segment.offset + segment.vaddr;
        }
    }
    check(image.phdr_address == (table_mapped ? table_address : 0), "AT_PHDR not from the last segment holding the table");
    if (image.has_interpreter) {
        check(image.interpreter >= file && image.interpreter + image.interpreter_length < file + size, "interpreter path outside the file");
        check(image.interpreter_length < 4096 && image.interpreter[image.interpreter_length] == 0, "interpreter path not a C string");
        check(std::memchr(image.interpreter, 0, image.interpreter_length) == nullptr, "NUL inside the interpreter path");
    }
}

// A string exec would have read: the bytes up to the first NUL.
std::string piece(FuzzedDataProvider& data, usize max_length)
{
    std::string bytes = data.ConsumeBytesAsString(data.ConsumeIntegralInRange<usize>(0, max_length));
    return bytes.substr(0, bytes.find('\0'));
}

proc::ArgString view(const std::string& string)
{
    return { reinterpret_cast<const u8*>(string.data()), string.size() };
}

// Bounds-checked reads of the stack image by user address.
class StackReader {
public:
    explicit StackReader(const proc::InitialStack& stack, u64 top)
        : m_stack(stack)
        , m_top(top)
    {
    }
    [[nodiscard]] bool contains(u64 address, u64 length) const
    {
        return address >= m_stack.stack_pointer && address <= m_top && length <= m_top - address;
    }
    [[nodiscard]] u64 word(u64 address) const
    {
        check(contains(address, kWord), "stack word outside the image");
        u64 value = 0;
        std::memcpy(&value, m_stack.image.begin() + (address - m_stack.stack_pointer), kWord);
        return value;
    }
    // The NUL-terminated string at `address`, which must lie in the image.
    [[nodiscard]] std::string string(u64 address) const
    {
        check(contains(address, 1), "string pointer outside the image");
        const u8* start = m_stack.image.begin() + (address - m_stack.stack_pointer);
        const usize room = m_top - address;
        const void* nul = std::memchr(start, 0, room);
        check(nul != nullptr, "string without its NUL inside the image");
        return std::string(reinterpret_cast<const char*>(start), static_cast<const u8*>(nul) - start);
    }
    [[nodiscard]] const u8* bytes(u64 address, u64 length) const
    {
        check(contains(address, length), "bytes outside the image");
        return m_stack.image.begin() + (address - m_stack.stack_pointer);
    }

private:
    const proc::InitialStack& m_stack;
    u64 m_top;
};

// Walks a NULL-terminated pointer list at `at` and compares each string.
u64 check_string_list(const StackReader& reader, u64 at, const std::vector<std::string>& expected, const char* what)
{
    for (const std::string& string : expected) {
        check(reader.string(reader.word(at)) == string, what);
        at += kWord;
    }
    check(reader.word(at) == 0, what);
    return at + kWord;
}

void fuzz_initial_stack(FuzzedDataProvider& data, const proc::ElfImage* image)
{
    std::vector<std::string> argv(data.ConsumeIntegralInRange<usize>(0, 6));
    std::vector<std::string> envp(data.ConsumeIntegralInRange<usize>(0, 6));
    for (std::string& arg : argv) {
        arg = piece(data, 48);
    }
    for (std::string& env : envp) {
        env = piece(data, 48);
    }
    const std::string execfn = piece(data, 64);
    std::vector<proc::ArgString> argv_views;
    std::vector<proc::ArgString> envp_views;
    for (const std::string& arg : argv) {
        argv_views.push_back(view(arg));
    }
    for (const std::string& env : envp) {
        envp_views.push_back(view(env));
    }

    proc::InitialStackRequest request;
    // Mostly a plausible top; sometimes anything, to reach EFAULT.
    request.stack_top = data.ConsumeBool() ? kUserLimit - data.ConsumeIntegralInRange<u64>(0, 1 << 20) * kPage : data.ConsumeIntegral<u64>();
    request.strings.argv = argv_views.data();
    request.strings.argc = argv_views.size();
    request.strings.envp = envp_views.data();
    request.strings.envc = envp_views.size();
    request.strings.execfn = view(execfn);
    request.max_strings_bytes = data.ConsumeBool() ? proc::arg_strings_limit(8 << 20) : data.ConsumeIntegralInRange<u64>(0, 1024);
    request.align_shift = data.ConsumeIntegralInRange<u64>(0, 8191);
    for (u8& byte : request.random_bytes) {
        byte = data.ConsumeIntegral<u8>();
    }
    request.auxv.sysinfo_ehdr = data.ConsumeBool() ? 0x7ffff7ffd000 : 0;
    if (image != nullptr) {
        request.auxv.phdr = image->phdr_address;
        request.auxv.phnum = image->phnum;
        request.auxv.entry = image->entry;
    }

    const bool strings_fit = proc::check_exec_strings(request.strings, request.max_strings_bytes).has_value();
    auto built = proc::build_initial_stack(request);
    if (built.is_error()) {
        const int code = built.error().code();
        check(code == E2BIG || code == EFAULT || code == ENOMEM, "initial stack errno");
        check((code == E2BIG) == !strings_fit, "E2BIG disagrees with check_exec_strings");
        return;
    }
    check(strings_fit, "a stack was built from strings check_exec_strings refuses");
    const proc::InitialStack& stack = built.value();
    const u64 top = request.stack_top;
    check(stack.stack_pointer % 16 == 0 && stack.stack_pointer < top, "stack pointer not 16-byte aligned below the top");
    check(stack.image.size() == top - stack.stack_pointer, "image is not [stack_pointer, top)");
    const StackReader reader(stack, top);

    if (argv.empty()) {
        argv.emplace_back(); // Linux adds "" for an empty argv
    }
    check(reader.word(stack.stack_pointer) == argv.size(), "argc");
    check(reader.word(stack.stack_pointer + kWord) == stack.arg_start, "argv[0] is not arg_start");
    u64 at = check_string_list(reader, stack.stack_pointer + kWord, argv, "argv string");
    at = check_string_list(reader, at, envp, "envp string");
    check(stack.arg_end == stack.env_start && stack.env_end == stack.execfn, "mm string bounds");

    bool saw_random = false;
    bool saw_execfn = false;
    bool saw_platform = false;
    for (;; at += 2 * kWord) {
        const u64 type = reader.word(at);
        const u64 value = reader.word(at + kWord);
        if (type == AT_NULL) {
            break;
        }
        if (type == AT_RANDOM) {
            saw_random = true;
            check(std::memcmp(reader.bytes(value, 16), request.random_bytes, 16) == 0, "AT_RANDOM bytes");
        } else if (type == AT_EXECFN) {
            saw_execfn = true;
            check(value == stack.execfn && reader.string(value) == execfn, "AT_EXECFN string");
        } else if (type == AT_PLATFORM) {
            saw_platform = true;
            check(reader.string(value) == "x86_64", "AT_PLATFORM string");
        } else if (type == AT_PHDR) {
            check(value == request.auxv.phdr, "AT_PHDR value");
        } else if (type == AT_ENTRY) {
            check(value == request.auxv.entry, "AT_ENTRY value");
        }
    }
    check(saw_random && saw_execfn && saw_platform, "auxv misses a pointer entry");
    check(at + 2 * kWord <= stack.random, "auxv runs into the random bytes");
    check(reader.word(top - kWord) == 0, "top word not zero");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    FuzzedDataProvider data(bytes, size);
    auto whole = proc::parse_elf_image(bytes, size, kUserLimit);
    auto headers = proc::read_elf_headers(bytes, size);
    if (headers.is_error()) {
        const int code = headers.error().code();
        check(code == ENOEXEC || code == EINVAL || code == EIO || code == ENOMEM, "ELF header stage errno");
        check(whole.is_error() && whole.error().code() == code, "parse_elf_image disagrees with stage 1");
        fuzz_initial_stack(data, nullptr);
        return 0;
    }
    auto checked = proc::check_elf_segments(headers.release_value(), kUserLimit);
    if (checked.is_error()) {
        const int code = checked.error().code();
        check(code == EINVAL || code == ENOMEM || code == EIO, "ELF segment stage errno");
        check(whole.is_error() && whole.error().code() == code, "parse_elf_image disagrees with stage 2");
        fuzz_initial_stack(data, nullptr);
        return 0;
    }
    const proc::ElfImage& image = checked.value();
    check(whole.has_value(), "parse_elf_image refused an image both stages accept");
    check_image(image, bytes, size);
    check(whole.value().brk_start == image.brk_start && whole.value().phdr_address == image.phdr_address, "parse_elf_image differs from the stages");
    fuzz_initial_stack(data, &image);
    return 0;
}
