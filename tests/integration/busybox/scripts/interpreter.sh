# Scripts run directly by execve through their #! line, and what the
# shell does when execve refuses a file. Needs: #! scripts in execve.
section() { echo "== $1"; }

section shebang
bb=$(which busybox)
printf '#!%s sh\necho "run by #!: $# args: $*"\n' "$bb" >script
chmod +x script
./script one two
printf '#!/nonexistent/interpreter\necho no\n' >bad; chmod +x bad
./bad 2>&1 | sed 's|^.*bad: |bad: |'
printf 'echo "no #! line: the shell runs it"\n' >nohash; chmod +x nohash
./nohash
find . -name script -exec ./script found {} \;
env ./script via env
echo done
