#!/usr/bin/env bash
# Builds .device/: what the device machine needs to run jitguard (it has no Java and no Maven):
# a jlink'd Java runtime (34 MB), the jars jitguard runs on (not the 340 MB CUDA redistributable:
# the device uses its own NVRTC 13.0), the test classes and JUnit's console launcher for the GPU
# tests, and the scripts beside this one. Then: device run, carry [".device"], command .device/gpu.sh
# With the argument 'fuzz': also Jazzer and the modules its agent needs, for .device/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzz=${1:-}
mvn -q -DskipTests package test-compile
mvn -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
mkdir -p .git/info
grep -qs '^/.device/' .git/info/exclude || echo '/.device/' >> .git/info/exclude
rm -rf .device && mkdir -p .device/lib .device/junit
modules=java.base,java.logging,jdk.unsupported
[ "$fuzz" = fuzz ] && modules=$modules,java.instrument,jdk.attach,java.management
jlink --add-modules $modules --output .device/jre --strip-debug --no-header-files \
  --no-man-pages --compress=2
# the launcher's classpath, less the CUDA redistributable and annotation-only jars
grep -o '/[^:"]*\.jar' target/jitguard | grep -vE 'cuda-redist|error_prone|j2objc|jspecify|listenablefuture' \
  | while read -r jar; do if [ -f "$jar" ]; then cp "$jar" .device/lib/; fi; done
cp target/jitguard-*.jar .device/lib/
if [ "$fuzz" = fuzz ]; then # Jazzer and what jazzer-junit needs beside the console launcher's JUnit
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  tr ':' '\n' < target/test-classpath.txt | grep -E 'code-intelligence' | while read -r jar; do cp "$jar" .device/lib/; done
  rm .device/lib/cuda-*.jar .device/lib/javacpp-*.jar # the fuzzed readers do not compile: room under the 64 MiB
fi
cp -r target/test-classes .device/test-classes
# test resources travel with the working tree; the copies Maven made are not needed
rm -rf .device/test-classes/{manifests,check,nvrtc,pp}
cp ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.14.1/*.jar .device/junit/
cp bench/device/*.sh .device/
du -sh .device
