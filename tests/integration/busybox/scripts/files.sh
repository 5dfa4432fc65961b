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

section more-files
mkdir -p m/d1 m/d2; printf 'abc' >m/f1; printf 'abcdef' >m/f2; printf 'a' >m/f3
ls -S m | tr '\n' ' '; echo
touch -d '2001-01-01 00:00:00' m/f1; touch -d '2002-01-01 00:00:00' m/f2; touch -d '2003-01-01 00:00:00' m/f3
ls -t m | tr '\n' ' '; echo
ls -tr m/f* | tr '\n' ' '; echo
touch -a -d '2010-01-01 00:00:00' m/f1; stat -c '%X %Y' m/f1
cp -a m m2; stat -c '%n %Y %a' m2/f1 m2/f3; diff -r m m2 && echo "cp -a copies"
mv m2/f1 m/d1/; mv m/d1/f1 m/d2/moved; ls m/d1 m/d2
ln m/f2 m/d1/hard; stat -c '%h' m/f2; rm m/f2; stat -c '%h %s' m/d1/hard
find m -perm 644 -type f | sort
find m -size +2c -type f | sort
find m -type f -exec ls {} + | sort
find m -name 'f*' -o -name 'moved' | sort
find m -depth -type d | tail -1
find m -type d -name d2 -prune -o -type f -print | sort
printf 'x' | dd of=m/f3 bs=1 seek=3 conv=notrunc status=none; od -c m/f3 | head -1
truncate -s 4 m/d1/hard; cat m/d1/hard; echo
head -c -2 m/d1/hard; echo; tail -c +2 m/d1/hard; echo
chmod -R a+X m; ls -ld m/d1 | cut -c 1-10; ls -l m/f3 | cut -c 1-10
chmod g+s,o+t m/d2; ls -ld m/d2 | cut -c 1-10
umask 027; mkdir m/masked; touch m/masked/f; ls -ld m/masked m/masked/f | cut -c 1-10; umask 022
rm -r m/d2; rmdir -p m/masked 2>&1 | sed 's/.*: //'; ls m
mkdir -p deep/a/b/c; rmdir -p deep/a/b/c && [ ! -e deep ] && echo "rmdir -p removed the chain"
ln -s ../t sub_link 2>&1; mkdir sub; ln -s ../t sub/rel; cat sub/rel
readlink -f sub/rel | sed "s|$HOME|~|"
cd sub; pwd -P | sed "s|$HOME|~|"; cd ..
ln -s sub lnsub; cd lnsub; pwd | sed "s|$HOME|~|"; pwd -P | sed "s|$HOME|~|"; cd ..

section mktemp-misc
f=$(mktemp "$HOME/file.XXXXXX"); [ -f "$f" ] && echo mktemp file
d=$(mktemp -d -p "$HOME"); [ -d "$d" ] && echo mktemp dir
pwd | sed "s|$HOME|~|"; cd tree/x; pwd | sed "s|$HOME|~|"; cd - | sed "s|$HOME|~|"; cd "$HOME"
echo "HOME is the work directory: $([ "$HOME" = "$PWD" ] && echo yes)"
sync; echo synced
echo done
