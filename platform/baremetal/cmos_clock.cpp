#include "arch/x86_64/cpu.h"
#include "platform/baremetal/tick_clock.h"

namespace sirius::baremetal {

namespace {

constexpr u16 kCmosIndex = 0x70;
constexpr u16 kCmosData = 0x71;
constexpr u8 kStatusA = 0x0a;
constexpr u8 kStatusB = 0x0b;
constexpr u8 kUpdateInProgress = 0x80;
constexpr u8 kBinaryMode = 0x04;
constexpr u8 k24HourMode = 0x02;

u8 read_register(u8 index)
{
    x86_64::out8(kCmosIndex, index);
    return x86_64::in8(kCmosData);
}

// Days from 1970-01-01 to year-month-day (proleptic Gregorian; Howard
// Hinnant's days_from_civil).
i64 days_from_civil(i64 year, u32 month, u32 day)
{
    year -= month <= 2 ? 1 : 0;
    const i64 era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<u32>(year - era * 400);
    const u32 day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const u32 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<i64>(day_of_era) - 719468;
}

} // namespace

hal::Nanoseconds read_cmos_realtime()
{
    while ((read_register(kStatusA) & kUpdateInProgress) != 0) {
    }
    u8 second = read_register(0x00);
    u8 minute = read_register(0x02);
    u8 hour = read_register(0x04);
    u8 day = read_register(0x07);
    u8 month = read_register(0x08);
    u8 year = read_register(0x09);
    u8 status = read_register(kStatusB);
    auto decode = [&](u8 value) -> u32 { return (status & kBinaryMode) != 0 ? value : (value & 0x0f) + (value >> 4) * 10; };
    bool pm = (hour & 0x80) != 0;
    u32 hours = decode(hour & 0x7f);
    if ((status & k24HourMode) == 0) {
        hours = hours % 12 + (pm ? 12 : 0);
    }
    i64 days = days_from_civil(2000 + decode(year), decode(month), decode(day));
    i64 seconds = days * 86400 + hours * 3600 + decode(minute) * 60 + decode(second);
    return seconds * 1000000000;
}

} // namespace sirius::baremetal
