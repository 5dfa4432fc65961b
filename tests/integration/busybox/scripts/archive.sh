# Compressors and archivers: what they write must be byte-identical, so
# checksums of the archives are compared, and what comes back out.
# Timestamps inside archives come from files whose times are set here.
# Needs: the file syscalls, pipes, fork/exec.
section() { echo "== $1"; }

mkdir -p src/sub
seq 1 2000 >src/numbers
printf 'hello archive\n' >src/sub/hello
yes 'repetitive line' | head -n 500 >src/sub/repeat
ln -s sub/hello src/link
chmod 600 src/sub/hello
touch -d '2020-01-01 00:00:00' src/numbers src/sub/hello src/sub/repeat src/sub src/link src 2>&1
touch -h -d '2020-01-01 00:00:00' src/link 2>&1
find src -type f | sort | xargs md5sum | sort

section gzip
cp src/numbers n; gzip n; ls n*
gunzip n.gz; md5sum n
gzip -c -9 n | gunzip -c | md5sum
gzip -c n >n.gz; zcat n.gz | tail -1
gzip -c -1 src/sub/repeat | wc -c
echo notgzip | gunzip -c 2>&1; echo "gunzip status $?"
gzip -c n | md5sum

section bzip2-lzop
bzip2 -c n | md5sum
bzip2 -c n | bunzip2 -c | md5sum
bzip2 -c n >n.bz2; bzcat n.bz2 | head -2
lzop -c n >n.lzo && lzop -dc n.lzo | md5sum

section tar
tar -cf plain.tar src
tar -tf plain.tar | sort
tar -tvf plain.tar | awk '{ print $1, $2, $3, $NF }' | sort -k4
mkdir out; tar -xf plain.tar -C out; (cd out && find . -type f | sort | xargs md5sum | sort)
ls -l out/src/sub/hello | cut -c 1-10
tar -czf src.tgz src; tar -tzf src.tgz | sort | head -3
mkdir out2; tar -xzf src.tgz -C out2 && diff -r src out2/src && echo tgz round trip
tar -cjf src.tbz src && tar -tjf src.tbz | wc -l
tar -cf - src/numbers | tar -xOf - src/numbers | tail -1
tar -cf - -C src sub | tar -tf - | sort
(cd src && tar cf - .) | (mkdir out3 && cd out3 && tar xf - && ls -a)

section big-archive
seq 1 100000 >big; md5sum big
gzip -c big | gunzip -c | md5sum
bzip2 -c big | bzcat | md5sum
tar -czf big.tgz big && rm big && tar -xzf big.tgz && md5sum big
tar -cf - big | gzip -1 | gunzip | tar -xOf - big | wc -l

section cpio
find src | sort | cpio -o -H newc 2>&1 >src.cpio | sed 's/[0-9]* blocks/N blocks/'
cpio -t <src.cpio 2>&1 | sort
mkdir cpout; (cd cpout && cpio -id <../src.cpio 2>&1 | sed 's/[0-9]* blocks/N blocks/'); diff -r src cpout/src && echo cpio round trip

section uuencode
uuencode -m n n | uudecode -o n.back; cmp n n.back && echo uudecode ok
uuencode n n | head -1

section patch
seq 1 6 >orig; seq 1 6 | sed 's/4/four/' >new
diff -u orig new >change.diff
patch -p0 orig <change.diff 2>&1 | sed 's/^patching file .*/patching file orig/'
cmp orig new && echo patched
echo done
