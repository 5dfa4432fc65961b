# Process attributes through applets: sessions, priorities, ownership,
# a changed root, namespaces and credentials. Run as root, as CI is; as
# another user the privileged steps fail the same way on both sides.
# Needs: setsid, chown, chroot, unshare, prctl(PR_SET_NO_NEW_PRIVS).
section() { echo "== $1"; }

section setsid
setsid sh -c 'echo "in a new session"'
sh -c 'setsid sh -c "exit 4"; echo "setsid status $?"'

section ownership
touch owned
chown 1234:5678 owned 2>&1; stat -c '%u %g' owned
chgrp 42 owned 2>&1; stat -c '%u %g' owned
chown -h 7:7 owned; stat -c '%u %g' owned
mkdir -p ctree/sub; touch ctree/sub/f; chown -R 99:99 ctree; stat -c '%n %u %g' ctree ctree/sub ctree/sub/f
chmod 4755 owned; chown 1:1 owned; stat -c '%a' owned

section chroot
mkdir -p jail/bin
cp "$(which busybox)" jail/bin/busybox
chroot jail /bin/busybox sh -c 'echo "in the jail: $(/bin/busybox pwd)"; /bin/busybox ls /'
chroot nowhere /bin/busybox true 2>&1; echo "chroot status $?"

section namespaces
unshare -u sh -c 'hostname sirius-test; hostname' 2>&1
[ "$(hostname)" != sirius-test ] && echo "the host name outside is unchanged"
unshare -p -f sh -c 'echo "pid in a new pid namespace: $$"' 2>&1

section no-new-privs
setpriv --nnp sh -c 'echo "running with no_new_privs"'
echo done
