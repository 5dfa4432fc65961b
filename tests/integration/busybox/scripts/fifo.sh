# Named pipes between two processes. Needs: named FIFOs (mkfifo/mknod of
# S_IFIFO and opening one), and /dev/null for the background writer's
# stdin.
section() { echo "== $1"; }

section mkfifo
mkfifo pipe
ls -l pipe | cut -c 1
[ -p pipe ] && echo "test -p: a FIFO"
seq 1 5 >pipe &
cat pipe
wait
(echo through; echo the fifo) >pipe &
sort <pipe
wait
mknod pipe2 p && stat -c %F pipe2
echo done
