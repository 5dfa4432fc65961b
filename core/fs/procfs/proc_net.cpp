// /proc/<pid>/net/dev (Linux net/core/net-procfs.c dev_seq_show): two
// header lines, then one line per device of the network namespace, in
// registration order, with dev_seq_printf_stats's widths.
#include "core/fs/dentry.h"
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/ns/net_namespace.h"
#include "core/proc/credentials.h"

namespace sirius::fs {

namespace {

// printf's "%6s": right-aligned in six columns, longer names as they are.
void append_right_aligned(TextBuffer& text, const char* name, usize width)
{
    usize length = 0;
    while (name[length] != '\0') {
        ++length;
    }
    for (usize i = length; i < width; ++i) {
        text.append_char(' ');
    }
    text.append(name);
}

void append_device(TextBuffer& text, const net::NetDevice& device)
{
    const rtnl_link_stats64& stats = device.stats;
    // "%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu
    // %4llu %4llu %4llu %5llu %7llu %10llu\n"; drop adds the missed
    // errors, frame the four receive error kinds, carrier the four
    // transmit ones.
    append_right_aligned(text, device.name, 6);
    text.append(": ");
    text.append_unsigned(stats.rx_bytes, 7).append_char(' ');
    text.append_unsigned(stats.rx_packets, 7).append_char(' ');
    text.append_unsigned(stats.rx_errors, 4).append_char(' ');
    text.append_unsigned(stats.rx_dropped + stats.rx_missed_errors, 4).append_char(' ');
    text.append_unsigned(stats.rx_fifo_errors, 4).append_char(' ');
    text.append_unsigned(stats.rx_length_errors + stats.rx_over_errors + stats.rx_crc_errors + stats.rx_frame_errors, 5).append_char(' ');
    text.append_unsigned(stats.rx_compressed, 10).append_char(' ');
    text.append_unsigned(stats.multicast, 9).append_char(' ');
    text.append_unsigned(stats.tx_bytes, 8).append_char(' ');
    text.append_unsigned(stats.tx_packets, 7).append_char(' ');
    text.append_unsigned(stats.tx_errors, 4).append_char(' ');
    text.append_unsigned(stats.tx_dropped, 4).append_char(' ');
    text.append_unsigned(stats.tx_fifo_errors, 4).append_char(' ');
    text.append_unsigned(stats.collisions, 5).append_char(' ');
    text.append_unsigned(stats.tx_carrier_errors + stats.tx_aborted_errors + stats.tx_window_errors + stats.tx_heartbeat_errors, 7).append_char(' ');
    text.append_unsigned(stats.tx_compressed, 10).append_char('\n');
}

} // namespace

Result<void> write_net_dev(const ns::NetNamespace& net, TextBuffer& text)
{
    text.append("Inter-|   Receive                                                |  Transmit\n");
    text.append(" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
    for (const net::NetDevice& device : net.devices()) {
        append_device(text, device);
    }
    return text.status();
}

} // namespace sirius::fs
