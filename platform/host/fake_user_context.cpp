#include "platform/host/fake_user_context.h"

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

} // namespace sirius::host
