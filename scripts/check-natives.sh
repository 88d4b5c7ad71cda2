#!/usr/bin/env bash
# Checks that every native platform of the root pom resolves: for each one, Maven resolves module
# api's dependencies as that machine would (-Dcgm4j.native=P picks our profile, -Djavacpp.platform=P
# makes ND4J's own poms pick JavaCPP's and OpenBLAS's jars for P, as they do by themselves on such a
# machine), and the resolved nd4j-native and openblas jars must hold P's native libraries. Then a
# platform ND4J does not publish must stop the build with the enforcer's one-line message.
#
#   scripts/check-natives.sh                 # all platforms (downloads about 330 MB the first time)
#   scripts/check-natives.sh linux-arm64     # some of them
#   MVN_FLAGS=-o scripts/check-natives.sh    # offline, from the local repository only
#
# Honours MAVEN_OPTS (e.g. -Dmaven.repo.local=...). Exit code 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."

platforms=("$@")
if [ ${#platforms[@]} -eq 0 ]; then
  platforms=(linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64 windows-x86_64)
fi
# shellcheck disable=SC2206
flags=(-B -q ${MVN_FLAGS:-})
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

# Whether jar $1 holds a library of platform $2 called $3 (lib$3.so, lib$3.dylib, $3.dll, ...).
holds() {
  jar tf "$1" | grep -qE "/$2/(lib)?$3(\.so(\.[0-9]+)?|(\.[0-9]+)?\.dylib|\.dll)\$"
}

for p in "${platforms[@]}"; do
  cp_file="$work/$p.classpath"
  if ! mvn "${flags[@]}" -pl api -Dcgm4j.native="$p" -Djavacpp.platform="$p" validate dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" >"$work/$p.log" 2>&1; then
    echo "$p: FAILED to resolve; mvn said:"
    grep -E '^\[ERROR\]' "$work/$p.log" | head -5
    failed=1
    continue
  fi
  tr ':;' '\n\n' <"$cp_file" >"$work/$p.jars"
  nd4j="$(grep -E "/nd4j-native/[^/]+/nd4j-native-[^/]+-$p\.jar\$" "$work/$p.jars" || true)"
  blas="$(grep -E "/openblas/[^/]+/openblas-[^/]+-$p\.jar\$" "$work/$p.jars" || true)"
  javacpp="$(grep -E "/javacpp/[^/]+/javacpp-[^/]+-$p\.jar\$" "$work/$p.jars" || true)"
  problems=()
  [ -n "$nd4j" ] || problems+=("no nd4j-native jar for $p")
  [ -n "$blas" ] || problems+=("no openblas jar for $p")
  [ -n "$javacpp" ] || problems+=("no javacpp jar for $p")
  [ -z "$nd4j" ] || holds "$nd4j" "$p" nd4jcpu || problems+=("$(basename "$nd4j") lacks libnd4jcpu")
  [ -z "$blas" ] || holds "$blas" "$p" openblas || problems+=("$(basename "$blas") lacks libopenblas")
  if [ ${#problems[@]} -gt 0 ]; then
    echo "$p: FAILED: ${problems[*]}"
    failed=1
  else
    echo "$p: resolved $(basename "$nd4j"), $(basename "$blas"), $(basename "$javacpp")"
  fi
done

# A platform that is not published: one clear line from the enforcer, and a failed build.
if mvn "${flags[@]}" -o -pl api -Dcgm4j.native=linux-ppc64le validate >"$work/bad.log" 2>&1; then
  echo "linux-ppc64le: FAILED: the build accepted a platform that has no profile"
  failed=1
elif ! grep -q 'cgm4j.native=linux-ppc64le is not a platform' "$work/bad.log"; then
  echo "linux-ppc64le: FAILED: the build stopped without the enforcer's message:"
  grep -E '^\[ERROR\]' "$work/bad.log" | head -5
  failed=1
else
  echo "linux-ppc64le: refused, as it should be ($(grep -o 'cgm4j: -Dcgm4j.native=[^;]*' "$work/bad.log" | head -1))"
fi
exit $failed
