# Text applets: the data is made here, so the output is fixed.
# Needs: files, pipes and fork/exec only.
section() { echo "== $1"; }

cat >fruits <<'EOF'
banana 3 yellow
apple 10 red
cherry 7 red
apple 2 green
date 5 brown
banana 1 green
EOF

section echo-printf
echo plain words
echo -n no-newline; echo
echo -e 'tab\there\\n'
printf '%s|%5d|%-4s|%x|%o|%c|%%\n' str 42 ab 255 8 z
printf '%.3f %e\n' 3.14159 12345.678
printf '%s\n' one two three

section cat
cat fruits | cat -n | head -3
printf 'a\tb\n' | cat -A 2>&1 || printf 'a\tb\n' | cat -v

section grep
grep apple fruits
grep -c red fruits
grep -v -i APPLE fruits
grep -n -E '^(b|c)' fruits
grep -o '[0-9][0-9]*' fruits | tr '\n' ' '; echo
grep -w date fruits; grep -q nomatch fruits; echo "grep -q status $?"
grep -F -x 'date 5 brown' fruits
grep -l apple fruits
egrep 'cherry|date' fruits; fgrep 'a 1' fruits

section sed
sed 's/apple/APPLE/' fruits | head -2
sed -n '2,4p' fruits
sed -e '/green/d' -e 's/ [0-9]* / N /' fruits
sed '1i\
header' fruits | head -2
sed -E 's/([a-z]+) ([0-9]+)/\2:\1/g' fruits
printf 'x\ny\nz\n' | sed -n '$='
cp fruits edited; sed -i 's/red/RED/g' edited; grep -c RED edited
echo hello | sed 'y/hel/HEL/'

section awk
awk '{ sum += $2 } END { print "sum", sum, "rows", NR }' fruits
awk '$3 == "red" { print $1 }' fruits
awk -F' ' '{ count[$1]++ } END { n = 0; for (k in count) n++; print n " kinds" }' fruits
awk 'BEGIN { printf "%05.1f|%s|%d\n", 3.14159, toupper("abc"), length("hello") }'
awk 'BEGIN { split("a:b:c", p, ":"); print p[3] p[2] p[1]; print substr("abcdef", 2, 3), index("abc", "c") }'
echo "3 4" | awk '{ print $1 * $2, $1 / $2, $1 % $2 }'
awk 'NR % 2 == 0' fruits
seq 1 5 | awk '{ s = s $0 } END { print s }'
awk 'BEGIN { x = sprintf("%c%c", 72, 105); gsub(/i/, "I", x); print x }'

section sort-uniq
sort fruits
sort -k2,2n fruits
sort -k2,2nr fruits | head -2
sort -t' ' -k3,3 -k1,1 fruits
cut -d' ' -f1 fruits | sort | uniq -c
cut -d' ' -f1 fruits | sort | uniq -d
cut -d' ' -f1 fruits | sort -u
cut -d' ' -f1 fruits | sort | uniq -u
printf '10\n9\n100\n1e1\n' | sort -n
printf 'b\na\nB\nA\n' | sort -f
printf '3\n1\n2\n' | sort -r
printf 'a\nb\n' | sort -c && echo sorted

section wc-head-tail
wc fruits
wc -l <fruits; wc -w <fruits; wc -c <fruits
head -n 2 fruits; head -c 10 fruits; echo
tail -n 2 fruits; tail -n +5 fruits; tail -c 6 fruits
seq 1 100 | head -n -97
seq 1 100 | tail -3

section tr-cut
echo 'Hello, World' | tr a-z A-Z
echo 'Hello, World' | tr -d lo
echo 'aaabbbccc' | tr -s abc
echo 'abc123' | tr -cd 0-9; echo
echo 'a:b:c:d' | cut -d: -f2,4
echo 'abcdefgh' | cut -c 2-4,7
echo 'one two' | cut -d' ' -f2-

section rev-fold-nl-paste-tac
echo 'stressed desserts' | rev
echo 'the quick brown fox jumps over the lazy dog' | fold -w 10
echo 'the quick brown fox jumps over the lazy dog' | fold -s -w 12
nl fruits | head -2
printf 'a\n\nb\n' | nl -b a
seq 1 3 >left; seq 4 6 >right
paste left right; paste -d, left right; paste -s left
tac fruits | head -2
printf 'x\ty\n' | expand -t 4 | od -c | head -1
printf '        x\n' | unexpand -a | od -c | head -1

section seq-yes
seq 3; seq 2 2 10; seq 5 -1 3; seq -s, 1 4; seq -w 8 10
yes | head -3
yes hello | head -n 2

section od-hexdump-base64
printf 'ABC\001\377' | od -c
printf 'ABCDEFGH' | od -An -tx1
printf 'ABCDEFGH' | od -tx2
printf 'hello, world\n' | hexdump -C
printf 'hello' | xxd
echo 'Sirius is a kernel' | base64
echo 'U2lyaXVzIGlzIGEga2VybmVsCg==' | base64 -d
printf 'abc' | uuencode -m name | head -2

section checksums
printf 'abc' | md5sum
printf 'abc' | sha1sum
printf 'abc' | sha256sum
printf 'abc' | sha512sum | cut -c 1-32
printf 'abc' | sha3sum | cut -c 1-32

printf 'abc' | crc32 2>&1
md5sum fruits >sums; md5sum -c sums

section cmp-diff
seq 1 5 >a; seq 1 5 | sed 's/3/three/' >b
cmp a a && echo same
cmp a b; echo "cmp status $?"
cmp -l a b >cmpout 2>&1; cat cmpout
diff a b; echo "diff status $?"
diff -u a b | tail -n +3
diff a a && echo no-diff

section expr-test-factor-bc
expr 6 \* 7; expr 17 / 5; expr 17 % 5; expr length hello; expr substr hello 2 3
expr index hello l; expr match abc123 'abc\([0-9]*\)'; expr 3 \< 10; expr a = b
factor 12 97 360 1001
echo '2^20; 7/2; scale=3; 22/7' | bc
echo '3 4 + 5 * p' | dc
test 1 -lt 2 && echo lt; test abc = abc && echo eq; [ -z "" ] && echo empty
[ 5 -ge 5 ] && [ ! 5 -gt 5 ] && echo ge
[ -n x -a -z "" ] && echo and; [ a = b -o 1 = 1 ] && echo or
[[ abc == a* ]] && echo glob

section basename-dirname
basename /a/b/c.txt; basename /a/b/c.txt .txt; basename /
dirname /a/b/c.txt; dirname c.txt; dirname /

section xargs-tee
seq 1 7 | xargs echo
seq 1 7 | xargs -n 3 echo
printf 'a b\nc\n' | xargs -I{} echo '<{}>'
printf 'x\0y\0' | xargs -0 echo
echo teed | tee out1 out2 | tr a-z A-Z
cat out1 out2
echo more | tee -a out1 >"$HOME/teeout"; cat out1 teeout

section more-text
printf 'b\nA\na\nB\n' | sort -f -u
printf 'x 2\ny 10\nz 1\n' | sort -k2n -o sorted; cat sorted
printf 'one\nTWO\ntwo\n' | uniq -i -c
printf 'a\tb\tc\n' | cut -f 2
printf 'abcdef\n' | cut -b 1,3-4
printf 'aaa\nbbbbb\nc\n' | wc -L
printf '%b\n' 'tab\tand\\backslash'
printf 'line1\nline2\n' | awk '{ while ((getline next_line) > 0) print "got", next_line; print "first", $0 }'
awk 'BEGIN { "echo from-cmd" | getline v; print v; system("echo via-system"); exit 3 }'; echo "awk exit $?"
awk 'BEGIN { printf "%s %s\n", ARGV[1], ARGC }' arg1
echo 'a.b.c' | awk -F. -v OFS=- '{ $1 = $1; print }'
printf '1\n2\n3\n' | sed -n '2{p;q}'
printf 'a\nb\nc\n' | sed '$!N;s/\n/+/'
printf 'hello world\n' | sed 's/\(hello\) \(world\)/\2 \1/'
printf 'x1\nx2\n' | sed -e 's/x/y/w written' >unused; cat written
printf 'one\ntwo\n' | grep -e one -e two -c
seq 1 9 | grep -A1 -B1 5; seq 1 20 | grep -m 2 1; seq 1 9 | grep -C1 -n 9
printf 'a\nb\n' | xargs -r -n1 -P2 echo | sort
printf '' | xargs -r echo should-not-run; echo "xargs -r: $?"
echo 'obase=16; 255' | bc
printf '%d %i %u\n' 0x1f 010 -1 2>&1
od -d -N 4 sorted | head -1
hexdump -e '4/1 "%02x " "\n"' -n 8 sorted

section strings-misc
printf 'ab\001hello world\002xy\n' | strings
printf 'one\r\ntwo\r\n' | dos2unix | od -c | head -1
printf 'one\ntwo\n' | unix2dos | od -c | head -1
printf 'c\nb\na\n' | shuf | sort
echo 'hello' | ts '%%' 2>&1 | sed 's/^[^ ]* //'
ascii | head -3 2>&1
cal 2 2024
echo done
