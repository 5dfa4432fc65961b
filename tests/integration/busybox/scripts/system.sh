# Identity, time, environment and host names. What differs between any
# two machines (the date, the host name, the kernel release) is checked
# for its form or against another applet's answer, never printed.
# Needs: uname, the credentials calls, the clocks.
section() { echo "== $1"; }

section id
id -u; id -g; id -un; id -gn
whoami
[ "$(id -u)" = "$(stat -c %u .)" ] && echo "the work directory is ours"
groups "$(id -un)" | tr ' ' '\n' | head -1
logname 2>&1 | sed 's/^logname: .*/logname: no login name/'

section uname-hostname
uname -s; uname -m; arch; uname -o
[ "$(uname -n)" = "$(hostname)" ] && echo "uname -n is the host name"
[ -n "$(uname -r)" ] && echo "uname -r is not empty"
[ "$(uname -a | cut -d' ' -f1)" = Linux ] && echo "uname -a starts with Linux"
hostname -s | grep -q . && echo "hostname -s is not empty"
dnsdomainname >dns.out 2>&1; echo "dnsdomainname ran"

section date
date -u -d @0
date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S %a %b %j %s'
date -d '2024-02-29 12:34:56' '+%F %T %Z %u %V'
date -u -d '1999-12-31 23:59:59' +%s
TZ=UTC date -d @86399 +%T
date '+%Y-%m-%d %H:%M:%S' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' && echo "date has the right form"
now=$(date +%s); [ "$now" -gt 1700000000 ] && echo "the clock is after 2023"
date -R -d @0
date -I -d @0
cal 12 2026 | head -3

section env
env | sort | sed "s|$HOME|~|; s|^PATH=.*|PATH=BIN|"
env -i A=1 B=2 env | sort
env -u HOME env | grep -c '^HOME=' 
FOO=bar sh -c 'echo $FOO'
export EXPORTED=yes; sh -c 'echo "exported: $EXPORTED"'
NOTEXPORTED=no; sh -c 'echo "not exported: ${NOTEXPORTED:-unset}"'
echo "TZ=$TZ LANG=$LANG LC_ALL=$LC_ALL"

section limits-and-misc
[ "$(nproc)" -ge 1 ] && echo "nproc is at least 1"
hostid | grep -Eq '^[0-9a-f]{8}$' && echo "hostid has 8 hex digits"
ulimit -n | grep -Eq '^[0-9]+$' && echo "ulimit -n is a number"
umask; umask 077; umask; umask -S
tty 2>&1; echo "tty status $?"
which ls busybox | sed "s|${PATH%%:*}|BIN|"
echo done
