#!/bin/sh
# kiln test STAND-IN for PTOAS's ptoas. It is NOT ptoas and translates
# nothing: the tests copy it as `ptoas` into a fake tree to check the
# command-line contract of kiln's PtoasDriver, and nothing else.
#   --version   a version line that says it is a stand-in
#   a run       checks argv against the contract (exit 2 on a breach), then:
#               for each "STANDIN-ERROR: msg" in kernel.pto prints an
#               MLIR-style error (and a note) at that line; otherwise writes
#               a kernel.cpp whose text says it is stand-in output.
case "$1" in
  --version) echo "kiln test stand-in for ptoas (not PTOAS, translates nothing), version 0.26-standin"; exit 0 ;;
esac

breach() { echo "ptoas-standin: error: contract breach: $*" >&2; exit 2; }

[ "$#" = 6 ] || breach "$# arguments, not 6"
[ "$1 $2 $3" = "kernel.pto -o kernel.cpp" ] || breach "the command line starts '$1 $2 $3'"
case "$4" in --pto-arch=a3|--pto-arch=a5) ;; *) breach "'$4' is not --pto-arch=a3|a5" ;; esac
case "$5" in --pto-level=level2|--pto-level=level3) ;; *) breach "'$5' is not --pto-level=level2|level3" ;; esac
[ "$6" = "--enable-insert-sync" ] || breach "'$6' is not --enable-insert-sync"
[ -f kernel.pto ] || breach "no kernel.pto in the work dir"

awk '
  { e = index($0, "STANDIN-ERROR: ") }
  e { printf "kernel.pto:%d:%d: error: %s\n", NR, e, substr($0, e + 15)
      printf "kernel.pto:%d:%d: note: see current operation: (stand-in)\n", NR, e; errors++ }
  END { if (errors) exit 1 }' kernel.pto >&2 || exit 1
{
  echo "// KILN TEST STAND-IN OUTPUT: not ptoas C++; no ptoas ran"
  echo "// argv: $0 $*"
} > kernel.cpp
exit 0
