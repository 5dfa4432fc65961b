# Background jobs and wait. Pids are never printed: only whether they are
# what they should be. Needs: /dev/null (devfs): a non-interactive ash
# gives a background job /dev/null as its stdin.
section() { echo "== $1"; }

section background-and-wait
sleep 0.2 &
pid=$!
[ "$pid" -gt 0 ] && echo "\$! is a pid"
wait $pid; echo "wait status $?"
(exit 5) &
wait $!; echo "background exit status $?"
echo a >order1 &
echo b >order2 &
wait; cat order1 order2
for i in 1 2 3; do (sleep 0.$i; echo "job $i done" >job$i) & done; wait; cat job1 job2 job3
sh -c 'sleep 5' &
victim=$!
kill $victim; wait $victim; echo "killed job: status $?"
sh -c 'sleep 5' &
victim=$!
kill -s KILL $victim; wait $victim; echo "SIGKILL job: status $?"
sleep 5 &
victim=$!
kill -0 $victim && echo "kill -0: alive"
kill -TERM $victim; wait $victim; echo "sleep killed: $?"
kill -0 $victim 2>&1 | sed 's/[0-9][0-9]*/PID/'; echo "kill -0 after reaping"
wait 2>&1; echo "wait with nothing to wait for: $?"


section signal-a-background-job
sh -c 'trap "echo child got USR2; exit 0" USR2; while :; do sleep 0.05; done' &
child=$!
sleep 0.5
kill -USR2 $child; wait $child; echo "child status $?"
echo done
