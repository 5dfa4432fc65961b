#pragma once

// Builds ELF64 files byte by byte for tests of the ELF reader and of execve.
#include <cstring>
#include <linux/elf.h>
#include <string>
#include <utility>
#include <vector>

#include "core/base/types.h"

namespace sirius::testing {

inline constexpr u64 kPage = 0x1000;

inline Elf64_Phdr program_header(u32 type, u32 flags, u64 offset, u64 vaddr, u64 filesz, u64 memsz, u64 align = kPage)
{
    Elf64_Phdr phdr {};
    phdr.p_type = type;
    phdr.p_flags = flags;
    phdr.p_offset = offset;
    phdr.p_vaddr = vaddr;
    phdr.p_paddr = vaddr;
    phdr.p_filesz = filesz;
    phdr.p_memsz = memsz;
    phdr.p_align = align;
    return phdr;
}

// An ELF64 file: the header at 0, the program header table at e_phoff, byte
// runs placed anywhere, zeros elsewhere. Fields are public so a test can
// break exactly one of them.
class ElfBuilder {
public:
    ElfBuilder()
    {
        std::memcpy(header.e_ident, ELFMAG, SELFMAG);
        header.e_ident[EI_CLASS] = ELFCLASS64;
        header.e_ident[EI_DATA] = ELFDATA2LSB;
        header.e_ident[EI_VERSION] = EV_CURRENT;
        header.e_type = ET_EXEC;
        header.e_machine = EM_X86_64;
        header.e_version = EV_CURRENT;
        header.e_phoff = sizeof(Elf64_Ehdr);
        header.e_ehsize = sizeof(Elf64_Ehdr);
        header.e_phentsize = sizeof(Elf64_Phdr);
    }

    ElfBuilder& add(const Elf64_Phdr& phdr)
    {
        phdrs.push_back(phdr);
        return *this;
    }
    ElfBuilder& load(u64 offset, u64 vaddr, u64 filesz, u64 memsz, u32 flags, u64 align = kPage)
    {
        return add(program_header(PT_LOAD, flags, offset, vaddr, filesz, memsz, align));
    }
    ElfBuilder& place(u64 offset, const std::string& bytes)
    {
        blobs.push_back({ offset, bytes });
        return *this;
    }
    // A PT_INTERP of `bytes` (give the NUL yourself) placed at `offset`.
    ElfBuilder& interp(u64 offset, const std::string& bytes)
    {
        place(offset, bytes);
        return add(program_header(PT_INTERP, PF_R, offset, 0, bytes.size(), bytes.size(), 1));
    }

    [[nodiscard]] std::vector<u8> build() const
    {
        std::vector<u8> file(file_size, 0);
        Elf64_Ehdr copy = header;
        copy.e_phnum = phnum_override >= 0 ? static_cast<u16>(phnum_override) : static_cast<u16>(phdrs.size());
        write(file, 0, &copy, sizeof(copy));
        for (usize i = 0; i < phdrs.size(); ++i) {
            write(file, header.e_phoff + i * sizeof(Elf64_Phdr), &phdrs[i], sizeof(Elf64_Phdr));
        }
        for (const auto& [offset, bytes] : blobs) {
            write(file, offset, bytes.data(), bytes.size());
        }
        return file;
    }

    Elf64_Ehdr header {};
    std::vector<Elf64_Phdr> phdrs;
    std::vector<std::pair<u64, std::string>> blobs;
    usize file_size { 0x2000 };
    int phnum_override { -1 };

private:
    // Whatever falls past the end of the file is dropped, so a test can
    // truncate a table by shrinking file_size.
    static void write(std::vector<u8>& file, u64 offset, const void* bytes, usize size)
    {
        if (offset >= file.size()) {
            return;
        }
        for (usize i = 0; i < size && i < file.size() - offset; ++i) {
            file[offset + i] = static_cast<const u8*>(bytes)[i];
        }
    }
};

// A typical static executable: read-only headers, text, data with bss, and
// a non-executable stack.
inline ElfBuilder static_executable()
{
    ElfBuilder builder;
    builder.header.e_entry = 0x401000;
    builder.load(0, 0x400000, kPage, kPage, PF_R)
        .load(0x1000, 0x401000, 0x100, 0x100, PF_R | PF_X)
        .load(0x1100, 0x403100, 0x80, 0x2000, PF_R | PF_W)
        .add(program_header(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16));
    return builder;
}

// A static-pie: ET_DYN linked at 0.
inline ElfBuilder static_pie()
{
    ElfBuilder builder;
    builder.header.e_type = ET_DYN;
    builder.header.e_entry = 0x1000;
    builder.load(0, 0, kPage, kPage, PF_R).load(0x1000, 0x1000, 0x100, 0x100, PF_R | PF_X);
    return builder;
}

} // namespace sirius::testing
