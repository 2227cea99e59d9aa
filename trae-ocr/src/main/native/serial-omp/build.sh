#!/bin/sh
# Builds the serial OpenMP stand-ins for linux-x86-64 (gcc, glibc 2.34 or later) into the module's resources.
set -e
cd "$(dirname "$0")"
out=../../resources/dev/trae/ocr/native/linux-x86-64/libtrae-serial-omp.so
gcc -O2 -fPIC -shared -Wl,--version-script=serial_omp.map -Wl,-soname,libtrae-serial-omp.so -Wl,--build-id=none \
    -o "$out" serial_omp.c
strip --strip-unneeded "$out"
