#include "platform/host/fake_user_context.h"

#include <cstddef>

namespace sirius::host {

Result<OwnPtr<hal::UserContext>> FakeUserContext::create()
{
    auto context = TRY(try_make_own<FakeUserContext>());
    return OwnPtr<hal::UserContext>(move(context));
}

Result<OwnPtr<hal::UserContext>> FakeUserContext::clone() const
{
    auto copy = TRY(try_make_own<FakeUserContext>(*this));
    return OwnPtr<hal::UserContext>(move(copy));
}

Result<void> FakeUserContext::push_signal_frame(hal::AddressSpace& memory, const hal::SignalFrame& request)
{
    // x86_64 setup_rt_frame: with no SA_RESTORER there is nowhere for the
    // handler to return to, and the frame fails ("could use a vstub here").
    constexpr u64 kSaRestorer = 0x04000000;
    if ((request.flags & kSaRestorer) == 0) {
        return errno_error(EFAULT);
    }
    std::uint64_t top = request.stack_top;
    if (!request.on_alternate_stack) {
        top -= kRedZone;
    }
    // 16-byte aligned at the handler's entry once the return address is
    // "pushed" (the x86_64 call convention the handler expects).
    const std::uint64_t address = ((top - sizeof(Frame)) & ~std::uint64_t { 15 }) - 8;
    Frame frame {};
    frame.return_address = request.restorer;
    copy_bytes(frame.info, request.info, sizeof(frame.info));
    frame.saved_rax = rax;
    frame.saved_rsp = rsp;
    frame.saved_rip = rip;
    frame.saved_fs_base = fs_base;
    frame.saved_rdi = rdi;
    frame.saved_rsi = rsi;
    frame.saved_rdx = rdx;
    frame.mask = request.saved_mask;
    frame.stack = request.saved_stack;
    TRY(memory.copy_to_user(UserAddress(address), &frame, sizeof(frame)));
    rsp = address;
    rip = request.handler;
    rdi = static_cast<std::uint64_t>(request.signal);
    rsi = address + offsetof(Frame, info);
    rdx = address + offsetof(Frame, saved_rax);
    rax = 0;
    return {};
}

Result<hal::RestoredSignalState> FakeUserContext::pop_signal_frame(hal::AddressSpace& memory)
{
    // The handler's `ret` popped the return address: the frame starts 8
    // bytes below the stack pointer.
    Frame frame {};
    TRY(memory.copy_from_user(&frame, UserAddress(rsp - 8), sizeof(frame)));
    rax = frame.saved_rax;
    rsp = frame.saved_rsp;
    rip = frame.saved_rip;
    fs_base = frame.saved_fs_base;
    rdi = frame.saved_rdi;
    rsi = frame.saved_rsi;
    rdx = frame.saved_rdx;
    return hal::RestoredSignalState { frame.mask, frame.stack };
}

} // namespace sirius::host
