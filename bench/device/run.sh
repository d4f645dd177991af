#!/bin/sh
# Runs jitguard on the device machine with the carried runtime and jars (no Maven there), as the
# launcher that mvn package writes runs it: the same JVM options and a class-data archive per command.
here=$(cd "$(dirname "$0")" && pwd)
cp=$(ls "$here"/lib/*.jar | tr '\n' ':')
java="$here/jre/bin/java"
# a jlink'd runtime has no default class-data archive (a JDK ships one): made once, in about a second
if [ ! -f "$here/jre/lib/server/classes.jsa" ]; then "$java" -Xshare:dump -Xlog:disable > /dev/null 2>&1; fi
opts=${JITGUARD_JAVA_OPTS--XX:+UseSerialGC -XX:TieredStopAtLevel=1}
cds=
tmp=
case "$1" in
  check|compile|cache|targets|doctor|run-mla)
    if [ "${JITGUARD_CDS-1}" != 0 ]; then
      archive="$here/.jitguard-$1.jsa"
      if [ -f "$archive" ]; then
        cds="-XX:SharedArchiveFile=$archive -Xlog:disable -Djitguard.cds=$archive"
      else
        tmp="$archive.$$"
        cds="-XX:ArchiveClassesAtExit=$tmp -Xlog:disable"
      fi
    fi
    ;;
esac
if [ -z "$tmp" ]; then
  exec "$java" $opts $cds -cp "$cp" io.jitguard.cli.Main "$@"
fi
"$java" $opts $cds -cp "$cp" io.jitguard.cli.Main "$@"
rc=$?
if [ -s "$tmp" ]; then mv -f "$tmp" "$archive" 2>/dev/null; fi
rm -f "$tmp"
exit $rc
