#!/bin/sh
# Runs jitguard on the device machine with the carried runtime and jars (no Maven there).
here=$(cd "$(dirname "$0")" && pwd)
cp=$(ls "$here"/lib/*.jar | tr '\n' ':')
exec "$here/jre/bin/java" -XX:+UseSerialGC -cp "$cp" io.jitguard.cli.Main "$@"
