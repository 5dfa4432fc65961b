# Signals between processes, traps, sleep, timeout. Pids are never
# printed: only whether they are what they should be. Needs: fork/exec,
# signals, wait4, the sleeps.
section() { echo "== $1"; }

section subshell-pids
[ "$$" = "$(echo $$)" ] && echo "\$\$ is the same in a command substitution"
parent=$$; sh -c '[ "$PPID" = "$1" ] && echo "PPID of a child is our \$\$"' sh $parent
(sh -c '[ $PPID = '"$$"' ] && echo "the last command of a subshell is exec'\''d in its process"')
[ "$(sh -c 'echo $$')" != "$$" ] && echo "a child has its own pid"

section signals-between-processes
sh -c 'trap "echo HUP handled" HUP; kill -HUP $$; echo continues'
trap 'echo parent got USR1' USR1
sh -c 'kill -USR1 $PPID'
sleep 0.1
trap - USR1
kill -l 15; kill -l TERM; kill -l | head -2 | tr -s ' \t\n' ' '; echo

section sleep-timeout
start=$(date +%s); sleep 1; end=$(date +%s)
[ $((end - start)) -ge 1 ] && [ $((end - start)) -le 3 ] && echo "sleep 1 took about a second"
usleep 10000 && echo usleep
timeout 1 sleep 5; echo "timeout status $?"
timeout 5 sleep 0.1; echo "no timeout status $?"
timeout -s KILL 1 sh -c 'trap "" TERM; sleep 5'; echo "timeout -s KILL status $?"
time -p sleep 0.1 2>&1 | sed -E 's/[0-9]+\.[0-9]+/T/'
echo done
