# Device files: /dev/null, /dev/zero, /dev/urandom and the applets that
# open them behind the scenes (gzip -t writes to /dev/null, shred reads
# /dev/zero and /dev/urandom). Needs: devfs.
section() { echo "== $1"; }

section null
echo discarded >/dev/null; echo "write to /dev/null: $?"
cat /dev/null | wc -c
ls nonexistent 2>/dev/null; echo "ls status $?"
ls -l /dev/null | cut -c 1
test -c /dev/null && echo "/dev/null is a character device"

section zero-urandom
head -c 16 /dev/zero | od -An -tx1
dd if=/dev/zero bs=512 count=4 2>/dev/null | wc -c
[ "$(head -c 32 /dev/urandom | wc -c)" = 32 ] && echo "32 random bytes"
dd if=/dev/urandom of=random bs=1k count=4 2>/dev/null; wc -c <random

section applets-using-devices
seq 1 1000 >n; gzip n; gzip -t n.gz && echo "gzip test ok"
seq 1 10 >secret; shred -n 1 -u secret; ls secret 2>&1
mknod mynull c 1 3 && cat mynull | wc -c
echo done
