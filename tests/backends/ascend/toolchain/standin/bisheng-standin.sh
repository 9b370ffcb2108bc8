#!/bin/sh
# kiln test STAND-IN for CANN's bisheng. It is NOT a compiler and compiles
# nothing: the tests copy it as `bisheng` into a fake CANN tree to check the
# command-line contract of kiln's BishengDriver, and nothing else.
#   --version        a version line that says it is a stand-in (or the text
#                    of standin-version.txt beside it, to play another tool)
#   -print-targets   lists hiipu64, unless standin-no-hiipu64 is beside it
#   a compile        checks argv against the contract (exit 2 on a breach),
#                    then: for each "STANDIN-ERROR: msg" / "STANDIN-WARNING:
#                    msg" in kernel.cpp prints a clang-style diagnostic at
#                    that line; "STANDIN-HANG" sleeps; otherwise writes a
#                    kernel.o whose bytes say it is stand-in output.
here=$(dirname "$0")
case "$1" in
  --version)
    if [ -f "$here/standin-version.txt" ]; then cat "$here/standin-version.txt"
    else echo "kiln test stand-in for bisheng (not CANN, compiles nothing), clang version 15.0.5-standin"; fi
    exit 0 ;;
  -print-targets)
    echo "  Registered Targets:"
    if [ -f "$here/standin-no-hiipu64" ]; then echo "    aarch64    - AArch64 (little endian)"
    else echo "    hiipu64    - kiln stand-in's claim of the Ascend AI core target"; fi
    exit 0 ;;
esac

all="$*"
breach() { echo "bisheng-standin: error: contract breach: $*" >&2; exit 2; }

[ "$1" = "-xcce" ] || breach "the first argument is '$1', not -xcce"
arch=0; only=0; opt=0; std=0; prev=
for a in "$@"; do
  case "$a" in *[\ \;\|\&\$\`\'\"]*) breach "argument '$a' has a shell or space character" ;; esac
  if [ "$prev" = "-mllvm" ]; then
    case "$a" in -cce-*) ;; *) breach "-mllvm followed by '$a'" ;; esac
    prev=; continue
  fi
  case "$a" in
    -xcce|-c|-o|kernel.cpp|kernel.o|-mllvm) ;;
    --cce-aicore-arch=dav-*|--npu-arch=dav-*) arch=$((arch + 1)) ;;
    --cce-aicore-only) only=1 ;;
    -O2) opt=1 ;;
    -std=c++17) std=1 ;;
    -D*|--cce-*) ;;
    -I/*) [ -d "${a#-I}" ] || breach "include dir ${a#-I} is not visible here" ;;
    *) breach "unexpected argument '$a'" ;;
  esac
  prev=$a
done
[ "$arch" = 1 ] || breach "$arch arch flags, not exactly one"
[ "$only" = 1 ] && [ "$opt" = 1 ] && [ "$std" = 1 ] || breach "missing --cce-aicore-only, -O2 or -std=c++17"
shift $(($# - 4))
[ "$1 $2 $3 $4" = "-c kernel.cpp -o kernel.o" ] || breach "the command line ends '$1 $2 $3 $4'"
[ -f kernel.cpp ] || breach "no kernel.cpp in the work dir"

if grep -q STANDIN-HANG kernel.cpp; then sleep 60; fi
awk '
  { e = index($0, "STANDIN-ERROR: "); w = index($0, "STANDIN-WARNING: ") }
  e { caret = ""; for (i = 1; i < e; i++) caret = caret " "
      printf "kernel.cpp:%d:%d: error: %s\n%s\n%s^\n", NR, e, substr($0, e + 15), $0, caret; errors++ }
  w { printf "kernel.cpp:%d:%d: warning: %s\n", NR, w, substr($0, w + 17); warnings++ }
  END {
    if (errors) { printf "%d error%s generated.\n", errors, errors > 1 ? "s" : ""; exit 1 }
    if (warnings) printf "%d warning%s generated.\n", warnings, warnings > 1 ? "s" : ""
  }' kernel.cpp >&2 || exit 1
{
  echo "KILN TEST STAND-IN OUTPUT: not a device object; no bisheng ran"
  echo "argv: $0 $all"
} > kernel.o
exit 0
