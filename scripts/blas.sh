# Sourced by ./cgm4j (bash): chooses the BLAS library and the thread counts of a cgm4j JVM, exports
# the environment variables, puts the JVM options into the array cgm4j_blas_opts and prints one line
# to standard error saying which BLAS runs and why. Its workers (sweeps, bench cases) inherit both.
#
#   CGM4J_BLAS=auto        (default) the system's OpenBLAS where Debian's libopenblas0-pthread is
#                          installed (it picks its kernels for this CPU), else ND4J's bundled 0.3.19
#   CGM4J_BLAS=system      the system's OpenBLAS, an error without it
#   CGM4J_BLAS=bundled     ND4J's bundled OpenBLAS 0.3.19
#   CGM4J_OPENBLAS_DIR     the folder of the system's libopenblas.so.0
#                          (default /usr/lib/<arch>-linux-gnu/openblas-pthread)
#   CGM4J_BLAS_THREADS=N   OpenBLAS threads for a matrix product (N or 'all'; default: scripts/threads.tsv)
#   OMP_NUM_THREADS=N      libnd4j's OpenMP threads for its other ops (default: scripts/threads.tsv)
#   CGM4J_PLAN_THREADS=N   threads a compiled training or evaluation plan runs its independent ops on
#                          (N or 'all'; default: scripts/threads.tsv; sweep workers divide the cores)
#
# The environment's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines because older
# OpenBLAS builds crash or compute wrong results on their CPUs) are removed for the system library
# only: it knows the CPU; the bundled 0.3.19 keeps them.
# shellcheck shell=bash

cgm4j_blas_setup() {
  local here="$1" choice="${CGM4J_BLAS:-auto}" dir what cores row blas omp plan
  dir="${CGM4J_OPENBLAS_DIR:-/usr/lib/$(uname -m)-linux-gnu/openblas-pthread}"
  cgm4j_blas_opts=()
  case "$choice" in
    auto|system|bundled) ;;
    *) echo "cgm4j: CGM4J_BLAS=$choice: allowed values are auto, system, bundled" >&2; return 2 ;;
  esac
  if [ "$choice" != bundled ] && [ "$(uname -s)" = Linux ] && [ -r "$dir/libopenblas.so.0" ]; then
    unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
    # JavaCPP loads 'openblas' from java.library.path before its own copy; libnd4jcpu then binds
    # to the library already loaded under the soname libopenblas.so.0.
    cgm4j_blas_opts=(-Dorg.bytedeco.openblas.load=openblas -Dorg.bytedeco.javacpp.pathsFirst=true
      "-Djava.library.path=$dir" "-Dcgm4j.blas=system")
    what="system OpenBLAS from $dir (CGM4J_BLAS=$choice; it picks its own kernels, OPENBLAS_CORETYPE unset; CGM4J_BLAS=bundled for ND4J's own)"
  elif [ "$choice" = system ]; then
    echo "cgm4j: CGM4J_BLAS=system: no $dir/libopenblas.so.0 (apt-get install libopenblas0-pthread, or set CGM4J_OPENBLAS_DIR)" >&2
    return 2
  else
    cgm4j_blas_opts=("-Dcgm4j.blas=bundled")
    if [ "$choice" = bundled ]; then
      what="ND4J's bundled OpenBLAS 0.3.19 (CGM4J_BLAS=bundled)"
    else
      what="ND4J's bundled OpenBLAS 0.3.19 (no system OpenBLAS at $dir: apt-get install libopenblas0-pthread for kernels chosen for this CPU)"
    fi
  fi

  # Threads: the last row of scripts/threads.tsv whose core count this machine reaches, unless
  # CGM4J_BLAS_THREADS / OMP_NUM_THREADS / CGM4J_PLAN_THREADS say otherwise.
  cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 1)"
  row="$(awk -v n="$cores" '!/^#/ && NF >= 4 && $1 <= n { r = $2 " " $3 " " $4 } END { print r }' \
    "$here/scripts/threads.tsv" 2>/dev/null || true)"
  read -r blas omp plan <<< "$row"
  blas="${CGM4J_BLAS_THREADS:-$blas}"
  omp="${OMP_NUM_THREADS:-$omp}"
  plan="${CGM4J_PLAN_THREADS:-$plan}"
  [ "$blas" = all ] && blas="$cores"
  [ "$omp" = all ] && omp="$cores"
  [ "$plan" = all ] && plan="$cores"
  case "$blas" in ''|*[!0-9]*|0) echo "cgm4j: CGM4J_BLAS_THREADS=$blas: allowed values are a positive number or 'all'" >&2; return 2 ;; esac
  case "$omp" in ''|*[!0-9]*|0) echo "cgm4j: OMP_NUM_THREADS=$omp: allowed values are a positive number or 'all'" >&2; return 2 ;; esac
  case "$plan" in ''|*[!0-9]*|0) echo "cgm4j: CGM4J_PLAN_THREADS=$plan: allowed values are a positive number or 'all'" >&2; return 2 ;; esac
  export OMP_NUM_THREADS="$omp" CGM4J_PLAN_THREADS="$plan"
  # ND4J would set OpenBLAS's threads to OMP_NUM_THREADS; it leaves them to OPENBLAS_NUM_THREADS
  # with ND4J_SKIP_BLAS_THREADS set.
  export ND4J_SKIP_BLAS_THREADS=1 OPENBLAS_NUM_THREADS="$blas"
  echo "cgm4j: BLAS: $what; $blas BLAS thread(s), OMP_NUM_THREADS=$omp, $plan plan thread(s)" >&2
}
