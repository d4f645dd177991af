#!/usr/bin/env bash
# The remote tier on the bundled matrix against a loopback nginx (WebDAV PUT), for BENCHMARKS.md:
# a cold compile that uploads every entry, then new processes with empty local caches that take
# every unit from the server; then the client's upload and download rates. Run after
# mvn -DskipTests package test-compile; needs nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/data/cache" "$work/tmp"
cat > "$work/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/nginx.pid; error_log $work/error.log warn;
events { worker_connections 64; }
http { access_log off; client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi; uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  client_max_body_size 1g;
  server { listen 127.0.0.1:$port; root $work/data;
    location /cache/ { dav_methods PUT; create_full_put_path on; dav_access user:rw; } } }
CONF
nginx -p "$work" -c "$work/nginx.conf" & pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
url="http://127.0.0.1:$port/cache/"
t() { local s e; s=$(date +%s%N); "$@" > "$work/out.txt" 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
{
  echo "# bench/remote_cache.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "cold compile with uploads, ms: $(JITGUARD_CACHE_DIR=$work/c0 t target/jitguard compile --remote-cache "$url" --out "$work/o0")"
  tail -2 "$work/out.txt" | head -1
  echo "server: $(find "$work/data/cache" -type f | wc -l) entries, $(du -sb "$work/data/cache" | cut -f1) bytes"
  a=()
  for i in 1 2 3 4 5; do a+=("$(JITGUARD_CACHE_DIR=$work/c$i t target/jitguard compile --remote-cache "$url" --out "$work/o$i")"); done
  echo "empty local cache, every unit from the server, ms: ${a[*]}"
  tail -2 "$work/out.txt" | head -1
  w=()
  for i in 1 2 3 4 5; do w+=("$(JITGUARD_CACHE_DIR=$work/c1 t target/jitguard compile --remote-cache "$url" --out "$work/o1")"); done
  echo "then warm locally (the same local cache again), ms: ${w[*]}"
  mvn -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" > /dev/null
  cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"
  for size in "1000 0" "200 1" "20 16"; do # entries of ~0, 1 and 16 MiB (an empty CUBIN still has its header)
    set -- $size
    java -cp "$cp" io.jitguard.cache.RemoteCacheBenchmark "${url}rates-$2/" "$1" "$2"
  done
} | tee bench/results/remote-cache.txt
