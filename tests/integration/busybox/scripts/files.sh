# File and directory applets on the tmpfs work directory. Times are
# masked: ls -l's date column and stat's times are replaced.
# Needs: the file syscalls only.
section() { echo "== $1"; }
# ls -l without its date and time (columns 6-8).
lsl() { ls -l "$@" | sed -E 's/^(\S+\s+\S+\s+\S+\s+\S+\s+\S+) \S+\s+\S+\s+\S+ /\1 DATE /'; }

section mkdir-touch-ls
mkdir -p a/b/c d
touch a/file1 a/b/file2
echo hello >a/b/c/file3
ls
ls -a a
ls -R a
ls -1 a/b
lsl a/b/c
ls -ld a | cut -c 1-10
ls -F a
mkdir a 2>&1; echo "mkdir existing: $?"
mkdir -m 700 private; ls -ld private | cut -c 1-10
rmdir d && echo rmdir ok
rmdir a 2>&1; echo "rmdir nonempty: $?"

section cp-mv-rm
cp a/b/c/file3 copy
cat copy
cp -r a acopy; ls -R acopy
cp -p copy copy_p; cmp copy copy_p && echo same
mv copy moved; ls moved copy 2>&1
mv acopy/b acopy/bee; ls acopy
cp copy_p a/ && ls a
rm -r acopy; ls
rm moved; rm -f nonexistent; echo "rm -f: $?"
rm nonexistent 2>&1; echo "rm: $?"
rm -rf a/b; ls a

section ln-readlink-realpath
echo target >t
ln -s t sym; ln t hard
cat sym hard
readlink sym
lsl sym | sed 's/ -> / => /'
ls -l hard t | awk '{ print $2, $NF }'
ln -s nowhere dangling; cat dangling 2>&1; readlink dangling
mkdir -p r/s; ln -s r/s rs
realpath rs | sed "s|$HOME|~|"
readlink -f rs/../t | sed "s|$HOME|~|"
ln -sf t sym2; readlink sym2
ln -s sym loop1 2>&1; ln -sf loop2 loop2; cat loop2 2>&1
link t hard2; unlink hard2; ls hard2 2>&1

section find
mkdir -p tree/x/y tree/z
touch tree/x/one.txt tree/x/y/two.txt tree/z/three.log tree/top.txt
find tree | sort
find tree -name '*.txt' | sort
find tree -type d | sort
find tree -type f -name 't*' | sort
find tree -maxdepth 1 | sort
find tree -mindepth 2 -type f | sort
find tree -name '*.log' -exec echo found {} \;
find tree -type f -exec basename {} \; | sort
find tree -newer tree/top.txt -type f | wc -l
find tree -path '*x/y*' | sort
find tree -empty -type f | sort | head -2
find tree -type f | xargs wc -c | sort

section chmod-stat
echo data >perm
chmod 640 perm; ls -l perm | cut -c 1-10
chmod u+x,g-r perm; ls -l perm | cut -c 1-10
chmod a=r perm; ls -l perm | cut -c 1-10
chmod -R go-rwx tree; ls -ld tree tree/x | cut -c 1-10
chmod 4755 perm; stat -c '%a %A' perm
stat -c '%n %s %F %a %h' perm tree sym
stat -c '%u %g %U %G' perm
stat perm | sed -E 's/(Access|Modify|Change|Birth): .*/\1: TIME/; s/Inode: [0-9]+ */Inode: N /; s/Device: \S+/Device: D/'
stat -L -c %F sym; stat -c %F sym
touch -d '2001-02-03 04:05:06' old; stat -c '%y %Y' old
touch -t 202001020304.05 old2; date -r old2 '+%F %T'
touch -r old copied_time; stat -c %Y copied_time
[ old -ot perm ] && echo older
[ -f perm -a -d tree -a -L sym -a -e t -a ! -e missing ] && echo tests
[ -r perm ] && echo readable; [ -x tree ] && echo searchable
[ -s perm ] && [ ! -s tree/top.txt ] && echo sizes

section dd-truncate
dd if=perm of=perm.copy 2>&1; cat perm.copy
seq 1 1000 >numbers
dd if=numbers of=part bs=10 count=3 skip=2 2>&1 | head -2; cat part; echo
dd if=numbers bs=100 count=2 status=none | wc -c
printf 'abc' | dd of=padded bs=1 seek=4 2>&1 | tail -1; od -c padded
truncate -s 10 numbers; wc -c numbers; cat numbers
truncate -s 100K big; ls -l big | awk '{ print $5 }'

section du-sizes
mkdir -p dutree/sub
printf '%04000d' 0 >dutree/f1; printf '%010000d' 0 >dutree/sub/f2
du -s -k dutree | sed "s|$HOME|~|"
du -a dutree | sort -k2
du -b dutree/f1 2>&1

section mktemp-misc
f=$(mktemp "$HOME/file.XXXXXX"); [ -f "$f" ] && echo mktemp file
d=$(mktemp -d -p "$HOME"); [ -d "$d" ] && echo mktemp dir
pwd | sed "s|$HOME|~|"; cd tree/x; pwd | sed "s|$HOME|~|"; cd - | sed "s|$HOME|~|"; cd "$HOME"
echo "HOME is the work directory: $([ "$HOME" = "$PWD" ] && echo yes)"
sync; echo synced
echo done
