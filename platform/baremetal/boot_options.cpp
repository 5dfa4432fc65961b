#include "platform/baremetal/boot_options.h"

namespace sirius::baremetal {

namespace {

bool starts_with(const char* word, const char* prefix, const char*& rest)
{
    while (*prefix != '\0') {
        if (*word++ != *prefix++) {
            return false;
        }
    }
    rest = word;
    return true;
}

bool equals(const char* a, const char* b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

// The position of `c` in `word`, or -1.
isize find(const char* word, char c)
{
    for (isize i = 0; word[i] != '\0'; ++i) {
        if (word[i] == c) {
            return i;
        }
    }
    return -1;
}

void apply(BootOptions& options, const char* word)
{
    const char* value = nullptr;
    if (starts_with(word, "init=", value)) {
        usize length = 0;
        while (value[length] != '\0') {
            ++length;
        }
        if (length > 0 && length < BootOptions::kMaxPath) {
            for (usize i = 0; i <= length; ++i) {
                options.init_path[i] = value[i];
            }
        }
    } else if (starts_with(word, "loglevel=", value)) {
        if (value[0] >= '0' && value[0] <= '7' && value[1] == '\0') {
            options.log_level = static_cast<u8>(value[0] - '0');
        }
    } else if (equals(word, "quiet")) {
        options.log_level = 4;
    } else if (equals(word, "sirius.strace")) {
        options.syscall_trace = true;
    } else if (equals(word, "sirius.selftest")) {
        options.self_test = BootOptions::SelfTest::Checks;
    } else if (equals(word, "sirius.selftest=fault")) {
        options.self_test = BootOptions::SelfTest::Fault;
    } else if (equals(word, "sirius.console=plain")) {
        options.console_is_terminal = false;
    } else if (isize dot = find(word, '.'), equal = find(word, '='); dot >= 0 && (equal < 0 || dot < equal)) {
        // Linux unknown_bootoption: a module parameter (foo.bar[=x]) goes
        // to neither argv nor envp.
    } else if (equal >= 0) {
        if (options.init_environment_count < BootOptions::kMaxInitArguments) {
            options.init_environment[options.init_environment_count++] = word;
        }
    } else if (options.init_argument_count < BootOptions::kMaxInitArguments) {
        options.init_arguments[options.init_argument_count++] = word;
    }
}

} // namespace

BootOptions parse_boot_options(char* line)
{
    BootOptions options;
    char* cursor = line;
    while (*cursor != '\0') {
        while (*cursor == ' ') {
            *cursor++ = '\0';
        }
        if (*cursor == '\0') {
            break;
        }
        char* word = cursor;
        while (*cursor != '\0' && *cursor != ' ') {
            ++cursor;
        }
        if (*cursor == ' ') {
            *cursor++ = '\0';
        }
        apply(options, word);
    }
    return options;
}

} // namespace sirius::baremetal
