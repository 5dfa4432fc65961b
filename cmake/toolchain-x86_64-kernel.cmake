# Freestanding x86_64 kernel build: no host triple, no libc, no exceptions or
# RTTI, no red zone (interrupts use the stack), no SSE/x87 in kernel code
# (the FPU state belongs to user space), linked with ld.lld.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_C_COMPILER_TARGET x86_64-unknown-none-elf)
set(CMAKE_CXX_COMPILER_TARGET x86_64-unknown-none-elf)
set(CMAKE_ASM_COMPILER clang-19)
set(CMAKE_ASM_COMPILER_TARGET x86_64-unknown-none-elf)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_LINKER_TYPE LLD)
set(SIRIUS_KERNEL_FLAGS "-ffreestanding -fno-exceptions -fno-rtti -mno-red-zone -mgeneral-regs-only -mcmodel=kernel -fno-pic -fno-stack-protector -fno-omit-frame-pointer")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -nostdlib -static")
set(CMAKE_C_FLAGS_INIT "${SIRIUS_KERNEL_FLAGS}")
set(CMAKE_ASM_FLAGS_INIT "${SIRIUS_KERNEL_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${SIRIUS_KERNEL_FLAGS} -fno-threadsafe-statics -fno-use-cxa-atexit")
