#pragma once

// An open file with no behaviour of its own, for tests and host machines: it
// stands in for the console behind stdin/stdout/stderr and for "some fd that
// is not what the call wants".
#include "core/fs/file.h"

namespace sirius::host {

class PlainFile final : public fs::File {
public:
    PlainFile()
        : File(0)
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }
};

} // namespace sirius::host
