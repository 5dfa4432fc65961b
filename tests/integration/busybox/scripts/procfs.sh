# Applets that read /proc: ps, pidof, top, free, uptime, w, killall.
# Pids, times, load and memory figures are masked. On the host, ps and
# pidof see every process of the machine: only our own children are looked
# at, and killall only ever sends signal 0.
# Needs: procfs (and /proc/self/exe, through which busybox re-executes
# itself for some applets).
section() { echo "== $1"; }

section ps
sh -c 'exec sleep 3' &
sleeper=$!
sleep 0.3
ps | head -1 | tr -s ' '
ps -o pid,comm | awk -v p=$sleeper '$1 == p { print "ps sees", $2 }'
ps -o ppid,comm | awk -v me=$$ '$1 == me && $2 == "sleep"' | wc -l
ps -o pid,ppid,comm | awk -v p=$sleeper -v me=$$ '$1 == p && $2 == me { print "parent is the shell" }'

section pidof-killall
pidof sleep | tr ' ' '\n' | grep -qx "$sleeper" && echo "pidof finds the sleeper"
pidof nosuchprogram; echo "pidof status $?"
killall -0 sleep && echo "killall -0 finds a sleep"
kill $sleeper; wait $sleeper; echo "sleeper status $?"
killall -0 nosuchprogram 2>&1; echo "killall status $?"

section top
top -b -n 1 | head -4 | sed -E 's/[0-9]+(\.[0-9]+)?/N/g' | tr -s ' ' | cut -c 1-20

section free-uptime
free | head -1 | tr -s ' '
free | awk 'NR == 2 { print $1, ($2 > 0) ? "total>0" : "total=0" }'
free -m | awk 'NR == 2 { print $1 }'
uptime | sed -E 's/.*up .*load average: [0-9.]+, [0-9.]+, [0-9.]+$/up, load average: N, N, N/'
w | head -1 | sed -E 's/.*up .*load average: .*/up, load average/'

section proc-files
[ -r /proc/self/status ] && echo "/proc/self/status is readable"
grep -c '^Pid:' /proc/self/status
readlink /proc/self/exe | sed 's|.*/||'
[ "$(cat /proc/self/stat | cut -d' ' -f1)" -gt 0 ] && echo "/proc/self/stat starts with a pid"
sysctl kernel.ostype
dmesg >dmesg.out 2>&1; echo "dmesg ran"
echo done
