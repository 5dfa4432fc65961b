# Scheduling priorities and affinity through applets. Figures that differ
# between machines (the CPU count, the affinity mask) are not printed.
# Needs: getpriority/setpriority, sched_getaffinity/sched_setaffinity.
section() { echo "== $1"; }

section priority
renice -n 5 -p $$ >renice.out 2>&1; echo "renice status $?"
sh -c 'renice -n 3 -p $$' 2>&1 | sed 's/[0-9][0-9]*/N/g'
renice -n -30 -p $$ >renice2.out 2>&1; echo "renice to the floor: $?"
taskset -p 1 $$ >taskset.out 2>&1; echo "taskset status $?"
taskset 1 sh -c 'echo "run on CPU 0"'
echo done
