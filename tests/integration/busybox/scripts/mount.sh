# Mounts and file system statistics: mount(2), umount2(2), statfs(2) and
# /proc/mounts. Figures that depend on the machine (sizes, free blocks)
# are checked for their form. Needs: mount(2), statfs(2), procfs.
# Run as root (mount needs CAP_SYS_ADMIN): the test is skipped otherwise.
section() { echo "== $1"; }

if [ "$(id -u)" != 0 ]; then
  echo "not root: mount.sh checks nothing"; echo done; exit 0
fi

section mount-tmpfs
mkdir mnt
mount -t tmpfs -o size=1m scratch mnt && echo mounted
echo inside >mnt/file; cat mnt/file
grep -c " $HOME/mnt tmpfs " /proc/mounts
mount | grep -c scratch
stat -f -c '%T' mnt
df -k mnt | awk 'NR == 2 { print $1, ($2 > 0) ? "size>0" : "size=0" }'
df mnt | head -1 | tr -s ' '
umount mnt && echo unmounted
[ -e mnt/file ] || echo "the file went with the mount"
umount mnt 2>&1; echo "second umount: $?"

section statfs
# The ID (f_fsid) is random per tmpfs instance on Linux 6.7 and later.
stat -f . | sed -E 's/ID: [0-9a-f]+ */ID: X /; s/[0-9]+/N/g' | head -2
df -h . | head -1 | tr -s ' '
echo done
