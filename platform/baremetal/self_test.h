#pragma once

// Checks the kernel runs on itself at boot with `sirius.selftest`: the parts
// that only exist on the real machine (frames, the heap, the page tables,
// exception fix-ups), each printing PASS or FAIL. The QEMU tests boot with
// it and read the verdicts.
namespace sirius::baremetal {

// True when every check passed.
bool run_self_tests();

// Reads an unmapped kernel address: the fault report's test.
[[noreturn]] void fault_on_purpose();

} // namespace sirius::baremetal
