#!/usr/bin/env bash
# Builds .device/: what the device machine needs to run jitguard (it has no Java and no Maven):
# a jlink'd Java runtime (34 MB), the jars jitguard runs on (not the 340 MB CUDA redistributable:
# the device uses its own NVRTC 13.0), the test classes and JUnit's console launcher for the GPU
# tests, and the scripts beside this one. Then: device run, carry [".device"], command .device/gpu.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -DskipTests package test-compile
mvn -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
grep -q '^/.device/' .git/info/exclude || echo '/.device/' >> .git/info/exclude
rm -rf .device && mkdir -p .device/lib .device/junit
jlink --add-modules java.base,java.logging,jdk.unsupported --output .device/jre --strip-debug --no-header-files \
  --no-man-pages --compress=2
# the launcher's classpath, less the CUDA redistributable and annotation-only jars
grep -o '/[^:"]*\.jar' target/jitguard | grep -vE 'cuda-redist|error_prone|j2objc|jspecify|listenablefuture' \
  | while read -r jar; do if [ -f "$jar" ]; then cp "$jar" .device/lib/; fi; done
cp target/jitguard-*.jar .device/lib/
cp -r target/test-classes .device/test-classes
# test resources travel with the working tree; the copies Maven made are not needed
rm -rf .device/test-classes/{manifests,check,nvrtc,pp}
cp ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.14.1/*.jar .device/junit/
cp bench/device/*.sh .device/
du -sh .device
