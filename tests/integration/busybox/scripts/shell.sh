# The shell itself: pipes, redirections, subshells, here-documents,
# expansions, functions, traps on EXIT and on signals the shell sends
# itself, getopt. Needs: fork/exec, pipes, signals.
section() { echo "== $1"; }

section pipes
echo one two three | tr ' ' '\n' | sort -r | head -n 2
seq 1 1000 | grep 7 | wc -l
printf 'b\na\n' | sort | cat -n
false | true; echo "status of false|true: $?"
true | false; echo "status of true|false: $?"
! false && echo negated
seq 1 100000 | tail -1
yes abcdefghij | head -c 200000 | wc -c

section redirections
echo first >f; echo second >>f; cat f
echo to-stderr >&2
{ echo out; echo err >&2; } >both 2>&1; cat both
{ echo out; echo err >&2; } 2>errs >outs; cat outs errs
cat <f >g; cat g
exec 3>fd3; echo via-fd3 >&3; exec 3>&-; cat fd3
exec 4<f; head -1 <&4; exec 4<&-
echo rw >rwfile; exec 5<>rwfile; echo RW >&5; exec 5>&-; cat rwfile
cat nonexistent 2>err.txt; echo "status $?"; cat err.txt
set -C; echo clobber >f 2>&1 || echo "noclobber refused"; set +C
echo forced >|f; cat f
: >empty; wc -c <empty

section here-documents
cat <<EOF
home is set: ${HOME:+yes}
arithmetic: $((6 * 7))
EOF
cat <<'EOF'
literal $HOME $((1+1))
EOF
cat <<-EOF
	tabs stripped
	EOF
awk '{ print "[" $1 "|" $2 "]" }' <<EOF
x 1
y 2
EOF

section subshells
x=outer; (x=inner; echo "in subshell: $x"); echo "after: $x"
(cd /; pwd); pwd | sed "s|$HOME|~|"
(exit 3); echo "subshell status $?"
echo "$(echo nested $(echo deeper))"
echo `echo backquotes`
v=$(printf 'trailing\n\n\n'); echo "[$v]"
{ echo group; echo braces; } | wc -l
count=0; seq 1 5 | { count=5; echo "in the pipe: $count"; }; echo "after the pipe: $count"

section expansions
s=hello.tar.gz
echo "${s%.gz} ${s%%.*} ${s#*.} ${s##*.} ${#s}"
echo "${unset:-default} ${unset:=assigned} $unset ${s:+alt}"
echo "${s:1:4} ${s/l/L} ${s//l/L}"
set -- a 'b c' d; echo "$# $1 $2"; for i in "$@"; do echo "<$i>"; done
shift; echo "$*"
IFS=:; set -- $(echo x:y:z); echo "$# $2"; IFS=' 	
'
echo $((1 + 2 * 3)) $((7 / 2)) $((7 % 3)) $((2 ** 10)) $((1 << 4)) $((0x10)) $((-5 / 2))
i=0; i=$((i + 1)); : $((i += 10)); echo $i
echo {a,b}c 2>&1
echo *.txt | tr ' ' '\n' | head -2
echo nomatch* 
a=1; b=a; eval "echo \$$b"
printf '%s\n' "quoted  spaces" 'single $HOME'

section control
for i in 1 2 3; do printf "%s " $i; done; echo
i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo "while: $i"
until [ $i -eq 0 ]; do i=$((i - 1)); done; echo "until: $i"
for w in apple banana kiwi; do case $w in a*) echo "$w: a";; *an*) echo "$w: an";; *) echo "$w: other";; esac; done
for i in 1 2 3 4 5; do [ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; echo $i; done
if false; then echo no; elif true; then echo elif; else echo else; fi
true && echo and || echo or; false && echo and || echo or

section functions
f() { local v=local; echo "f args: $# $1"; return 7; }
v=global; f one two; echo "status $? v=$v"
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
fact 10
g() { echo "in g"; }; type g | head -1
command -v echo; command -v ls | sed 's|.*/|BIN/|'
type ls | sed 's|/.*/|BIN/|'
which sh | sed 's|.*/|BIN/|'
alias ll='echo aliased'; eval ll
readonly ro=1; (ro=2) 2>&1; echo "readonly: $ro"
unset v; echo "unset: ${v-gone}"

section getopt
getopt -o ab:c -l long,value: -- -a -b x --long --value=y file 2>&1
set -- -x -y val rest
while getopts xy: opt; do echo "opt $opt ${OPTARG:-}"; done; shift $((OPTIND - 1)); echo "rest $*"

section big-data
# A here-document larger than a pipe (ash writes it from a child), a
# command substitution of a megabyte, a long pipeline.
{ echo 'cat <<EOF'; seq 1 20000; echo EOF; } >bigdoc.sh
sh bigdoc.sh | md5sum
big=$(seq 1 150000); echo "${#big}"
seq 1 100000 | cat | cat | cat | cat | cat | cat | cat | cat | cat | md5sum
seq 1 50000 | sed 's/$/ x/' | awk '{ s += $1 } END { print s }'
yes 0123456789 | head -n 100000 | tr -d '\n' | wc -c
sh -c 'exec echo "exec replaced the shell"'; echo "after exec: $?"
(ulimit -v 100000; echo "ulimit -v: $(ulimit -v)")
sh -c 'f() { g; }; g() { echo "nested: $1${1:-empty}"; }; f'
sh -c 'echo $0 $1 $2' zero one two
sh -c 'for i in $(seq 1 200); do :; done; echo "200 iterations"'
i=0; while [ $i -lt 30 ]; do sh -c 'exit 0'; i=$((i + 1)); done; echo "30 sh processes"

section traps
(trap 'echo exit trap' EXIT; echo in subshell)
sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after'
sh -c 'trap "echo caught TERM; exit 3" TERM; kill -TERM $$; sleep 5; echo not reached'; echo "status $?"
sh -c 'trap "" INT; kill -INT $$; echo ignored INT'
sh -c 'kill -9 $$; echo not reached'; echo "SIGKILL status $?"
sh -c 'kill -TERM $$'; echo "SIGTERM status $?"
trap 'echo trap list' HUP; trap | grep HUP; trap - HUP
sh -c 'exit 42'; echo "exit status $?"
sh -c 'set -e; false; echo not reached'; echo "set -e status $?"
sh -c 'echo ${undefined?is unset}' 2>&1; echo "status $?"
sh -c 'set -u; echo $undefined' 2>&1; echo "status $?"
echo done
