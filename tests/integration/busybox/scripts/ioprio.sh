# I/O priorities through ionice. Needs: ioprio_get/ioprio_set.
section() { echo "== $1"; }

section ionice
ionice -c 3 true 2>&1; echo "ionice status $?"
ionice -p $$ 2>&1
ionice -c 2 -n 7 sh -c 'ionice -p $$' 2>&1
ionice -c 2 -n 9 true 2>&1 | head -1; echo "level 9: status $?"
echo done
