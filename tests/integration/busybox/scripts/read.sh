# The shell's read builtin: busybox's shell_builtin_read polls its input
# before each read. Needs: poll(2).
section() { echo "== $1"; }

section read
printf 'a b c\n' | { read x y; echo "x=$x y=$y"; }
printf 'one\\\ntwo\n' | { read -r l; echo "$l"; }
printf 'k=v\n' | { IFS== read k v; echo "$k -> $v"; }
echo first >f; exec 4<f; read line <&4; echo "read from fd 4: $line"; exec 4<&-
echo rw >rwfile; exec 5<>rwfile; read x <&5; echo "rw: $x"; exec 5>&-
while read a b; do echo "[$a|$b]"; done <<EOF
x 1
y 2
EOF
count=0; while read n; do count=$((count + n)); done <<EOF
$(seq 1 5)
EOF
echo "here-doc count: $count"
seq 1 3 | while read n; do echo "line $n"; done
printf 'abc' | { read -n 2 two; echo "read -n: $two"; }
echo done
